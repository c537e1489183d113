package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.ferry.app.FerrySession;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The merge join of source and sync state, on a real PostgreSQL and a MongoDB wire server: every
 * test checks the target against the rules ({@link MirrorCheck}), not against Ferry's counts, and
 * also that the counts say what happened.
 */
class SyncEngineTest {
  private static final dev.ferry.core.OrderDocumentMapper MAPPER =
      new dev.ferry.core.OrderDocumentMapper(dev.ferry.core.MappingSettings.defaults());

  /**
   * Text ids that sort differently by code point, by UTF-16 unit and under linguistic collations:
   * upper before lower case, an accented letter, U+FFFD (after every surrogate in UTF-16, before
   * them by code point) and an emoji (a supplementary character).
   */
  private static final List<String> ODD_UIDS =
      List.of("A-1", "a-1", "b", "é", "\uFFFD", "\uD83D\uDE00");

  private static final String SCHEMA =
      """
      CREATE TABLE clients (uid text PRIMARY KEY, name text, address text, promotion_day text);
      CREATE TABLE products (uid text PRIMARY KEY, name text, brand text,
                             unit_price numeric(12,2), tax_rate numeric(6,4));
      CREATE TABLE orders (uid text PRIMARY KEY, date_of_order timestamptz, client_uid text,
                           latitude numeric(9,6), longitude numeric(9,6), status text);
      CREATE TABLE order_items (uid text PRIMARY KEY, order_uid text, product_uid text,
                                quantity integer);
      INSERT INTO clients VALUES ('c1', 'Tienda Uno', 'Av. 1', 'MON'),
                                 ('c2', 'Tienda Dos', 'Av. 2', 'someday');
      INSERT INTO products VALUES ('p1', 'Pan', 'Bimbo', 10.50, 0.16),
                                  ('p2', 'Leche', 'Lala', 20.00, 0.00);
      """;

  private static EngineFixture textIds(List<String> uids) {
    EngineFixture f = new EngineFixture();
    f.pg.execute(SCHEMA);
    for (String uid : uids) {
      addOrder(f, uid, "c1", 2);
    }
    return f;
  }

  private static void addOrder(EngineFixture f, String uid, String client, int quantity) {
    String q = uid.replace("'", "''");
    f.pg.execute(
        "INSERT INTO orders VALUES ('"
            + q
            + "', '2026-11-23T10:00:00Z', '"
            + client
            + "', 19.4, -99.1, 'delivered');"
            + "INSERT INTO order_items VALUES ('"
            + q
            + "/1', '"
            + q
            + "', 'p1', "
            + quantity
            + "), ('"
            + q
            + "/2', '"
            + q
            + "', 'p2', 1);");
  }

  private static SyncMode mode(RunReport report) {
    assertThat(report.run().status()).isEqualTo(RunStatus.COMPLETED);
    return report.run().sync().orElseThrow().mode();
  }

  @Test
  void aFirstLoadInsertsEverythingAndAnUnchangedReRunReadsNothingAndWritesNothing() {
    EngineFixture f = new EngineFixture().withDemoData(300);

    RunReport first = f.migrate(100);
    assertThat(mode(first)).isEqualTo(SyncMode.STATE);
    assertThat(first.run().sync().orElseThrow().reason()).contains("the target is empty");
    assertThat(first.run().counts().inserted() + first.run().counts().rejected()).isEqualTo(300);
    MirrorCheck.assertMirrors(f, Set.of());

    List<Document> stateBefore = f.stateChunks();
    RunReport again = f.migrate(100);
    assertThat(mode(again)).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(again.run().counts())
        .isEqualTo(
            new RunCounts(0, 0, first.run().counts().inserted(), first.run().counts().rejected()));
    MirrorCheck.assertMirrors(f, Set.of());
    // Nothing was rewritten: the chunks are the same documents.
    assertThat(f.stateChunks()).isNotEmpty().isEqualTo(stateBefore);
  }

