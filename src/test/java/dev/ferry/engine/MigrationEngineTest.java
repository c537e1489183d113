package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.ferry.app.FerrySession;
import dev.ferry.app.JobSettings;
import dev.ferry.sink.MongoSettings;
import dev.ferry.tunnel.HostKeyPrompt;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/** The whole run against a real PostgreSQL and a real Mongo wire server. */
class MigrationEngineTest {
  private static final int ORDERS = 600;

  @Test
  void rerunsWriteNothingAndYieldIdenticalDocuments() {
    EngineFixture f = new EngineFixture().withDemoData(ORDERS);

    RunReport first = f.migrate(100);
    List<BsonDocument> afterFirst = f.documents("orders");
    RunReport second = f.migrate(100);
    RunReport third = f.migrate(250);

    RunCounts c1 = first.run().counts();
    assertThat(first.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(c1.total()).isEqualTo(ORDERS);
    assertThat(c1.inserted()).isEqualTo(afterFirst.size()).isPositive();
    assertThat(c1.rejected()).isPositive();
    assertThat(c1.updated() + c1.unchanged()).isZero();
    for (RunReport rerun : List.of(second, third)) {
      assertThat(rerun.run().counts()).isEqualTo(new RunCounts(0, 0, c1.inserted(), c1.rejected()));
    }
    assertThat(f.documents("orders")).isEqualTo(afterFirst);
    assertThat(f.documents("orders_rejects")).hasSize((int) c1.rejected());
    assertThat(f.verify().matches()).isTrue();
  }

  @Test
  void recordsEveryRunWithItsCountsAndPromotionIssues() {
    EngineFixture f = new EngineFixture().withDemoData(300);
    RunReport report = f.migrate(100);

    List<BsonDocument> runs = f.documents("ferry_runs");
    assertThat(runs).hasSize(1);
    BsonDocument run = runs.get(0);
    assertThat(run.getString("_id").getValue()).isEqualTo(report.run().id());
    assertThat(run.getString("status").getValue()).isEqualTo("completed");
    assertThat(run.getDocument("counts").getNumber("inserted").longValue())
        .isEqualTo(report.run().counts().inserted());
    assertThat(report.run().promotionIssues())
        .extracting(PromotionIssue::value)
        .isNotEmpty()
        .allMatch(v -> v.equals("someday") || v.equals("Funday"));
    assertThat(run.getDocument("settings").toJson()).doesNotContain(f.pg.password());
  }

  @Test
  void overlappingRunsCreateNoDuplicates() throws Exception {
    EngineFixture f = new EngineFixture().withDemoData(ORDERS);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<CompletableFuture<RunReport>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(
            CompletableFuture.supplyAsync(
                () -> {
                  awaitQuietly(start);
                  return f.migrate(50);
                },
                pool));
      }
      start.countDown();
      RunCounts a = runs.get(0).get(120, TimeUnit.SECONDS).run().counts();
      RunCounts b = runs.get(1).get(120, TimeUnit.SECONDS).run().counts();

      long valid = f.documents("orders").size();
      assertThat(a.total()).isEqualTo(ORDERS);
      assertThat(b.total()).isEqualTo(ORDERS);
      assertThat(a.inserted() + b.inserted()).isEqualTo(valid);
      assertThat(a.updated() + b.updated()).isZero();
      assertThat(f.documents("orders").stream().map(d -> d.getString("_id")).distinct())
          .hasSize((int) valid);
      assertThat(f.verify().matches()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCancelledRunLeavesAConsistentTargetThatTheNextRunCompletes() {
    EngineFixture f = new EngineFixture().withDemoData(ORDERS);
    CancellationToken cancel = new CancellationToken();
    RunReport cancelled =
        f.migrate(
            50,
            progress -> {
              if (progress.processed() >= 200) {
                cancel.cancel();
              }
            },
            cancel);

    assertThat(cancelled.run().status()).isEqualTo(RunStatus.CANCELLED);
    long loaded = f.documents("orders").size();
    assertThat(loaded).isEqualTo(cancelled.run().counts().inserted()).isBetween(1L, ORDERS - 1L);
    assertThat(f.documents("ferry_runs").get(0).getString("status").getValue())
        .isEqualTo("cancelled");

    RunReport next = f.migrate(50);
    assertThat(next.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(next.run().counts().unchanged()).isEqualTo(loaded);
    assertThat(next.run().counts().inserted() + loaded).isEqualTo(f.documents("orders").size());
    assertThat(f.verify().matches()).isTrue();
  }

  @Test
  void aRejectedOrderLeavesTheRejectsOnceTheSourceIsFixed() {
    EngineFixture f = new EngineFixture().withDemoData(100);
    f.pg.execute(
        "INSERT INTO orders (uid, date_of_order, client_uid, status) SELECT"
            + " '00000000-0000-4000-8000-000000000001', '2026-11-23 10:00', uid, 'pending'"
            + " FROM clients ORDER BY uid LIMIT 1;"
            + "INSERT INTO order_items (uid, order_uid, product_uid, quantity) VALUES"
            + " (gen_random_uuid(), '00000000-0000-4000-8000-000000000001',"
            + " '00000000-0000-4000-8000-0000000000ff', 2)");
    f.migrate(100);
    String uid = "00000000-0000-4000-8000-000000000001";
    BsonDocument reject =
        f.documents("orders_rejects").stream()
            .filter(d -> d.getString("_id").getValue().equals(uid))
            .findFirst()
            .orElseThrow();
    assertThat(reject.getArray("reasons").get(0).asString().getValue())
        .isEqualTo("item #1: product 00000000-0000-4000-8000-0000000000ff does not exist");

    f.pg.execute(
        "INSERT INTO products (uid, name, brand, unit_price, tax_rate) VALUES"
            + " ('00000000-0000-4000-8000-0000000000ff', 'Late product', 'Acme', 9.99, 0.16)");
    RunReport fixed = f.migrate(100);

    assertThat(fixed.run().counts().inserted()).isEqualTo(1);
    assertThat(f.documents("orders_rejects"))
        .noneMatch(d -> d.getString("_id").getValue().equals(uid));
    BsonDocument doc =
        f.documents("orders").stream()
            .filter(d -> d.getString("_id").getValue().equals(uid))
            .findFirst()
            .orElseThrow();
    assertThat(doc.getDecimal128("total").getValue().bigDecimalValue())
        .isEqualByComparingTo("23.18");
    assertThat(f.verify().matches()).isTrue();
  }

  @Test
  void verifyNamesTamperedMissingAndExtraDocumentsAndAFullComparisonRepairsThem() {
    EngineFixture f = new EngineFixture().withDemoData(200);
    f.migrate(100);
    List<BsonDocument> docs = f.documents("orders");
    String tampered = docs.get(0).getString("_id").getValue();
    String deleted = docs.get(1).getString("_id").getValue();
    f.onCollection(
        "orders",
        c -> {
          c.updateOne(
              Filters.eq("_id", tampered),
              Updates.set("total", new Decimal128(new BigDecimal("0.01"))));
          c.deleteOne(Filters.eq("_id", deleted));
          c.insertOne(new Document("_id", "not-in-source").append("total", 1));
        });

    VerificationReport report = f.verify();

    assertThat(report.matches()).isFalse();
    assertThat(report.differences())
        .extracting(Difference::orderUid, Difference::kind)
        .contains(
            org.assertj.core.groups.Tuple.tuple(tampered, Difference.Kind.DOCUMENT_DIFFERS),
            org.assertj.core.groups.Tuple.tuple(deleted, Difference.Kind.MISSING_DOCUMENT),
            org.assertj.core.groups.Tuple.tuple("not-in-source", Difference.Kind.NO_SOURCE_ORDER));
    assertThat(
            report.differences().stream()
                .filter(d -> d.orderUid().equals(tampered))
                .findFirst()
                .orElseThrow()
                .detail())
        .contains("total");
    assertThat(report.differenceCount()).isEqualTo(3);
    // Totals cover documents that have a source order; the orphan is counted on its own.
    assertThat(report.orphans().documents()).isEqualTo(1);
    assertThat(report.orphans().rejects()).isZero();
    assertThat(report.targetDocuments()).isEqualTo(report.expectedDocuments());

    // One document deleted and one inserted behind Ferry's back leave the counts adding up, so a
    // plain run trusts the sync state and repairs nothing; a full comparison does.
    RunReport plain = f.migrate(100);
    assertThat(plain.run().counts().inserted()).isZero();
    assertThat(plain.run().counts().updated()).isZero();
    assertThat(f.verify().differenceCount()).isEqualTo(3);

    RunReport repair = f.migrate(100, CompareMode.FULL, false);
    assertThat(repair.run().sync())
        .hasValueSatisfying(s -> assertThat(s.mode()).isEqualTo(SyncMode.FULL_COMPARE));
    assertThat(repair.run().counts().inserted()).isEqualTo(1);
    assertThat(repair.run().counts().updated()).isEqualTo(1);
    assertThat(repair.run().counts().stale()).isEqualTo(1);
    assertThat(repair.run().sync().orElseThrow().goneFromSource()).containsExactly("not-in-source");
    VerificationReport after = f.verify();
    assertThat(after.differences())
        .extracting(Difference::kind)
        .containsExactly(Difference.Kind.NO_SOURCE_ORDER);
  }

  @Test
  void anUnreachableTargetEndsTheRunAsFailedWithASentenceInsteadOfThrowing() throws Exception {
    EngineFixture f = new EngineFixture().withDemoData(50);
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    JobSettings job = f.job(50);
    JobSettings unreachable =
        new JobSettings(
            job.source(),
            MongoSettings.of("mongodb://127.0.0.1:" + closedPort, "x", "orders")
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)),
            job.mapping(),
            job.batchSize(),
            job.tunnel());
    RunReport report;
    try (var session = FerrySession.open(unreachable, HostKeyPrompt.REFUSE)) {
      report =
          session
              .engine()
              .migrate(RunOptions.defaults(), ProgressListener.NONE, new CancellationToken());
    }
    assertThat(report.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.run().failure()).hasValueSatisfying(s -> assertThat(s).isNotBlank());
    assertThat(report.cause()).isPresent();
  }

  @Test
  void aDryRunCountsButWritesNothing() {
    EngineFixture f = new EngineFixture().withDemoData(150);
    RunReport dry;
    try (var session = f.session(100)) {
      dry =
          session
              .engine()
              .migrate(
                  new RunOptions(100, true, java.util.Map.of()),
                  ProgressListener.NONE,
                  new CancellationToken());
    }
    assertThat(dry.run().counts().inserted()).isPositive();
    assertThat(dry.run().counts().total()).isEqualTo(150);
    assertThat(f.documents("orders")).isEmpty();
    assertThat(f.documents("orders_rejects")).isEmpty();
    assertThat(f.documents("ferry_runs")).isEmpty();
  }

  @Test
  void readsUuidAndTextIdSchemasAlike() {
    for (String variant :
        List.of("variant-a-uuid.sql", "variant-b-text.sql", "variant-c-bigint.sql")) {
      EngineFixture f = new EngineFixture();
      f.pg.executeResource("/dev/ferry/source/" + variant);
      RunReport first = f.migrate(10);
      assertThat(first.run().status()).as(variant).isEqualTo(RunStatus.COMPLETED);
      assertThat(first.run().counts().total()).as(variant).isPositive();
      RunReport second = f.migrate(10);
      assertThat(second.run().counts().inserted() + second.run().counts().updated())
          .as(variant)
          .isZero();
      assertThat(f.verify().matches()).as(variant).isTrue();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other run did not get there within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
