package dev.ferry.engine;

import java.util.Optional;

/**
 * Every order of a snapshot, with whether it may have changed since an earlier snapshot.
 *
 * <p>Contract: {@link #next()} returns each order of the snapshot exactly once, in code-point order
 * of uid, and empty at the end; {@code changed} is never false for an order that did change (it may
 * be true for one that did not). {@link #close()} is idempotent and leaves the snapshot open.
 */
public interface ChangeFeed extends AutoCloseable {

  /** The next order, or empty at the end. */
  Optional<SourceFact> next();

  @Override
  void close();
}