  @Test
  void theMergeHandlesEveryInterleavingOfNewChangedUnchangedGoneAndRejectedOrders() {
    EngineFixture f = textIds(ODD_UIDS);
    addOrder(f, "m-reject", "missing-client", 1); // rejected: no such client
    addOrder(f, "n-valid", "c2", 1);
    RunReport first = f.migrate(2);
    assertThat(first.run().counts()).isEqualTo(new RunCounts(7, 0, 0, 1));
    MirrorCheck.assertMirrors(f, Set.of());

    // first key gone, a new first key, a changed order, a reject made valid, a valid order made a
    // reject, a new last key and a gone key in the middle.
    f.pg.execute(
        "DELETE FROM order_items WHERE order_uid IN ('A-1', 'b');"
            + "DELETE FROM orders WHERE uid IN ('A-1', 'b');"
            + "UPDATE orders SET status = 'shipped' WHERE uid = 'a-1';"
            + "UPDATE orders SET client_uid = 'c1' WHERE uid = 'm-reject';"
            + "UPDATE order_items SET quantity = 0 WHERE order_uid = 'n-valid';");
    addOrder(f, "0-first", "c1", 3);
    addOrder(f, "\uD83D\uDE01", "c2", 4);

    RunReport kept = f.migrate(2);
    assertThat(mode(kept)).isEqualTo(SyncMode.INCREMENTAL);
    // inserted: 0-first, the last emoji, m-reject (now valid); updated: a-1; rejected: n-valid.
    assertThat(kept.run().counts()).isEqualTo(new RunCounts(3, 1, 3, 1, 0, 2));
    assertThat(kept.run().sync().orElseThrow().goneFromSource()).containsExactly("A-1", "b");
    MirrorCheck.assertMirrors(f, Set.of("A-1", "b"));

    RunReport again = f.migrate(2);
    assertThat(again.run().counts().stale()).isEqualTo(2);
    assertThat(again.run().counts().total()).isEqualTo(8);
    assertThat(again.run().counts().inserted() + again.run().counts().updated()).isZero();

    RunReport deleting = f.migrate(2, CompareMode.STATE, true);
    assertThat(deleting.run().counts().deleted()).isEqualTo(2);
    assertThat(deleting.run().counts().stale()).isZero();
    MirrorCheck.assertMirrors(f, Set.of());
    assertThat(f.migrate(2).run().counts().deleted() + f.migrate(2).run().counts().stale())
        .isZero();
  }

  @Test
  void anIncrementalRunNoticesChangesInEveryTableTheDocumentsAreMadeOf() {
    EngineFixture f = textIds(List.of("o1", "o2", "o3", "o4", "o5"));
    addOrder(f, "o6", "c2", 1);
    f.migrate(2);

    record Step(String sql, RunCounts expected) {}
    List<Step> steps =
        List.of(
            // a client's name: its orders change
            new Step(
                "UPDATE clients SET name = 'Tienda Dos SA' WHERE uid = 'c2'",
                new RunCounts(0, 1, 5, 0)),
            // a product's price: every order with it changes
            new Step(
                "UPDATE products SET unit_price = 11.00 WHERE uid = 'p1'",
                new RunCounts(0, 6, 0, 0)),
            // one line's quantity
            new Step(
                "UPDATE order_items SET quantity = 9 WHERE uid = 'o3/1'",
                new RunCounts(0, 1, 5, 0)),
            // a line deleted: no row of the order is new, only its line count tells
            new Step("DELETE FROM order_items WHERE uid = 'o4/2'", new RunCounts(0, 1, 5, 0)),
            // a line moved from o5 to o1: both change
            new Step(
                "UPDATE order_items SET order_uid = 'o1' WHERE uid = 'o5/2'",
                new RunCounts(0, 2, 4, 0)),
            // a product deleted: its orders become rejects
            new Step(
                "DELETE FROM order_items WHERE product_uid = 'p2' AND order_uid <> 'o2';"
                    + "DELETE FROM products WHERE uid = 'p2'",
                null),
            // a client deleted: its order becomes a reject
            new Step("DELETE FROM clients WHERE uid = 'c2'", new RunCounts(0, 0, 4, 2)),
            // the promotion day of a client: is_promotion_day of its orders (2026-11-23 is a
            // Monday)
            new Step("UPDATE clients SET promotion_day = 'tuesday' WHERE uid = 'c1'", null));
    for (Step step : steps) {
      f.pg.execute(step.sql());
      RunReport report = f.migrate(2);
      assertThat(mode(report)).as(step.sql()).isEqualTo(SyncMode.INCREMENTAL);
      if (step.expected() != null) {
        assertThat(report.run().counts()).as(step.sql()).isEqualTo(step.expected());
      }
      MirrorCheck.assertMirrors(f, Set.of());
    }
  }

