package dev.ferry.engine;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Produces the next batches on another thread while the run writes the current one, so that reading
 * the source (and the sync state) and writing the target overlap instead of taking turns.
 *
 * <p>Contract: items arrive in production order, each exactly once; at most {@code depth} wait in
 * memory. A failure of the producer (including a cancelled query) is rethrown by {@link #next} on
 * the run's thread. {@link #close()} stops the producing thread and returns only once it no longer
 * touches what it reads, so the caller may close those right after; {@code abort} (e.g. a query
 * cancel) is used when the producer is stuck in a read.
 *
 * @param <T> what one batch is
 */
final class ReadAhead<T> implements AutoCloseable {
  private static final long POLL_MILLIS = 100;
  private static final long STOP_GRACE_MILLIS = 1_000;
  private static final long STOP_LIMIT_MILLIS = 30_000;

  private final BlockingQueue<Item<T>> queue;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Runnable abort;
  private final CompletableFuture<Void> task;

  /** What the producing thread hands over. */
  private sealed interface Item<T> {}

  private record Batch<T>(T batch) implements Item<T> {}

  private record End<T>() implements Item<T> {}

  private record Failure<T>(RuntimeException error) implements Item<T> {}

  /**
   * @param producer returns the next batch, or empty at the end; runs on {@code executor}
   * @param abort unblocks the producer when it is stuck in a read
   */
  ReadAhead(Supplier<Optional<T>> producer, int depth, Executor executor, Runnable abort) {
    Objects.requireNonNull(producer, "producer");
    this.abort = Objects.requireNonNull(abort, "abort");
    this.queue = new ArrayBlockingQueue<>(depth);
    this.task = CompletableFuture.runAsync(() -> produce(producer), executor);
  }

  private void produce(Supplier<Optional<T>> producer) {
    try {
      while (!stopped.get()) {
        Optional<T> batch = producer.get();
        if (batch.isEmpty()) {
          hand(new End<>());
          return;
        }
        hand(new Batch<>(batch.get()));
      }
    } catch (RuntimeException e) {
      hand(new Failure<>(e));
    }
  }

  /** Waits for room, giving up once the run has stopped listening. */
  private void hand(Item<T> item) {
    try {
      while (!stopped.get()) {
        if (queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The next batch, or empty at the end; throws what the producer threw, or {@link
   * RunCancelledException} as soon as {@code cancel} is set.
   */
  Optional<T> next(CancellationToken cancel) {
    return next(cancel, () -> {});
  }

  /** Like {@link #next(CancellationToken)}, running {@code whileWaiting} every poll it waits. */
  Optional<T> next(CancellationToken cancel, Runnable whileWaiting) {
    try {
      while (true) {
        // Every order read and written: a cancel now has nothing left to stop, and the run counts
        // as completed (a cancel pressed during the last batch must not record a "cancelled" run
        // that did everything).
        if (queue.peek() instanceof End<T>) {
          queue.poll();
          return Optional.empty();
        }
        cancel.throwIfCancelled();
        Item<T> item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (item == null) {
          whileWaiting.run();
        }
        if (item instanceof Batch<T> batch) {
          return Optional.of(batch.batch());
        } else if (item instanceof End<T>) {
          return Optional.empty();
        } else if (item instanceof Failure<T> failure) {
          throw failure.error();
        } else if (item == null && task.isDone() && queue.isEmpty()) {
          // The producing thread died of something it could not hand over (an Error).
          throw new IllegalStateException(
              "the source reader stopped unexpectedly", task.handle((v, e) -> e).join());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunCancelledException("the run's thread was interrupted", e);
    }
  }

  @Override
  public void close() {
    stopped.set(true);
    queue.clear();
    if (awaitStop(STOP_GRACE_MILLIS)) {
      return;
    }
    // Still inside a read (a long first query): abort it so the thread lets go promptly.
    abort.run();
    if (!awaitStop(STOP_LIMIT_MILLIS)) {
      throw new IllegalStateException("the source reader did not stop within 30 s");
    }
  }

  private boolean awaitStop(long millis) {
    try {
      task.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return task.isDone();
    }
  }
}
