package dev.ferry.engine;

import dev.ferry.core.MappingResult;
import dev.ferry.core.OrderDocumentMapper;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads and maps the next batches on another thread while the run writes the current one, so that
 * the source's fetch and the sink's write overlap instead of taking turns.
 *
 * <p>Contract: batches arrive in source order, each exactly once; at most {@code depth} batches
 * wait in memory. A failure of the reader (including a cancelled query) is rethrown by {@link
 * #next} on the run's thread. {@link #close()} stops the reading thread and returns only once it no
 * longer touches the reader, so the caller may close the reader right after.
 */
final class ReadAhead implements AutoCloseable {
  private static final long POLL_MILLIS = 100;
  private static final long STOP_GRACE_MILLIS = 1_000;
  private static final long STOP_LIMIT_MILLIS = 30_000;

  private final OrderReader reader;
  private final BlockingQueue<Item> queue;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CompletableFuture<Void> task;

  /** What the reading thread hands over. */
  private sealed interface Item {}

  private record Batch(List<MappingResult> results) implements Item {}

  private record End() implements Item {}

  private record Failure(RuntimeException error) implements Item {}

  ReadAhead(
      OrderReader reader, OrderDocumentMapper mapper, int batchSize, int depth, Executor executor) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.queue = new ArrayBlockingQueue<>(depth);
    MappedBatches batches = new MappedBatches(reader, mapper);
    this.task = CompletableFuture.runAsync(() -> produce(batches, batchSize), executor);
  }

  private void produce(MappedBatches batches, int batchSize) {
    try {
      while (!stopped.get()) {
        List<MappingResult> batch = batches.next(batchSize);
        if (batch.isEmpty()) {
          hand(new End());
          return;
        }
        hand(new Batch(batch));
      }
    } catch (RuntimeException e) {
      hand(new Failure(e));
    }
  }

  /** Waits for room, giving up once the run has stopped listening. */
  private void hand(Item item) {
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
   * The next batch, or an empty list at the end; throws what the reader threw, or {@link
   * RunCancelledException} as soon as {@code cancel} is set.
   */
  List<MappingResult> next(CancellationToken cancel) {
    try {
      while (true) {
        cancel.throwIfCancelled();
        Item item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (item instanceof Batch batch) {
          return batch.results();
        } else if (item instanceof End) {
          return List.of();
        } else if (item instanceof Failure failure) {
          throw failure.error();
        } else if (item == null && task.isDone() && queue.isEmpty()) {
          // The reading thread died of something it could not hand over (an Error).
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
    // Still inside the reader (a long first query): abort it so the thread lets go promptly.
    reader.cancel();
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
