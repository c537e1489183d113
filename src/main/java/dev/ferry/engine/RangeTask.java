package dev.ferry.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * One part of a distributed run, as its driver ({@link DistributedRun}) hands it out: everything a
 * worker needs to carry the orders of one uid range with {@link MigrationEngine#runRange}, against
 * the same snapshot and sync state as every other part.
 *
 * @param runId the run this part belongs to
 * @param range the uids of this part
 * @param snapshotId the source snapshot the driver exported (every part reads exactly it)
 * @param mode how the run compares (decided once by the driver)
 * @param settingsFingerprint the run's settings fingerprint (see {@link SyncWatermark})
 * @param sourceToken the change token to read changes since, for an incremental run
 * @param scope the target's sync state as the driver found it
 * @param batchSize orders per batch
 * @param dryRun write nothing
 * @param deleteMissing remove entries gone from the source
 */
public record RangeTask(
    String runId,
    UidRange range,
    String snapshotId,
    SyncMode mode,
    String settingsFingerprint,
    Optional<String> sourceToken,
    SyncScope scope,
    int batchSize,
    boolean dryRun,
    boolean deleteMissing) {
  public RangeTask {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(snapshotId, "snapshotId");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(settingsFingerprint, "settingsFingerprint");
    Objects.requireNonNull(sourceToken, "sourceToken");
    Objects.requireNonNull(scope, "scope");
    if (mode == SyncMode.INCREMENTAL && sourceToken.isEmpty()) {
      throw new IllegalArgumentException("an incremental part needs the change token");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1");
    }
  }
}