  @Test
  void aLostOrDamagedSyncStateIsRebuiltFromTheTargetNeverTrusted() {
    EngineFixture f = new EngineFixture().withDemoData(150);
    RunCounts loaded = f.migrate(50).run().counts();

    f.onState(c -> c.drop());
    RunReport rebuilt = f.migrate(50);
    assertThat(mode(rebuilt)).isEqualTo(SyncMode.FULL_COMPARE);
    assertThat(rebuilt.run().sync().orElseThrow().reason()).contains("no sync state");
    assertThat(rebuilt.run().counts())
        .isEqualTo(new RunCounts(0, 0, loaded.inserted(), loaded.rejected()));
    assertThat(mode(f.migrate(50))).isEqualTo(SyncMode.INCREMENTAL);

    // A chunk removed: the state no longer adds up to the target's counts.
    f.onState(c -> c.deleteOne(Filters.regex("_id", "^c")));
    RunReport recounted = f.migrate(50);
    assertThat(mode(recounted)).isEqualTo(SyncMode.FULL_COMPARE);
    assertThat(recounted.run().sync().orElseThrow().reason()).contains("sync state lists");
    MirrorCheck.assertMirrors(f, Set.of());

    // A state from another version of Ferry.
    f.onState(
        c ->
            c.updateOne(
                Filters.eq("_id", "meta"), new Document("$set", new Document("format", 99))));
    RunReport other = f.migrate(50);
    assertThat(mode(other)).isEqualTo(SyncMode.FULL_COMPARE);
    assertThat(other.run().sync().orElseThrow().reason()).contains("another version");
    assertThat(mode(f.migrate(50))).isEqualTo(SyncMode.INCREMENTAL);
    MirrorCheck.assertMirrors(f, Set.of());
  }

  @Test
  void documentsDeletedBehindFerrysBackMakeTheNextRunCompareEverythingAndPutThemBack() {
    EngineFixture f = new EngineFixture().withDemoData(120);
    f.migrate(50);
    List<String> victims =
        f.documents("orders").stream().limit(3).map(d -> d.getString("_id").getValue()).toList();
    f.onCollection("orders", c -> c.deleteMany(Filters.in("_id", victims)));

    RunReport repair = f.migrate(50);
    assertThat(mode(repair)).isEqualTo(SyncMode.FULL_COMPARE);
    assertThat(repair.run().counts().inserted()).isEqualTo(3);
    MirrorCheck.assertMirrors(f, Set.of());
  }

