package dev.ferry.engine;

import java.util.Map;
import java.util.Objects;

/**
 * How one run behaves.
 *
 * @param batchSize orders per read/transform/write batch (1 to 10 000; the MongoDB bulk limit is
 *     not a concern, the sink splits as needed)
 * @param dryRun compare with the target and count, but write nothing (no run record either)
 * @param settingsForHistory the settings to store with the run, already free of secrets
 * @param deleteMissing remove documents and rejects whose order is gone from the source (otherwise
 *     they stay and are counted as stale)
 * @param compare how the target's content is found out (see {@link CompareMode})
 */
public record RunOptions(
    int batchSize,
    boolean dryRun,
    Map<String, String> settingsForHistory,
    boolean deleteMissing,
    CompareMode compare) {
  public static final int DEFAULT_BATCH_SIZE = 1000;

  public RunOptions {
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException(
          "batch size must be between 1 and 10000, was " + batchSize);
    }
    settingsForHistory = Map.copyOf(Objects.requireNonNull(settingsForHistory, "settings"));
    Objects.requireNonNull(compare, "compare");
  }

  /** Keeps gone orders and trusts a consistent sync state. */
  public RunOptions(int batchSize, boolean dryRun, Map<String, String> settingsForHistory) {
    this(batchSize, dryRun, settingsForHistory, false, CompareMode.STATE);
  }

  /** Default batch size, writing, no extra settings. */
  public static RunOptions defaults() {
    return new RunOptions(DEFAULT_BATCH_SIZE, false, Map.of());
  }

  /** A copy that removes (or keeps) gone orders. */
  public RunOptions withDeleteMissing(boolean delete) {
    return new RunOptions(batchSize, dryRun, settingsForHistory, delete, compare);
  }

  /** A copy with another compare mode. */
  public RunOptions withCompare(CompareMode mode) {
    return new RunOptions(batchSize, dryRun, settingsForHistory, deleteMissing, mode);
  }
}
