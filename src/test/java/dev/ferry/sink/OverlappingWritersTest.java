package dev.ferry.sink;

import static dev.ferry.sink.SampleOrders.batch;
import static dev.ferry.sink.SampleOrders.line;
import static dev.ferry.sink.SampleOrders.map;
import static dev.ferry.sink.SampleOrders.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import dev.ferry.core.MappingResult;
import dev.ferry.engine.RunCounts;
import dev.ferry.testing.MongoTestSupport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Two runs writing the same orders at the same time, each with its own client. */
class OverlappingWritersTest {
  private MongoSettings settings;
  private MongoClient inspector;
  private MongoCollection<RawBsonDocument> orders;

  @BeforeEach
  void open() {
    settings =
        MongoSettings.of(MongoTestSupport.connectionString(), MongoTestSupport.freshDatabase());
    inspector = MongoTestSupport.client();
    orders =
        inspector.getDatabase(settings.database()).getCollection("orders", RawBsonDocument.class);
  }

  @AfterEach
  void close() {
    inspector.close();
  }

  @ParameterizedTest(name = "batches of {0}, inserts held until both have read: {1}")
  @CsvSource({"1000, true", "1000, false", "100, false", "100, false", "37, false"})
  void twoWritersStartedTogetherCreateNoDuplicatesAndInsertEachOrderExactlyOnce(
      int batchSize, boolean holdInserts) throws Exception {
    int n = 2000;
    List<MappingResult> all = batch(n);
    CyclicBarrier start = new CyclicBarrier(2);
    // With holdInserts, each writer's first insert waits until the other has read the same batch
    // too, so both find nothing and race on every insert: the duplicate-key path is certain.
    CyclicBarrier bothRead = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<RunCounts>> writers = new ArrayList<>();
      List<CommandLog> logs = new ArrayList<>();
      for (String runId : List.of("run-a", "run-b")) {
        CommandLog commands = new CommandLog();
        logs.add(commands);
        AtomicBoolean held = new AtomicBoolean(!holdInserts);
        commands.beforeEach(
            event -> {
              if (event.getCommandName().equals("insert") && held.compareAndSet(false, true)) {
                await(bothRead);
              }
            });
        writers.add(
            pool.submit(
                () -> {
                  try (MongoOrderSink sink = sinkWith(commands)) {
                    sink.documentCount(); // connect before the race starts
                    await(start);
                    RunCounts counts = RunCounts.ZERO;
                    for (int from = 0; from < n; from += batchSize) {
                      List<MappingResult> part = all.subList(from, Math.min(n, from + batchSize));
                      counts = counts.plus(sink.write(part, runId));
                    }
                    return counts;
                  }
                }));
      }
      RunCounts a = writers.get(0).get(60, TimeUnit.SECONDS);
      RunCounts b = writers.get(1).get(60, TimeUnit.SECONDS);

      assertThat(orders.countDocuments()).isEqualTo(n);
      assertThat(a.inserted() + b.inserted()).as("a=%s b=%s", a, b).isEqualTo(n);
      assertThat(a.total()).isEqualTo(n);
      assertThat(b.total()).isEqualTo(n);
      assertThat(a.updated() + b.updated()).isZero();
      assertThat(a.unchanged() + b.unchanged()).isEqualTo(n);
      if (holdInserts) {
        // Both sent inserts for the same first batch, yet every order was inserted once: the
        // loser's duplicate-key errors were counted as unchanged, not as inserted.
        assertThat(logs).allSatisfy(log -> assertThat(log.all()).contains("insert orders"));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the other writer did not arrive", e);
    }
  }

  @Test
  void anOrderInsertedByAnotherRunBetweenReadAndWriteCountsAsUnchanged() {
    List<MappingResult> three = batch(3);
    CommandLog commands = new CommandLog();
    AtomicBoolean raced = new AtomicBoolean();
    // The other run's insert lands just before ours reaches the server.
    commands.beforeEach(
        event -> {
          if (event.getCommandName().equals("insert") && raced.compareAndSet(false, true)) {
            orders.insertOne(expected(three.get(1)));
          }
        });
    try (MongoOrderSink sink = sinkWith(commands)) {
      RunCounts counts = sink.write(three, "run-a");

      assertThat(raced).isTrue();
      assertThat(counts).isEqualTo(new RunCounts(2, 0, 1, 0));
      assertThat(orders.countDocuments()).isEqualTo(3);
    }
  }

  @Test
  void aDifferentVersionInsertedByAnotherRunMeanwhileIsReplacedAndCountsAsUpdated() {
    List<MappingResult> three = batch(3);
    MappingResult older = map(order("order-00002", "pending", line("p-1", "1", "10.10", "Acme")));
    CommandLog commands = new CommandLog();
    AtomicBoolean raced = new AtomicBoolean();
    commands.beforeEach(
        event -> {
          if (event.getCommandName().equals("insert") && raced.compareAndSet(false, true)) {
            orders.insertOne(expected(older));
          }
        });
    try (MongoOrderSink sink = sinkWith(commands)) {
      RunCounts counts = sink.write(three, "run-a");

      assertThat(counts).isEqualTo(new RunCounts(2, 1, 0, 0));
      assertThat(sink.write(three, "run-b")).isEqualTo(new RunCounts(0, 0, 3, 0));
      assertThat(orders.countDocuments()).isEqualTo(3);
    }
  }

  private MongoOrderSink sinkWith(CommandLog commands) {
    return new MongoOrderSink(
        settings, builder -> builder.addCommandListener(commands), Clock.systemUTC());
  }

  private static RawBsonDocument expected(MappingResult result) {
    BsonDocument bson = OrderBsonMapper.toBson(((MappingResult.Accepted) result).document());
    return BsonDiff.raw(bson);
  }
}
