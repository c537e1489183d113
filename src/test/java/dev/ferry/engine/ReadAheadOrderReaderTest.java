package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.SourceOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The source read ahead on its own thread: the wrapped reader's orders in its order, its failures,
 * and a close that never races a read. (Every migration also goes through it against a real
 * PostgreSQL in the engine's tests.)
 */
class ReadAheadOrderReaderTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void stop() throws InterruptedException {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private static SourceOrder order(int i) {
    return new SourceOrder(
        String.format("o-%05d", i),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  /**
   * Orders o-00000… up to {@code n}; fails at {@code failAt}; {@code block} makes next() wait until
   * cancel(). Records whether close() came while a next() was running.
   */
  private static final class ScriptedReader implements OrderReader {
    final int n;
    final int failAt;
    final boolean block;
    final AtomicInteger read = new AtomicInteger();
    final AtomicBoolean reading = new AtomicBoolean();
    final AtomicBoolean closedWhileReading = new AtomicBoolean();
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicBoolean cancelled = new AtomicBoolean();
    final CountDownLatch blocked = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);

    ScriptedReader(int n, int failAt, boolean block) {
      this.n = n;
      this.failAt = failAt;
      this.block = block;
    }

    @Override
    public long count() {
      return n;
    }

    @Override
    public Optional<SourceOrder> next() {
      reading.set(true);
      try {
        int i = read.get();
        if (block) {
          blocked.countDown();
          try {
            released.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new RunCancelledException("cancelled", null);
        }
        if (i == failAt) {
          throw new IllegalStateException("the source broke at order " + i);
        }
        if (i >= n) {
          return Optional.empty();
        }
        read.incrementAndGet();
        return Optional.of(order(i));
      } finally {
        reading.set(false);
      }
    }

    @Override
    public void cancel() {
      cancelled.set(true);
      released.countDown();
    }

    @Override
    public void close() {
      closedWhileReading.compareAndSet(false, reading.get());
      closed.set(true);
    }
  }

  private static List<String> drain(OrderReader reader) {
    List<String> uids = new ArrayList<>();
    for (Optional<SourceOrder> next = reader.next(); next.isPresent(); next = reader.next()) {
      uids.add(next.get().uid());
    }
    return uids;
  }

  @Test
  void deliversEveryOrderOnceInTheReadersOrderAcrossChunks() {
    ScriptedReader source = new ScriptedReader(1_000, -1, false);
    List<String> uids;
    try (ReadAheadOrderReader reader =
        new ReadAheadOrderReader(source, executor, new CancellationToken())) {
      assertThat(reader.count()).isEqualTo(1_000);
      uids = drain(reader);
      assertThat(reader.next()).as("still empty after the end").isEmpty();
    }
    assertThat(uids).hasSize(1_000).isSorted().doesNotHaveDuplicates();
    assertThat(uids.get(0)).isEqualTo("o-00000");
    assertThat(source.closed).isTrue();
    assertThat(source.closedWhileReading).isFalse();
  }

  @Test
  void anEmptySourceEndsAtOnce() {
    ScriptedReader source = new ScriptedReader(0, -1, false);
    try (ReadAheadOrderReader reader =
        new ReadAheadOrderReader(source, executor, new CancellationToken())) {
      assertThat(reader.next()).isEmpty();
    }
    assertThat(source.closed).isTrue();
  }

  @Test
  void theReadersFailureReachesTheCallerAfterTheOrdersBeforeIt() {
    ScriptedReader source = new ScriptedReader(1_000, 600, false);
    List<String> before = new ArrayList<>();
    try (ReadAheadOrderReader reader =
        new ReadAheadOrderReader(source, executor, new CancellationToken())) {
      assertThatThrownBy(
              () -> {
                for (Optional<SourceOrder> next = reader.next();
                    next.isPresent();
                    next = reader.next()) {
                  before.add(next.get().uid());
                }
              })
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the source broke at order 600");
    }
    // Whole chunks only: the orders of the chunk that failed are not handed over.
    assertThat(before).hasSize(512).isSorted();
    assertThat(source.closedWhileReading).isFalse();
  }

  @Test
  void countAfterReadingStartedIsRefusedSoItNeverSharesTheConnectionWithARead() {
    ScriptedReader source = new ScriptedReader(10, -1, false);
    try (ReadAheadOrderReader reader =
        new ReadAheadOrderReader(source, executor, new CancellationToken())) {
      reader.next();
      assertThatThrownBy(reader::count).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void closeCancelsAReadStuckInItsQueryAndClosesTheReaderOnlyAfterIt() throws Exception {
    ScriptedReader source = new ScriptedReader(10, -1, true);
    CancellationToken cancel = new CancellationToken();
    ReadAheadOrderReader reader = new ReadAheadOrderReader(source, executor, cancel);
    executor.execute(
        () -> {
          try {
            reader.next();
          } catch (RuntimeException expected) {
            // the run's cancel below ends the wait for the next chunk
          }
        });
    assertThat(source.blocked.await(10, TimeUnit.SECONDS)).isTrue();
    cancel.cancel();

    long started = System.nanoTime();
    reader.close();

    assertThat(source.cancelled).as("the stuck query was cancelled").isTrue();
    assertThat(source.closed).isTrue();
    assertThat(source.closedWhileReading).as("closed only once the read let go").isFalse();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(5);
  }
}
