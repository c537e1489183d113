package dev.ferry.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cooperative cancellation shared between the thread that runs and the thread that cancels.
 *
 * <p>Contract: {@link #cancel()} may be called from any thread, any number of times; it sets the
 * flag the run checks between batches and runs each registered hook once (for example a JDBC
 * statement cancel), so that work blocked in a driver is unblocked too — the Kafka Connect {@code
 * stop()} idea. A hook registered after cancellation runs at once.
 */
public final class CancellationToken {
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final List<Runnable> hooks = new CopyOnWriteArrayList<>();

  /** Requests cancellation. */
  public void cancel() {
    if (cancelled.compareAndSet(false, true)) {
      hooks.forEach(CancellationToken::runQuietly);
    }
  }

  /** Whether cancellation was requested. */
  public boolean isCancelled() {
    return cancelled.get();
  }

  /** Throws {@link RunCancelledException} when cancellation was requested. */
  public void throwIfCancelled() {
    if (isCancelled()) {
      throw new RunCancelledException("the run was cancelled");
    }
  }

  /** Runs {@code hook} on cancellation (now, if already cancelled). */
  public void onCancel(Runnable hook) {
    hooks.add(hook);
    if (isCancelled()) {
      runQuietly(hook);
    }
  }

  private static void runQuietly(Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException e) {
      // A hook that fails must not stop the others: cancellation is best effort per resource.
      org.slf4j.LoggerFactory.getLogger(CancellationToken.class)
          .debug("cancellation hook failed", e);
    }
  }
}
