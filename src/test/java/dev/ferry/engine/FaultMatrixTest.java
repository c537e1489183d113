package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.FerrySession;
import dev.ferry.app.JobSettings;
import dev.ferry.app.Timeouts;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.Secret;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.tunnel.HostKeyPrompt;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Faults in the middle of a run — connections cut or frozen on either side, a process killed or
 * terminated, a cancel while a connection is frozen — each followed by a plain re-run that must
 * converge: the target checked against the rules ({@link MirrorCheck}), not against Ferry's counts.
 * Connections go through a {@link FaultProxy}; timeouts are small so that frozen links fail fast.
 */
class FaultMatrixTest {
  private static final int ORDERS = 3000;
  private static final int BATCH = 100;
  private static final Timeouts SHORT =
      new Timeouts(
          Duration.ofSeconds(2),
          Duration.ofSeconds(2),
          Duration.ofSeconds(2),
          Duration.ofMinutes(1));

  /** The fixture's job with the source and/or the target behind proxies, and short timeouts. */
  private static JobSettings through(
      EngineFixture f, Optional<FaultProxy> pg, Optional<FaultProxy> mongo) {
    JobSettings job = f.job(BATCH);
    String url =
        pg.map(p -> f.pg.jdbcUrl().replace(":" + f.pg.port() + "/", ":" + p.port() + "/"))
            .orElse(f.pg.jdbcUrl());
    String mongoUri =
        mongo
            .map(p -> MongoTestSupport.connectionStringVia("127.0.0.1", p.port()))
            .orElse(MongoTestSupport.connectionString());
    JobSettings redirected =
        new JobSettings(
            PostgresSettings.of(url, f.pg.user(), Optional.of(Secret.of(f.pg.password()))),
            MongoSettings.of(mongoUri, f.mongoDb, "orders"),
            MappingSettings.defaults(),
            job.batchSize(),
            job.tunnel());
    return SHORT.applyTo(redirected);
  }

  /** A proxy in front of the MongoDB under test. */
  private static FaultProxy mongoProxy() {
    return FaultProxy.to(MongoTestSupport.targetHost(), MongoTestSupport.targetPort());
  }

  /** A run with {@code fault} applied once {@code after} orders are processed. */
  private static RunReport runWithFault(
      JobSettings job, long after, Consumer<CancellationToken> fault, CancellationToken cancel) {
    try (FerrySession session = FerrySession.open(job, HostKeyPrompt.REFUSE)) {
      boolean[] done = {false};
      return session
          .engine()
          .migrate(
              new RunOptions(BATCH, false, Map.of()),
              p -> {
                if (!done[0] && p.processed() >= after) {
                  done[0] = true;
                  fault.accept(cancel);
                }
              },
              cancel);
    }
  }

