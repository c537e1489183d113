package dev.ferry.engine;

/**
 * What a run (or one batch) did to the target, counted by Ferry itself, never by the server's
 * {@code modifiedCount}.
 *
 * @param inserted documents that did not exist and were written
 * @param updated documents that existed with different content and were replaced
 * @param unchanged documents that already held exactly the content and were not written
 * @param rejected orders that went to the rejects collection instead
 */
public record RunCounts(long inserted, long updated, long unchanged, long rejected) {
  public static final RunCounts ZERO = new RunCounts(0, 0, 0, 0);

  public RunCounts {
    if (inserted < 0 || updated < 0 || unchanged < 0 || rejected < 0) {
      throw new IllegalArgumentException("counts cannot be negative");
    }
  }

  /** The sum of both counts. */
  public RunCounts plus(RunCounts other) {
    return new RunCounts(
        inserted + other.inserted,
        updated + other.updated,
        unchanged + other.unchanged,
        rejected + other.rejected);
  }

  /** All orders these counts cover. */
  public long total() {
    return inserted + updated + unchanged + rejected;
  }
}