  @Test
  void twoOverlappingRunsLeaveNoDuplicatesAndTheNextRunComparesEverything() throws Exception {
    EngineFixture f = new EngineFixture().withDemoData(400);
    CountDownLatch firstBatchWritten = new CountDownLatch(1);
    CountDownLatch secondStarted = new CountDownLatch(1);
    CompletableFuture<RunReport> a =
        CompletableFuture.supplyAsync(
            () ->
                f.migrate(
                    50,
                    p -> {
                      if (p.processed() > 0 && firstBatchWritten.getCount() > 0) {
                        firstBatchWritten.countDown();
                        await(secondStarted);
                      }
                    },
                    new CancellationToken()));
    assertThat(firstBatchWritten.await(60, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<RunReport> b =
        CompletableFuture.supplyAsync(
            () ->
                f.migrate(
                    50,
                    p -> {
                      // Progress now starts before the run has registered and chosen its mode
                      // (OPENING, PLANNING); the first run may go on only once it has.
                      if (p.phase() != RunProgress.Phase.OPENING
                          && p.phase() != RunProgress.Phase.PLANNING) {
                        secondStarted.countDown();
                      }
                    },
                    new CancellationToken()));
    RunReport second = b.get(120, TimeUnit.SECONDS);
    secondStarted.countDown();
    RunReport first = a.get(120, TimeUnit.SECONDS);

    assertThat(first.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(second.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(mode(second)).isEqualTo(SyncMode.FULL_COMPARE);
    assertThat(second.run().sync().orElseThrow().reason()).contains("another Ferry run");
    MirrorCheck.assertMirrors(f, Set.of());

    RunReport after = f.migrate(50);
    assertThat(mode(after)).isEqualTo(SyncMode.FULL_COMPARE);
    assertThat(after.run().counts().inserted() + after.run().counts().updated()).isZero();
    assertThat(mode(f.migrate(50))).isEqualTo(SyncMode.INCREMENTAL);
  }

  @Test
  void aCancelledRunLeavesATrustedStateAndTheNextRunCompletesTheJob() {
    EngineFixture f = new EngineFixture().withDemoData(500);
    CancellationToken cancel = new CancellationToken();
    RunReport cancelled =
        f.migrate(
            50,
            p -> {
              if (p.processed() >= 100) {
                cancel.cancel();
              }
            },
            cancel);
    assertThat(cancelled.run().status()).isEqualTo(RunStatus.CANCELLED);
    long written = cancelled.run().counts().inserted() + cancelled.run().counts().rejected();
    assertThat(written).isBetween(100L, 499L);

    RunReport rest = f.migrate(50);
    // The cancelled run left the state consistent, so nothing needs a full comparison; it never
    // completed, so every order is read once more.
    assertThat(mode(rest)).isEqualTo(SyncMode.STATE);
    assertThat(rest.run().counts().inserted() + rest.run().counts().rejected())
        .isGreaterThanOrEqualTo(500 - written);
    assertThat(rest.run().counts().updated()).isZero();
    MirrorCheck.assertMirrors(f, Set.of());
    assertThat(mode(f.migrate(50))).isEqualTo(SyncMode.INCREMENTAL);
  }

  @Test
  void aRunThatNeverEndedMakesTheNextOneCompareEverything() {
    EngineFixture f = new EngineFixture().withDemoData(200);
    f.migrate(50);
    f.pg.execute(
        "UPDATE orders SET status = 'returned' WHERE uid IN (SELECT uid FROM orders LIMIT 5)");
    // A run killed after writing part of its documents: registered, never unregistered.
    try (FerrySession session = f.session(50);
        SourceSnapshot snapshot = session.source().openSnapshot();
        OrderReader reader = snapshot.read(OrderSelection.first(60))) {
      TargetSync target = session.sink().openSync("killed-run", false, CompareMode.STATE);
      java.util.List<SyncEvent> events = new java.util.ArrayList<>();
      java.util.Optional<dev.ferry.core.SourceOrder> order;
      while ((order = reader.next()).isPresent()) {
        events.add(SyncEvent.Mapped.of(order.get(), MAPPER, java.util.Optional.empty()));
      }
      target.apply(events);
      // no complete(), stop() or close(): the process died here
    }
    RunReport next = f.migrate(50);
    assertThat(mode(next)).isEqualTo(SyncMode.FULL_COMPARE);
    assertThat(next.run().sync().orElseThrow().reason()).contains("another Ferry run");
    MirrorCheck.assertMirrors(f, Set.of());
  }

  @Test
  void anEmptySourceAndAnEmptiedSourceAreMirroredToo() {
    EngineFixture f = textIds(List.of());
    RunReport empty = f.migrate(10);
    assertThat(empty.run().counts()).isEqualTo(RunCounts.ZERO);
    MirrorCheck.assertMirrors(f, Set.of());

    addOrder(f, "x", "c1", 1);
    addOrder(f, "y", "c2", 1);
    assertThat(f.migrate(10).run().counts()).isEqualTo(new RunCounts(2, 0, 0, 0));

    f.pg.execute("DELETE FROM order_items; DELETE FROM orders;");
    RunReport gone = f.migrate(10);
    assertThat(gone.run().counts()).isEqualTo(new RunCounts(0, 0, 0, 0, 0, 2));
    MirrorCheck.assertMirrors(f, Set.of("x", "y"));
    RunReport removed = f.migrate(10, CompareMode.STATE, true);
    assertThat(removed.run().counts()).isEqualTo(new RunCounts(0, 0, 0, 0, 2, 0));
    MirrorCheck.assertMirrors(f, Set.of());
  }

  @Test
  void aFullComparisonFindsGoneOrdersWithoutTheStateAndRemovesThemWhenAsked() {
    EngineFixture f = textIds(List.of("k1", "k2", "k3"));
    f.migrate(10);
    f.pg.execute(
        "DELETE FROM order_items WHERE order_uid = 'k2'; DELETE FROM orders WHERE uid = 'k2';");
    f.onState(c -> c.drop());

    RunReport full = f.migrate(10, CompareMode.STATE, false);
    assertThat(mode(full)).isEqualTo(SyncMode.FULL_COMPARE);
    assertThat(full.run().counts()).isEqualTo(new RunCounts(0, 0, 2, 0, 0, 1));
    // The kept gone order is in the rebuilt state, so the next (trusted) run still reports it.
    RunReport next = f.migrate(10);
    assertThat(mode(next)).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(next.run().counts().stale()).isEqualTo(1);

    RunReport removing = f.migrate(10, CompareMode.FULL, true);
    assertThat(removing.run().counts()).isEqualTo(new RunCounts(0, 0, 2, 0, 1, 0));
    MirrorCheck.assertMirrors(f, Set.of());
  }

  @Test
  void changedMappingSettingsMakeTheNextRunReadEveryOrderAgain() {
    EngineFixture f = textIds(List.of("s1", "s2"));
    f.migrate(10);
    RunReport shifted;
    dev.ferry.core.MappingSettings zone =
        dev.ferry.core.MappingSettings.defaults().withMoney(3, java.math.RoundingMode.HALF_UP);
    dev.ferry.app.JobSettings job = f.job(10);
    dev.ferry.app.JobSettings withZone =
        new dev.ferry.app.JobSettings(
            job.source(), job.target(), zone, job.batchSize(), job.tunnel());
    try (FerrySession session =
        FerrySession.open(withZone, dev.ferry.tunnel.HostKeyPrompt.REFUSE)) {
      shifted =
          session
              .engine()
              .migrate(RunOptions.defaults(), ProgressListener.NONE, new CancellationToken());
    }
    assertThat(mode(shifted)).isEqualTo(SyncMode.STATE);
    assertThat(shifted.run().sync().orElseThrow().reason()).contains("settings");
    assertThat(shifted.run().counts()).isEqualTo(new RunCounts(0, 2, 0, 0));
    MirrorCheck.assertMirrors(f, zone, Set.of());
  }

  @Test
  void aDryRunUsesTheStateButWritesNeitherDocumentsNorState() {
    EngineFixture f = textIds(List.of("d1", "d2", "d3"));
    f.migrate(10);
    f.pg.execute(
        "UPDATE orders SET status = 'x' WHERE uid = 'd2'; DELETE FROM order_items WHERE order_uid = 'd3'; DELETE FROM orders WHERE uid = 'd3'");
    addOrder(f, "d4", "c1", 1);
    List<Document> state = f.stateChunks();
    List<org.bson.RawBsonDocument> documents = f.rawDocuments("orders");
    RunReport dry;
    try (FerrySession session = f.session(10)) {
      dry =
          session
              .engine()
              .migrate(
                  new RunOptions(10, true, Map.of(), true, CompareMode.STATE),
                  ProgressListener.NONE,
                  new CancellationToken());
    }
    assertThat(mode(dry)).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(dry.run().counts()).isEqualTo(new RunCounts(1, 1, 1, 0, 1, 0));
    assertThat(f.stateChunks()).isEqualTo(state);
    assertThat(f.rawDocuments("orders")).containsExactlyInAnyOrderElementsOf(documents);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out waiting for the other run");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