  /** After a fault: the last record's counts match the target, and a re-run converges. */
  private static void convergesAfter(EngineFixture f, RunReport faulty) {
    long documents = f.rawDocuments("orders").size();
    long rejects = f.rawDocuments("orders_rejects").size();
    RunCounts counts = faulty.run().counts();
    // Exact, also for the batch that failed half way: read back, never guessed.
    assertThat(counts.inserted()).as("inserted vs documents in the target").isEqualTo(documents);
    assertThat(counts.rejected())
        .as("rejected vs rejects in the target")
        .isLessThanOrEqualTo(rejects);
    RunReport rerun = f.migrate(BATCH);
    assertThat(rerun.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(rerun.run().counts().total()).isEqualTo(ORDERS);
    MirrorCheck.assertMirrors(f, Set.of());
    assertThat(f.migrate(BATCH).run().counts().inserted()).isZero();
  }

  @Test
  void aSourceConnectionCutMidRunFailsWithASentenceAndTheReRunConverges() {
    EngineFixture f = new EngineFixture().withDemoData(ORDERS);
    try (FaultProxy pg = FaultProxy.to(f.pg.port())) {
      RunReport cut =
          runWithFault(
              through(f, Optional.of(pg), Optional.empty()),
              500,
              c -> pg.set(FaultProxy.Mode.CUT),
              new CancellationToken());
      assertThat(cut.run().status()).isEqualTo(RunStatus.FAILED);
      assertThat(cut.run().failure()).hasValueSatisfying(s -> assertThat(s).isNotBlank());
      assertThat(latest(f).status()).isEqualTo(RunStatus.FAILED);
      convergesAfter(f, cut);
    }
  }

  @Test
  void aFrozenSourceFailsWithinItsReadBoundAndTheRecordIsClosed() {
    EngineFixture f = new EngineFixture().withDemoData(ORDERS);
    try (FaultProxy pg = FaultProxy.to(f.pg.port())) {
      long start = System.nanoTime();
      RunReport frozen =
          runWithFault(
              through(f, Optional.of(pg), Optional.empty()),
              500,
              c -> pg.set(FaultProxy.Mode.FREEZE),
              new CancellationToken());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
      assertThat(frozen.run().status()).isEqualTo(RunStatus.FAILED);
      assertThat(latest(f).status()).isEqualTo(RunStatus.FAILED);
      pg.set(FaultProxy.Mode.FORWARD);
      convergesAfter(f, frozen);
    }
  }

  @Test
  void cancelWhileTheSourceIsFrozenEndsTheRunWithinFiveSecondsAndClosesItsRecord() {
    EngineFixture f = new EngineFixture().withDemoData(ORDERS);
    JobSettings job = f.job(BATCH); // the default, long timeouts: only the cancel can end it
    try (FaultProxy pg = FaultProxy.to(f.pg.port())) {
      JobSettings viaProxy =
          new JobSettings(
              PostgresSettings.of(
                  f.pg.jdbcUrl().replace(":" + f.pg.port() + "/", ":" + pg.port() + "/"),
                  f.pg.user(),
                  Optional.of(Secret.of(f.pg.password()))),
              job.target(),
              job.mapping(),
              job.batchSize(),
              job.tunnel());
      CancellationToken cancel = new CancellationToken();
      long[] cancelledAt = {0};
      RunReport report =
          runWithFault(
              viaProxy,
              500,
              c -> {
                pg.set(FaultProxy.Mode.FREEZE);
                CompletableFuture.runAsync(
                    () -> {
                      sleep(1000);
                      cancelledAt[0] = System.nanoTime();
                      c.cancel();
                    });
              },
              cancel);
      Duration took = Duration.ofNanos(System.nanoTime() - cancelledAt[0]);
      assertThat(report.run().status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(took).isLessThan(Duration.ofSeconds(5));
      assertThat(latest(f).status()).isEqualTo(RunStatus.CANCELLED);
      pg.set(FaultProxy.Mode.FORWARD);
      convergesAfter(f, report);
    }
  }

  @Test
  void aTargetConnectionCutMidWriteIsCountedExactlyFromWhatLanded() {
    EngineFixture f = new EngineFixture().withDemoData(ORDERS);
    try (FaultProxy mongo = mongoProxy()) {
      RunReport cut =
          runWithFault(
              through(f, Optional.empty(), Optional.of(mongo)),
              800,
              c ->
                  CompletableFuture.runAsync(
                      () -> {
                        // cut while the next batches are being written, then let reconnects in
                        sleep(15);
                        mongo.set(FaultProxy.Mode.CUT);
                        sleep(50);
                        mongo.set(FaultProxy.Mode.FORWARD);
                      }),
              new CancellationToken());
      assertThat(cut.run().status()).isIn(RunStatus.FAILED, RunStatus.COMPLETED);
      if (cut.run().status() == RunStatus.FAILED) {
        assertThat(cut.run().failure())
            .hasValueSatisfying(s -> assertThat(s).doesNotContain("Prematurely reached"));
      }
      convergesAfter(f, cut);
    }
  }

  @Test
  void cancelWhileTheTargetIsFrozenReturnsWithinFiveSecondsAndTheRecordIsLaterAbandoned() {
    EngineFixture f = new EngineFixture().withDemoData(ORDERS);
    try (FaultProxy mongo = mongoProxy()) {
      CancellationToken cancel = new CancellationToken();
      long[] cancelledAt = {0};
      JobSettings job = through(f, Optional.empty(), Optional.of(mongo));
      JobSettings slowTarget =
          new JobSettings(
              job.source(),
              job.target()
                  .withTimeouts(
                      Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(60)),
              job.mapping(),
              job.batchSize(),
              job.tunnel());
      RunReport report =
          runWithFault(
              slowTarget,
              500,
              c -> {
                mongo.set(FaultProxy.Mode.FREEZE);
                CompletableFuture.runAsync(
                    () -> {
                      sleep(500);
                      cancelledAt[0] = System.nanoTime();
                      c.cancel();
                    });
              },
              cancel);
      assertThat(report.run().status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt[0]))
          .isLessThan(Duration.ofSeconds(5));
      mongo.set(FaultProxy.Mode.FORWARD);
    }
    // The record could not be closed through the frozen link: it is found silent later.
    try (FerrySession session = f.session(BATCH)) {
      List<RunRecord> closed =
          session
              .sink()
              .runLog()
              .closeAbandoned(Instant.now().plus(RunLog.SILENCE).plusSeconds(60));
      assertThat(closed).extracting(RunRecord::status).containsOnly(RunStatus.ABANDONED);
    }
    RunReport rerun = f.migrate(BATCH);
    assertThat(rerun.run().status()).isEqualTo(RunStatus.COMPLETED);
    MirrorCheck.assertMirrors(f, Set.of());
  }

  @Test
  void aKilledProcessLeavesATargetThatTheNextRunCompletesAndARecordFoundAbandoned()
      throws Exception {
    EngineFixture f = new EngineFixture().withDemoData(ORDERS);
    Process child = childMigrate(f);
    try {
      awaitDocuments(f, 300);
    } finally {
      child.destroyForcibly(); // SIGKILL
      child.waitFor(30, TimeUnit.SECONDS);
    }
    RunReport rerun = f.migrate(BATCH);
    assertThat(rerun.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(rerun.run().sync().orElseThrow().mode()).isEqualTo(SyncMode.FULL_COMPARE);
    MirrorCheck.assertMirrors(f, Set.of());
    try (FerrySession session = f.session(BATCH)) {
      assertThat(
              session
                  .sink()
                  .runLog()
                  .closeAbandoned(Instant.now().plus(RunLog.SILENCE).plusSeconds(60)))
          .hasSize(1);
    }
  }

  @Test
  void aTerminatedProcessRecordsItsRunAsCancelledAndPrintsItsSummary() throws Exception {
    EngineFixture f = new EngineFixture().withDemoData(ORDERS);
    Process child = childMigrate(f);
    awaitDocuments(f, 300);
    child.destroy(); // SIGTERM: the shutdown hook cancels and waits for the summary
    assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String out = java.nio.file.Files.readString(output(f));
    assertThat(out).contains("\"status\":\"cancelled\"");
    assertThat(latest(f).status()).isEqualTo(RunStatus.CANCELLED);
    RunReport rerun = f.migrate(BATCH);
    assertThat(rerun.run().status()).isEqualTo(RunStatus.COMPLETED);
    MirrorCheck.assertMirrors(f, Set.of());
  }

  /** {@code ferry migrate --json} in a child JVM, against the fixture's source and target. */
  private static Process childMigrate(EngineFixture f) throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "dev.ferry.cli.FerryCli",
            "migrate",
            "--pg-url",
            f.pg.jdbcUrl(),
            "--pg-user",
            f.pg.user(),
            MongoTestSupport.cliUriOption(),
            MongoTestSupport.cliUriValue(),
            "--mongo-db",
            f.mongoDb,
            "--batch-size",
            "50",
            "--json"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PGPASSWORD", f.pg.password());
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    // To a file: a terminated process's pipes are closed before a test could read them.
    builder.redirectOutput(output(f).toFile());
    return builder.start();
  }

  private static java.nio.file.Path output(EngineFixture f) {
    return java.nio.file.Path.of(
        System.getProperty("java.io.tmpdir"), "ferry-child-" + f.mongoDb + ".out");
  }

  private static void awaitDocuments(EngineFixture f, int atLeast) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (f.rawDocuments("orders").size() >= atLeast) {
        return;
      }
      sleep(20);
    }
    throw new IllegalStateException("the child run wrote nothing within 60 s");
  }

  private static RunRecord latest(EngineFixture f) {
    try (FerrySession session = f.session(BATCH)) {
      return session.sink().runLog().recent(1).get(0);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
