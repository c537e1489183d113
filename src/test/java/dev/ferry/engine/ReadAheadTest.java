package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The read-ahead on its own: order, bounded memory, failures, cancel and stop. */
class ReadAheadTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void stop() throws InterruptedException {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** Produces 0, 1, 2, … up to {@code n} (exclusive), counting what it produced. */
  private static Supplier<Optional<Integer>> counting(int n, AtomicInteger produced) {
    return () -> {
      int next = produced.get();
      if (next >= n) {
        return Optional.empty();
      }
      produced.incrementAndGet();
      return Optional.of(next);
    };
  }

  @Test
  void deliversEveryBatchOnceInOrderAndKeepsAtMostDepthWaiting() throws Exception {
    AtomicInteger produced = new AtomicInteger();
    List<Integer> seen = new ArrayList<>();
    try (ReadAhead<Integer> ahead =
        new ReadAhead<>(counting(50, produced), 2, executor, () -> {})) {
      Thread.sleep(300); // the producer fills the queue and waits
      // two waiting in the queue, and at most one more in the producer's hands
      assertThat(produced.get()).isBetween(2, 3);
      Optional<Integer> next;
      while ((next = ahead.next(new CancellationToken())).isPresent()) {
        seen.add(next.get());
      }
    }
    assertThat(seen).hasSize(50).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void aCancelAfterTheLastBatchStillEndsTheRunNormally() throws Exception {
    AtomicInteger produced = new AtomicInteger();
    CancellationToken cancel = new CancellationToken();
    try (ReadAhead<Integer> ahead = new ReadAhead<>(counting(1, produced), 2, executor, () -> {})) {
      assertThat(ahead.next(cancel)).contains(0);
      Thread.sleep(200); // the end is queued
      cancel.cancel(); // pressed while the last batch was being written
      assertThat(ahead.next(cancel)).isEmpty();
    }
  }

  @Test
  void aFailureOfTheProducerIsRethrownOnTheRunsThread() {
    Supplier<Optional<Integer>> failing =
        () -> {
          throw new IllegalArgumentException("the source broke");
        };
    try (ReadAhead<Integer> ahead = new ReadAhead<>(failing, 2, executor, () -> {})) {
      assertThatThrownBy(() -> ahead.next(new CancellationToken()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the source broke");
    }
  }

  @Test
  void anErrorThatCannotBeHandedOverStillEndsTheWaitWithASentence() {
    Supplier<Optional<Integer>> dying =
        () -> {
          throw new AssertionError("out of memory, say");
        };
    try (ReadAhead<Integer> ahead = new ReadAhead<>(dying, 2, executor, () -> {})) {
      assertThatThrownBy(() -> ahead.next(new CancellationToken()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("stopped unexpectedly");
    }
  }

  @Test
  void aCancelEndsAWaitForASlowProducerAtOnceAndRunsTheWaitingHook() {
    CountDownLatch never = new CountDownLatch(1);
    Supplier<Optional<Integer>> stuck =
        () -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Optional.empty();
        };
    CancellationToken cancel = new CancellationToken();
    AtomicInteger waits = new AtomicInteger();
    try (ReadAhead<Integer> ahead = new ReadAhead<>(stuck, 2, executor, never::countDown)) {
      executor.submit(
          () -> {
            Thread.sleep(400);
            cancel.cancel();
            return null;
          });
      long start = System.nanoTime();
      assertThatThrownBy(() -> ahead.next(cancel, waits::incrementAndGet))
          .isInstanceOf(RunCancelledException.class);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
      assertThat(waits.get()).as("the hook ran while waiting").isGreaterThan(1);
    }
    // close() used the abort hook to free the stuck producer (else it would wait 30 s)
    assertThat(never.getCount()).isZero();
  }
}
