package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.FerrySession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A run carried in parts (what the Spark job does on many machines), here with every part in this
 * JVM: the same target as a single-node run, byte for byte, with equal counts; one snapshot for
 * every part; retried parts converge.
 */
class DistributedRunTest {

  /** Runs every part of a distributed run (each on its own session, in parallel) and ends it. */
  private static RunReport distributed(EngineFixture f, int parts, boolean retryFirst) {
    try (FerrySession driver = f.session(100)) {
      DistributedRun run = driver.engine().distribute(new RunOptions(100, false, Map.of()), parts);
      List<CompletableFuture<RangeOutcome>> futures = new ArrayList<>();
      for (RangeTask task : run.tasks()) {
        futures.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try (FerrySession worker = f.session(100)) {
                    if (retryFirst && task == run.tasks().get(0)) {
                      // A part that ran once (as a failed attempt might have) and is run again.
                      worker
                          .engine()
                          .runRange(task, ProgressListener.NONE, new CancellationToken());
                    }
                    return worker
                        .engine()
                        .runRange(task, ProgressListener.NONE, new CancellationToken());
                  }
                }));
      }
      List<RangeOutcome> outcomes = futures.stream().map(CompletableFuture::join).toList();
      return run.finish(outcomes);
    }
  }

  @Test
  void partsGiveTheSameTargetAndCountsAsASingleNodeRun() {
    EngineFixture single = new EngineFixture().withDemoData(900);
    RunReport reference = single.migrate(100);
    EngineFixture parted = new EngineFixture().withDemoData(900);

    RunReport report = distributed(parted, 4, false);

    assertThat(report.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(report.run().counts()).isEqualTo(reference.run().counts());
    MirrorCheck.assertMirrors(parted, Set.of());
    assertThat(
            parted.rawDocuments("orders").stream()
                .map(d -> d.getByteBuffer().asNIO())
                .sorted()
                .toList())
        .isEqualTo(
            single.rawDocuments("orders").stream()
                .map(d -> d.getByteBuffer().asNIO())
                .sorted()
                .toList());
    // The parts left one trusted state: the next run, single-node, reads only what changed.
    RunReport next = parted.migrate(100);
    assertThat(next.run().sync().orElseThrow().mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(next.run().counts().inserted() + next.run().counts().updated()).isZero();
  }

  @Test
  void aRetriedPartAndAReRunInPartsWriteNothingTwice() {
    EngineFixture f = new EngineFixture().withDemoData(600);
    RunReport first = distributed(f, 3, true);
    assertThat(first.run().status()).isEqualTo(RunStatus.COMPLETED);
    MirrorCheck.assertMirrors(f, Set.of());
    RunReport again = distributed(f, 3, false);
    assertThat(again.run().sync().orElseThrow().mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(again.run().counts().inserted() + again.run().counts().updated()).isZero();
    assertThat(again.run().counts().total()).isEqualTo(600);
  }

  @Test
  void morePartsThanOrdersAndPartsWithoutOrdersWork() {
    EngineFixture f = new EngineFixture().withDemoData(5);
    RunReport report = distributed(f, 16, false);
    assertThat(report.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(report.run().counts().total()).isEqualTo(5);
    MirrorCheck.assertMirrors(f, Set.of());
  }

  @Test
  void everyPartReadsTheDriversSnapshotNotLaterChanges() {
    EngineFixture f = new EngineFixture().withDemoData(300);
    try (FerrySession driver = f.session(100)) {
      DistributedRun run = driver.engine().distribute(new RunOptions(100, false, Map.of()), 2);
      // Changed after the snapshot: no part may see it.
      f.pg.execute("UPDATE orders SET status = 'changed-later'");
      List<RangeOutcome> outcomes = new ArrayList<>();
      for (RangeTask task : run.tasks()) {
        try (FerrySession worker = f.session(100)) {
          outcomes.add(
              worker.engine().runRange(task, ProgressListener.NONE, new CancellationToken()));
        }
      }
      assertThat(run.finish(outcomes).run().status()).isEqualTo(RunStatus.COMPLETED);
    }
    assertThat(f.rawDocuments("orders"))
        .isNotEmpty()
        .allSatisfy(
            d -> assertThat(d.getString("status").getValue()).isNotEqualTo("changed-later"));
    // The next run sees the change.
    RunReport next = f.migrate(100);
    assertThat(next.run().counts().updated()).isPositive();
    MirrorCheck.assertMirrors(f, Set.of());
  }
}
