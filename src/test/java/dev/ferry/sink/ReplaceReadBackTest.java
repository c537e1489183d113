package dev.ferry.sink;

import static dev.ferry.sink.SampleOrders.batch;
import static dev.ferry.sink.SampleOrders.line;
import static dev.ferry.sink.SampleOrders.map;
import static dev.ferry.sink.SampleOrders.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.ferry.core.MappingResult;
import dev.ferry.engine.RunCounts;
import dev.ferry.testing.MongoTestSupport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sink's guard against servers that keep a replaced document's old field order costs nothing
 * where it cannot matter: a changed document whose stored fields are Ferry's, in Ferry's order, is
 * replaced without being read back. Runs on every target; what only mongo-java-server does with a
 * reordered document is in {@link MongoJavaServerQuirksTest}, what MongoDB does in {@link
 * RealMongoDbTest}.
 */
class ReplaceReadBackTest {
  private final CommandLog commands = new CommandLog();
  private MongoOrderSink sink;
  private MongoClient inspector;
  private MongoCollection<RawBsonDocument> orders;

  @BeforeEach
  void open() {
    MongoSettings settings =
        MongoSettings.of(MongoTestSupport.connectionString(), MongoTestSupport.freshDatabase());
    sink =
        new MongoOrderSink(
            settings, builder -> builder.addCommandListener(commands), Clock.systemUTC());
    inspector = MongoTestSupport.client();
    orders =
        inspector.getDatabase(settings.database()).getCollection("orders", RawBsonDocument.class);
  }

  @AfterEach
  void close() {
    sink.close();
    inspector.close();
  }

  static List<MappingResult> withSecondChanged(List<MappingResult> batch) {
    List<MappingResult> next = new ArrayList<>(batch);
    next.set(1, map(order("order-00002", "returned", line("p-1", "3", "10.10", "Acme"))));
    return next;
  }

  /** The commands after the first write to the orders collection. */
  static List<String> afterFirstUpdate(List<String> all) {
    int first = all.indexOf("update orders");
    assertThat(first).as("commands: %s", all).isNotNegative();
    return all.subList(first + 1, all.size());
  }

  @Test
  void aChangedDocumentIsReplacedWithoutReadingItBack() {
    List<MappingResult> three = batch(3);
    sink.write(three, "run-1");
    commands.clear();

    RunCounts counts = sink.write(withSecondChanged(three), "run-2");

    assertThat(counts).isEqualTo(new RunCounts(0, 1, 2, 0));
    assertThat(commands.all()).filteredOn("update orders"::equals).hasSize(1);
    assertThat(afterFirstUpdate(commands.all())).doesNotContain("find orders");
    RawBsonDocument expected =
        BsonDiff.raw(
            OrderBsonMapper.toBson(
                ((MappingResult.Accepted) withSecondChanged(three).get(1)).document()));
    assertThat(BsonDiff.identical(expected, orders.find(Filters.eq("_id", "order-00002")).first()))
        .isTrue();
  }

  @Test
  void aDocumentStoredInAnotherFieldOrderIsReadBackAfterItsReplaceAndEndsExact() {
    List<MappingResult> three = batch(3);
    sink.write(three, "run-1");
    MappingResult.Accepted second = (MappingResult.Accepted) three.get(1);
    storeWithTotalBeforeTaxes(orders, second);
    commands.clear();

    RunCounts counts = sink.write(three, "run-2");

    assertThat(counts).isEqualTo(new RunCounts(0, 1, 2, 0));
    assertThat(afterFirstUpdate(commands.all())).contains("find orders");
    RawBsonDocument expected = BsonDiff.raw(OrderBsonMapper.toBson(second.document()));
    assertThat(BsonDiff.identical(expected, orders.find(Filters.eq("_id", second.uid())).first()))
        .isTrue();
    assertThat(sink.write(three, "run-3")).isEqualTo(new RunCounts(0, 0, 3, 0));
  }

  /** Replaces the stored document by one whose taxes come after its total (same values). */
  static void storeWithTotalBeforeTaxes(
      MongoCollection<RawBsonDocument> orders, MappingResult.Accepted result) {
    BsonDocument ferrys = OrderBsonMapper.toBson(result.document());
    BsonDocument swapped = new BsonDocument();
    ferrys.forEach(
        (k, v) -> {
          if (!k.equals("taxes")) {
            swapped.append(k, v);
          }
          if (k.equals("total")) {
            swapped.append("taxes", ferrys.get("taxes"));
          }
        });
    orders.deleteOne(Filters.eq("_id", result.uid()));
    orders.insertOne(BsonDiff.raw(swapped));
  }
}
