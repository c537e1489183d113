package dev.ferry.engine;

import java.util.Objects;

/**
 * A batch that failed part way through its writes, with what is known to have landed: the target
 * read back after the failure. Thrown by {@link TargetSync#apply}; the run adds {@link #landed()}
 * to its counts, so they match the target, and names {@link #uncertain()} orders whose writes could
 * not be confirmed either way (the next run settles them).
 */
public final class PartialWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What the batch is known to have done before it failed. */
  private final transient RunCounts landed;

  private final long uncertain;

  public PartialWriteException(RunCounts landed, long uncertain, RuntimeException cause) {
    super(cause.getMessage(), Objects.requireNonNull(cause, "cause"));
    this.landed = Objects.requireNonNull(landed, "landed");
    if (uncertain < 0) {
      throw new IllegalArgumentException("uncertain cannot be negative");
    }
    this.uncertain = uncertain;
  }

  /** The writes of the failed batch that are in the target, counted like a batch's. */
  public RunCounts landed() {
    return landed;
  }

  /** Orders of the failed batch whose write could be neither confirmed nor ruled out. */
  public long uncertain() {
    return uncertain;
  }
}
