package dev.ferry.engine;

/**
 * What a run (or one batch) did to the target, counted by Ferry itself, never by the server's
 * {@code modifiedCount}.
 *
 * <p>{@code inserted + updated + unchanged + rejected} is the number of source orders covered;
 * {@code deleted} and {@code stale} count target entries whose order is no longer in the source.
 *
 * @param inserted documents that did not exist and were written
 * @param updated documents that existed with different content and were replaced
 * @param unchanged documents that already held exactly the content and were not written
 * @param rejected orders that are in the rejects collection instead (new, changed or unchanged)
 * @param deleted documents or rejects removed because their order is gone from the source
 * @param stale documents or rejects whose order is gone from the source but which were kept (no
 *     {@code --delete-missing})
 */
public record RunCounts(
    long inserted, long updated, long unchanged, long rejected, long deleted, long stale) {
  public static final RunCounts ZERO = new RunCounts(0, 0, 0, 0, 0, 0);

  public RunCounts {
    if (inserted < 0 || updated < 0 || unchanged < 0 || rejected < 0 || deleted < 0 || stale < 0) {
      throw new IllegalArgumentException("counts cannot be negative");
    }
  }

  /** Counts of source orders only (nothing gone from the source). */
  public RunCounts(long inserted, long updated, long unchanged, long rejected) {
    this(inserted, updated, unchanged, rejected, 0, 0);
  }

  /** The sum of both counts. */
  public RunCounts plus(RunCounts other) {
    return new RunCounts(
        inserted + other.inserted,
        updated + other.updated,
        unchanged + other.unchanged,
        rejected + other.rejected,
        deleted + other.deleted,
        stale + other.stale);
  }

  /** The source orders these counts cover. */
  public long total() {
    return inserted + updated + unchanged + rejected;
  }
}
