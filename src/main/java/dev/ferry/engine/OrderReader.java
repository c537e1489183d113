package dev.ferry.engine;

import dev.ferry.core.SourceOrder;
import java.util.Optional;

/**
 * Streams source orders, one at a time, from one consistent snapshot.
 *
 * <p>Contract: {@link #next()} returns orders with all their lines, each order exactly once, in
 * ascending order of uid (by code point), with constant memory however large the source; it returns
 * empty at the end. {@link #cancel()} may be called from any other thread and makes a blocked
 * {@code next()} fail promptly with {@link RunCancelledException}. {@link #close()} ends the
 * snapshot and is idempotent.
 */
public interface OrderReader extends AutoCloseable {

  /** How many orders the selection holds in this snapshot (for progress). */
  long count();

  /** The next order, or empty when there are no more. */
  Optional<SourceOrder> next();

  /** Aborts the running query from another thread. */
  void cancel();

  @Override
  void close();
}
