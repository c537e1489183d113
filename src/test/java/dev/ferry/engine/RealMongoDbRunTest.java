package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.testing.RealMongoDbOnly;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole runs against what only a real MongoDB does mid-run: a write concern that times out and a
 * replica-set primary that steps down. Either may fail the run (with its sentence) or be ridden out
 * by the driver; what must hold is that the next run converges: every source order once, in the
 * target or the rejects, and {@code verify} finds nothing.
 *
 * <p>The write concern timeout is produced with MongoDB's {@code failCommand} fail point (as the
 * drivers' own tests do), so it needs {@code --setParameter enableTestCommands=1}; the stepdown
 * needs a replica set. Both are skipped, with the reason, elsewhere.
 */
class RealMongoDbRunTest {
  private static final int ORDERS = 1_500;
  private static final int BATCH = 100;

  private MongoClient admin;

  @BeforeEach
  void connect() {
    admin = MongoTestSupport.client();
  }

  @AfterEach
  void disconnect() {
    try {
      failPoint("off");
    } catch (MongoException e) {
      // Not available on this server (the test was skipped) or already off.
    }
    admin.close();
  }

  @Test
  @RealMongoDbOnly
  void aWriteConcernTimeoutMidRunEndsItAndTheNextRunConverges() {
    try {
      failPoint("off");
    } catch (MongoCommandException e) {
      Assumptions.abort(
          "the server has no failCommand fail point (start it with --setParameter"
              + " enableTestCommands=1): "
              + e.getErrorMessage());
    }
    EngineFixture f = new EngineFixture().withDemoData(ORDERS);
    AtomicBoolean armed = new AtomicBoolean();

    RunReport first =
        f.migrate(
            BATCH,
            progress -> {
              // After the first batch, so the run record and that batch are already written.
              if (progress.processed() > 0 && armed.compareAndSet(false, true)) {
                failPoint("times");
              }
            },
            new CancellationToken());

    assertThat(armed).isTrue();
    assertThat(first.run().status())
        .as("%s", first.run().failure())
        .isIn(RunStatus.FAILED, RunStatus.COMPLETED);
    if (first.run().status() == RunStatus.FAILED) {
      assertThat(first.run().failure()).hasValueSatisfying(s -> assertThat(s).isNotBlank());
    }
    assertConverges(f);
  }

  @Test
  @RealMongoDbOnly
  void aPrimaryThatStepsDownMidRunLeavesATargetTheNextRunCompletes() throws Exception {
    MongoDatabase adminDb = admin.getDatabase("admin");
    Document hello = adminDb.runCommand(new Document("isMaster", 1));
    Assumptions.assumeTrue(hello.containsKey("setName"), "the target is not a replica set");
    EngineFixture f = new EngineFixture().withDemoData(ORDERS);
    AtomicBoolean steppedDown = new AtomicBoolean();

    RunReport first =
        f.migrate(
            BATCH,
            progress -> {
              if (progress.processed() >= 3 * BATCH && steppedDown.compareAndSet(false, true)) {
                stepDown(adminDb);
              }
            },
            new CancellationToken());

    assertThat(steppedDown).isTrue();
    assertThat(first.run().status())
        .as("%s", first.run().failure())
        .isIn(RunStatus.FAILED, RunStatus.COMPLETED);
    awaitPrimary(adminDb, Duration.ofSeconds(90));
    assertConverges(f);
  }

  private static void assertConverges(EngineFixture f) {
    RunReport next = f.migrate(BATCH);
    assertThat(next.run().status()).as("%s", next.run().failure()).isEqualTo(RunStatus.COMPLETED);
    RunCounts counts = next.run().counts();
    assertThat(counts.total()).isEqualTo(ORDERS);
    assertThat(f.documents("orders").size() + f.documents("orders_rejects").size())
        .isEqualTo(ORDERS);
    VerificationReport verified = f.verify();
    assertThat(verified.matches()).as("%s", verified.differences()).isTrue();
  }

  /** Sets the fail point: one insert of Ferry's reports a write concern timeout, or off. */
  private void failPoint(String mode) {
    Document command = new Document("configureFailPoint", "failCommand");
    if (mode.equals("off")) {
      command.append("mode", "off");
    } else {
      command
          .append("mode", new Document("times", 1))
          .append(
              "data",
              new Document("failCommands", java.util.List.of("insert"))
                  .append("appName", "ferry")
                  .append(
                      "writeConcernError",
                      new Document("code", 64)
                          .append("codeName", "WriteConcernFailed")
                          .append("errmsg", "waiting for replication timed out")
                          .append("errInfo", new Document("wtimeout", true))));
    }
    admin.getDatabase("admin").runCommand(command);
  }

  private static void stepDown(MongoDatabase adminDb) {
    try {
      adminDb.runCommand(
          new Document("replSetStepDown", 5)
              .append("secondaryCatchUpPeriodSecs", 1)
              .append("force", true));
    } catch (MongoException e) {
      // Older servers drop every connection on stepdown, this one included: it happened anyway.
    }
  }

  private static void awaitPrimary(MongoDatabase adminDb, Duration limit) throws Exception {
    Instant until = Instant.now().plus(limit);
    while (Instant.now().isBefore(until)) {
      try {
        if (adminDb.runCommand(new Document("isMaster", 1)).getBoolean("ismaster", false)) {
          return;
        }
      } catch (MongoException e) {
        // still electing
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no primary within " + limit);
  }
}
