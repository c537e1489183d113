package dev.ferry.sink;

import static dev.ferry.sink.SampleOrders.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import dev.ferry.core.MappingResult;
import dev.ferry.engine.RunCounts;
import dev.ferry.testing.MongoJavaServerOnly;
import dev.ferry.testing.MongoTestSupport;
import java.time.Clock;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The quirks of mongo-java-server that shaped the sink, probed with the plain driver — so that a
 * new version that drops one shows up here — and what the sink does about each. They run only on
 * mongo-java-server (in-process, or in its own process through {@code FERRY_TEST_MONGO_URI}); on a
 * real MongoDB they are skipped with that reason.
 */
class MongoJavaServerQuirksTest {
  private final CommandLog commands = new CommandLog();
  private String database;
  private MongoClient client;
  private MongoCollection<BsonDocument> scratch;

  @BeforeEach
  void open() {
    database = MongoTestSupport.freshDatabase();
    client = MongoTestSupport.client();
    scratch = client.getDatabase(database).getCollection("scratch", BsonDocument.class);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  @MongoJavaServerOnly
  void replaceOneKeepsTheOldTopLevelFieldOrderAndCountsAnOrderOnlyChangeAsUnmodified() {
    scratch.insertOne(BsonDocument.parse("{_id: 1, a: 1, b: 'x'}"));

    long modified =
        scratch
            .replaceOne(Filters.eq("_id", 1), BsonDocument.parse("{_id: 1, b: 'x', a: 1}"))
            .getModifiedCount();

    assertThat(modified).isZero();
    assertThat(List.copyOf(scratch.find().first().keySet())).containsExactly("_id", "a", "b");
  }

  @Test
  @MongoJavaServerOnly
  void modifiedCountComparesLoosely() {
    scratch.insertOne(new BsonDocument("_id", new BsonInt32(1)).append("n", new BsonInt32(2)));

    long modified =
        scratch
            .replaceOne(
                Filters.eq("_id", 1),
                new BsonDocument("_id", new BsonInt32(1)).append("n", new BsonInt64(2)))
            .getModifiedCount();

    assertThat(modified).isZero();
    assertThat(scratch.find().first().get("n")).isEqualTo(new BsonInt64(2));
  }

  @Test
  @MongoJavaServerOnly
  void insertedCountIsOverReportedAfterADuplicateKeyInAnUnorderedInsert() {
    scratch.insertOne(new BsonDocument("_id", new BsonString("b")));
    List<BsonDocument> three =
        List.of(
            new BsonDocument("_id", new BsonString("a")),
            new BsonDocument("_id", new BsonString("b")),
            new BsonDocument("_id", new BsonString("c")));

    assertThatThrownBy(() -> scratch.insertMany(three, new InsertManyOptions().ordered(false)))
        .isInstanceOfSatisfying(
            MongoBulkWriteException.class,
            e -> {
              assertThat(e.getWriteErrors()).hasSize(1);
              assertThat(e.getWriteResult().getInsertedCount()).isEqualTo(3);
            });
    assertThat(scratch.countDocuments()).isEqualTo(3);
  }

  @Test
  @MongoJavaServerOnly
  void theSinkRewritesADocumentTheServerKeptInItsOldFieldOrderInTwoSteps() {
    MongoSettings settings = MongoSettings.of(MongoTestSupport.connectionString(), database);
    try (MongoOrderSink sink =
        new MongoOrderSink(
            settings, builder -> builder.addCommandListener(commands), Clock.systemUTC())) {
      List<MappingResult> three = batch(3);
      sink.write(three, "run-1");
      MongoCollection<RawBsonDocument> orders =
          client.getDatabase(database).getCollection("orders", RawBsonDocument.class);
      MappingResult.Accepted second = (MappingResult.Accepted) three.get(1);
      ReplaceReadBackTest.storeWithTotalBeforeTaxes(orders, second);
      commands.clear();

      RunCounts counts = sink.write(three, "run-2");

      assertThat(counts).isEqualTo(new RunCounts(0, 1, 2, 0));
      // The replace, the read back that finds the old order, the two-step rewrite, the check.
      assertThat(commands.all())
          .filteredOn(c -> c.endsWith(" orders"))
          .endsWith("update orders", "find orders", "update orders", "find orders");
      RawBsonDocument stored = orders.find(Filters.eq("_id", second.uid())).first();
      assertThat(
              BsonDiff.identical(BsonDiff.raw(OrderBsonMapper.toBson(second.document())), stored))
          .isTrue();
    }
  }
}
