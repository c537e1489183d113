package dev.ferry.sink;

import static dev.ferry.sink.SampleOrders.batch;
import static dev.ferry.sink.SampleOrders.invalidOrder;
import static dev.ferry.sink.SampleOrders.line;
import static dev.ferry.sink.SampleOrders.map;
import static dev.ferry.sink.SampleOrders.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.ferry.core.MappingResult;
import dev.ferry.engine.FieldDifference;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.TargetComparison;
import dev.ferry.engine.TargetState;
import dev.ferry.testing.MongoTestSupport;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MongoOrderSinkTest {
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

  private final CommandLog commands = new CommandLog();
  private MongoSettings settings;
  private MongoOrderSink sink;
  private MongoClient inspector;
  private MongoCollection<RawBsonDocument> orders;
  private MongoCollection<RawBsonDocument> rejects;

  @BeforeEach
  void open() {
    settings =
        MongoSettings.of(MongoTestSupport.connectionString(), MongoTestSupport.freshDatabase());
    sink = openSink(settings);
    inspector = MongoTestSupport.client();
    var database = inspector.getDatabase(settings.database());
    orders = database.getCollection("orders", RawBsonDocument.class);
    rejects = database.getCollection("orders_rejects", RawBsonDocument.class);
  }

  @AfterEach
  void close() {
    sink.close();
    inspector.close();
  }

  private MongoOrderSink openSink(MongoSettings s) {
    return new MongoOrderSink(
        s, builder -> builder.addCommandListener(commands), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private RawBsonDocument stored(String uid) {
    return orders.find(Filters.eq("_id", uid)).first();
  }

  private RawBsonDocument storedReject(String uid) {
    return rejects.find(Filters.eq("_id", uid)).first();
  }

  /** Puts {@code document} into the target behind Ferry's back. */
  private void tamper(BsonDocument document) {
    // Delete and insert: mongo-java-server's replaceOne keeps the old field order.
    orders.deleteOne(Filters.eq("_id", document.get("_id")));
    orders.insertOne(BsonDiff.raw(document));
  }

  // --- idempotence ---------------------------------------------------------------------------

  @Test
  void firstWriteInsertsEveryOrderAndARewriteWritesNothing() {
    List<MappingResult> orders100 = batch(100);

    RunCounts first = sink.write(orders100, "run-1");
    commands.clear();
    RunCounts second = sink.write(orders100, "run-2");

    assertThat(first).isEqualTo(new RunCounts(100, 0, 0, 0));
    assertThat(second).isEqualTo(new RunCounts(0, 0, 100, 0));
    assertThat(commands.writes()).as("commands of the re-run: %s", commands.all()).isEmpty();
    assertThat(sink.documentCount()).isEqualTo(100);
  }

  @Test
  void theStoredDocumentHoldsExactlyFerrysBytes() {
    MappingResult.Accepted accepted = SampleOrders.accepted(order("o-1"));

    sink.write(List.of(accepted), "run-1");

    RawBsonDocument expected = BsonDiff.raw(OrderBsonMapper.toBson(accepted.document()));
    RawBsonDocument actual = stored("o-1");
    assertThat(BsonDiff.identical(expected, actual)).as("stored %s", actual.toJson()).isTrue();
    assertThat(actual.getDecimal128("total").getValue().toString()).isEqualTo("29.23");
    var items = actual.getArray("order_items");
    assertThat(items.get(0).asDocument().getDecimal128("price").getValue().toString())
        .isEqualTo("10.10");
    assertThat(items.get(0).asDocument().get("quantity").isInt32()).isTrue();
    assertThat(items.get(1).asDocument().getDecimal128("quantity").getValue().toString())
        .isEqualTo("1.5");
  }

  @Test
  void aBatchWithTheSameOrderTwiceIsRefused() {
    List<MappingResult> twice = List.of(map(order("o-1")), map(order("o-1")));

    assertThatThrownBy(() -> sink.write(twice, "run-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("o-1");
  }

  @Test
  void anEmptyBatchDoesNothing() {
    assertThat(sink.write(List.of(), "run-1")).isEqualTo(RunCounts.ZERO);
    assertThat(commands.all()).isEmpty();
  }

  // --- changes -------------------------------------------------------------------------------

  @Test
  void aChangedSourceValueUpdatesOneDocumentAndCompareShowsTheField() {
    sink.write(batch(3), "run-1");
    MappingResult changed =
        map(
            order(
                "order-00002",
                "paid",
                line("p-1", "2", "10.10", "Acme"),
                line("p-2", "1.5", "3.40", "Zeta")));
    List<MappingResult> next = new ArrayList<>(batch(3));
    next.set(1, changed);

    List<TargetComparison> preview = sink.compare(next);
    RunCounts counts = sink.write(next, "run-2");

    assertThat(preview)
        .extracting(TargetComparison::state)
        .containsExactly(TargetState.UNCHANGED, TargetState.CHANGED, TargetState.UNCHANGED);
    assertThat(preview.get(1).differences())
        .contains(
            new FieldDifference(
                "order_items.1.price",
                "{\"$numberDecimal\": \"3.40\"}",
                "{\"$numberDecimal\": \"3.333\"}"));
    assertThat(preview.get(1).differences())
        .extracting(FieldDifference::path)
        .containsExactly("subtotal", "taxes", "total", "order_items.1.price");
    assertThat(counts).isEqualTo(new RunCounts(0, 1, 2, 0));
    assertThat(sink.compare(next))
        .extracting(TargetComparison::state)
        .containsOnly(TargetState.UNCHANGED);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "total changed           | total                    | {\"$numberDecimal\": \"29.23\"} | {\"$numberDecimal\": \"30.00\"}",
        "price 10.10 → 10.1      | order_items.0.price      | {\"$numberDecimal\": \"10.10\"} | {\"$numberDecimal\": \"10.1\"}",
        "quantity int32 → int64  | order_items.0.quantity   | 2 (int32)                     | 2 (int64)",
        "field order swapped     | (field order)            | fields [_id, uid, date_of_order, client_uid, client_name, client_address, latitude, longitude, status, subtotal, taxes, total, is_promotion_day, most_popular_brand, order_items] | fields [_id, uid, date_of_order, client_uid, client_name, client_address, latitude, longitude, status, subtotal, total, taxes, is_promotion_day, most_popular_brand, order_items]",
        "extra field             | note                     | (absent)                      | \"hand-edited\"",
        "missing field           | status                   | \"paid\"                      | (absent)",
        "status as null          | status                   | \"paid\"                      | null",
      })
  void aDocumentTamperedInTheTargetIsDetectedAndRepaired(
      String tampering, String path, String expected, String actual) {
    MappingResult result = map(order("o-1"));
    sink.write(List.of(result), "run-1");
    tamper(
        tampered(
            tampering.strip(),
            OrderBsonMapper.toBson(((MappingResult.Accepted) result).document())));

    TargetComparison comparison = sink.compare(List.of(result)).get(0);

    assertThat(comparison.state()).isEqualTo(TargetState.CHANGED);
    assertThat(comparison.differences())
        .containsExactly(new FieldDifference(path.strip(), expected.strip(), actual.strip()));
    assertThat(sink.write(List.of(result), "run-2")).isEqualTo(new RunCounts(0, 1, 0, 0));
    assertThat(sink.write(List.of(result), "run-3")).isEqualTo(new RunCounts(0, 0, 1, 0));
  }

  private static BsonDocument tampered(String tampering, BsonDocument bad) {
    switch (tampering) {
      case "total changed" -> bad.put("total", new BsonDecimal128(Decimal128.parse("30.00")));
      case "price 10.10 → 10.1" ->
          item0(bad).put("price", new BsonDecimal128(Decimal128.parse("10.1")));
      case "quantity int32 → int64" -> item0(bad).put("quantity", new BsonInt64(2));
      case "field order swapped" -> {
        // taxes moved after total
        BsonDocument swapped = new BsonDocument();
        bad.forEach(
            (k, v) -> {
              if (!k.equals("taxes")) {
                swapped.append(k, v);
              }
              if (k.equals("total")) {
                swapped.append("taxes", bad.get("taxes"));
              }
            });
        return swapped;
      }
      case "extra field" -> bad.append("note", new BsonString("hand-edited"));
      case "missing field" -> bad.remove("status");
      case "status as null" -> bad.put("status", BsonNull.VALUE);
      default -> throw new IllegalArgumentException(tampering);
    }
    return bad;
  }

  private static BsonDocument item0(BsonDocument document) {
    return document.getArray("order_items").get(0).asDocument();
  }

  // --- compare -------------------------------------------------------------------------------

  @Test
  void compareReportsStatesAndTargetFactsWithoutWriting() {
    sink.write(List.of(map(order("o-1")), map(invalidOrder("o-2"))), "run-1");
    commands.clear();

    List<TargetComparison> result =
        sink.compare(List.of(map(order("o-1")), map(invalidOrder("o-2")), map(order("o-3"))));

    assertThat(commands.writes()).isEmpty();
    assertThat(result)
        .containsExactly(
            new TargetComparison(
                "o-1",
                TargetState.UNCHANGED,
                List.of(),
                true,
                false,
                Optional.of(new BigDecimal("29.23")),
                2),
            new TargetComparison(
                "o-2", TargetState.REJECTED, List.of(), false, true, Optional.empty(), 0),
            new TargetComparison(
                "o-3", TargetState.NEW, List.of(), false, false, Optional.empty(), 0));
    assertThat(sink.documentCount()).isEqualTo(1);
    assertThat(sink.rejectCount()).isEqualTo(1);
  }

  // --- rejects -------------------------------------------------------------------------------

  @Test
  void aRejectedOrderIsStoredWithItsReasonsAndSource() {
    MappingResult.Rejected rejected = SampleOrders.rejected(invalidOrder("o-bad"));

    RunCounts counts = sink.write(List.of(rejected), "run-1");

    assertThat(counts).isEqualTo(new RunCounts(0, 0, 0, 1));
    RawBsonDocument reject = storedReject("o-bad");
    assertThat(reject.keySet())
        .containsExactly("_id", "reasons", "source", "run_id", "rejected_at");
    assertThat(reject.getArray("reasons"))
        .extracting(v -> v.asString().getValue())
        .containsExactly(
            "client ghost does not exist",
            "longitude 'north' is not a number",
            "item #2: quantity is 0 (must be positive)");
    BsonDocument source = reject.getDocument("source");
    assertThat(source.getString("date_of_order").getValue()).isEqualTo("2024-05-06T10:15:30.123Z");
    assertThat(source.getString("client_uid").getValue()).isEqualTo("ghost");
    assertThat(source.get("client").isNull()).isTrue();
    assertThat(source.getString("longitude").getValue()).isEqualTo("north");
    BsonDocument line2 = source.getArray("lines").get(1).asDocument();
    assertThat(line2.getDecimal128("quantity").getValue().toString()).isEqualTo("0");
    assertThat(line2.getDocument("product").getDecimal128("unit_price").getValue().toString())
        .isEqualTo("3.50");
    assertThat(reject.getString("run_id").getValue()).isEqualTo("run-1");
    assertThat(reject.getDateTime("rejected_at").getValue()).isEqualTo(NOW.toEpochMilli());
    assertThat(stored("o-bad")).isNull();
  }

  @Test
  void anOrderThatBecomesInvalidLeavesTheTargetForTheRejects() {
    sink.write(List.of(map(order("o-1")), map(order("o-2"))), "run-1");

    RunCounts counts = sink.write(List.of(map(order("o-1")), map(invalidOrder("o-2"))), "run-2");

    assertThat(counts).isEqualTo(new RunCounts(0, 0, 1, 1));
    assertThat(stored("o-2")).isNull();
    assertThat(storedReject("o-2")).isNotNull();
    assertThat(sink.documentCount()).isEqualTo(1);
  }

  @Test
  void aRejectedOrderLeavesTheRejectsOnceALaterRunCanLoadIt() {
    sink.write(List.of(map(invalidOrder("o-1"))), "run-1");

    RunCounts counts = sink.write(List.of(map(order("o-1"))), "run-2");

    assertThat(counts).isEqualTo(new RunCounts(1, 0, 0, 0));
    assertThat(storedReject("o-1")).isNull();
    assertThat(stored("o-1")).isNotNull();
    assertThat(sink.rejectCount()).isZero();
  }

  @Test
  void anUnchangedRejectIsNotRewritten() {
    sink.write(List.of(map(invalidOrder("o-1"))), "run-1");
    commands.clear();

    RunCounts counts = sink.write(List.of(map(invalidOrder("o-1"))), "run-2");

    assertThat(counts).isEqualTo(new RunCounts(0, 0, 0, 1));
    assertThat(commands.writes()).as("commands: %s", commands.all()).isEmpty();
    assertThat(storedReject("o-1").getString("run_id").getValue()).isEqualTo("run-1");
  }

  @Test
  void aRejectWithNewReasonsIsRewrittenByTheLaterRun() {
    sink.write(List.of(map(invalidOrder("o-1"))), "run-1");
    var order = invalidOrder("o-1");
    var differentlyBroken =
        new dev.ferry.core.SourceOrder(
            order.uid(),
            order.orderedAt(),
            order.clientUid(),
            order.client(),
            order.latitude(),
            Optional.of("-99.1"),
            order.status(),
            order.lines());

    sink.write(List.of(map(differentlyBroken)), "run-2");

    RawBsonDocument reject = storedReject("o-1");
    assertThat(reject.getString("run_id").getValue()).isEqualTo("run-2");
    assertThat(reject.getArray("reasons")).hasSize(2);
  }

  // --- listing -------------------------------------------------------------------------------

  @Test
  void idsAreListedSortedInBatches() {
    List<MappingResult> results = new ArrayList<>(batch(25));
    results.add(map(invalidOrder("bad-2")));
    results.add(map(invalidOrder("bad-1")));
    Collections.shuffle(results, new java.util.Random(7));
    sink.write(results, "run-1");

    List<List<String>> batches = new ArrayList<>();
    sink.forEachDocumentId(10, batches::add);
    List<List<String>> rejectBatches = new ArrayList<>();
    sink.forEachRejectId(10, rejectBatches::add);

    assertThat(batches).extracting(List::size).containsExactly(10, 10, 5);
    List<String> all = batches.stream().flatMap(List::stream).toList();
    assertThat(all).isSorted().hasSize(25).first().isEqualTo("order-00001");
    assertThat(rejectBatches).containsExactly(List.of("bad-1", "bad-2"));
  }

  @Test
  void pingSucceedsOnALiveServerAndFailsFastOnADeadOne() throws Exception {
    sink.ping();

    int deadPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      deadPort = probe.getLocalPort();
    }
    MongoSettings dead =
        MongoSettings.of("mongodb://127.0.0.1:" + deadPort, "shop")
            .withTimeouts(
                java.time.Duration.ofMillis(200),
                java.time.Duration.ofMillis(300),
                java.time.Duration.ofSeconds(1));
    try (MongoOrderSink unreachable = new MongoOrderSink(dead)) {
      assertThatThrownBy(unreachable::ping)
          .isInstanceOfSatisfying(
              MongoTargetException.class,
              e -> assertThat(e.failure()).isEqualTo(dev.ferry.engine.ConnectionFailure.REFUSED))
          .hasMessageStartingWith(
              "Nothing accepted the connection at 127.0.0.1:" + deadPort + "; ");
    }
  }

  @Test
  void describeNamesHostDatabaseAndCollectionOnly() {
    assertThat(sink.describe())
        .isEqualTo(MongoTestSupport.target().hosts() + "/" + settings.database() + ".orders");
  }
}
