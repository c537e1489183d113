package dev.ferry.spark;

import dev.ferry.engine.RangeTask;
import dev.ferry.engine.StateTrust;
import dev.ferry.engine.SyncMode;
import dev.ferry.engine.SyncScope;
import dev.ferry.engine.UidRange;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link RangeTask} as it travels to a Spark executor: plain serializable fields (empty strings
 * for absent bounds and tokens). It holds no secret: workers read theirs from their environment.
 */
final class PartSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final String runId;
  private final String from;
  private final boolean hasFrom;
  private final String until;
  private final boolean hasUntil;
  private final String snapshotId;
  private final String mode;
  private final String fingerprint;
  private final String token;
  private final boolean hasToken;
  private final boolean trusted;
  private final String trustReason;
  private final long generation;
  private final ArrayList<String> boundaries;
  private final int batchSize;
  private final boolean dryRun;
  private final boolean deleteMissing;

  private PartSpec(int index, RangeTask task) {
    this.index = index;
    this.runId = task.runId();
    this.from = task.range().from().orElse("");
    this.hasFrom = task.range().from().isPresent();
    this.until = task.range().until().orElse("");
    this.hasUntil = task.range().until().isPresent();
    this.snapshotId = task.snapshotId();
    this.mode = task.mode().name();
    this.fingerprint = task.settingsFingerprint();
    this.token = task.sourceToken().orElse("");
    this.hasToken = task.sourceToken().isPresent();
    this.trusted = task.scope().trust().trusted();
    this.trustReason = task.scope().trust().reason();
    this.generation = task.scope().generation();
    this.boundaries = new ArrayList<>(task.scope().boundaries());
    this.batchSize = task.batchSize();
    this.dryRun = task.dryRun();
    this.deleteMissing = task.deleteMissing();
  }

  static List<PartSpec> of(List<RangeTask> tasks) {
    List<PartSpec> specs = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      specs.add(new PartSpec(i, tasks.get(i)));
    }
    return specs;
  }

  /** Which part it is (its position among the run's tasks). */
  int index() {
    return index;
  }

  RangeTask task() {
    return new RangeTask(
        runId,
        new UidRange(
            hasFrom ? Optional.of(from) : Optional.empty(),
            hasUntil ? Optional.of(until) : Optional.empty()),
        snapshotId,
        SyncMode.valueOf(mode),
        fingerprint,
        hasToken ? Optional.of(token) : Optional.empty(),
        new SyncScope(
            trusted
                ? new StateTrust(true, trustReason, Optional.empty())
                : StateTrust.untrusted(trustReason),
            generation,
            boundaries),
        batchSize,
        dryRun,
        deleteMissing);
  }
}
