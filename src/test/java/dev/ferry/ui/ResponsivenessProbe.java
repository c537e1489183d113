package dev.ferry.ui;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;

/**
 * Measures how long the FX thread takes to run a task posted to it, every 5 ms: the time an event
 * (a click, a key) would wait. Garbage-collection time within a probe's wait is subtracted, since a
 * stop-the-world pause stops every thread and says nothing about the code on the FX thread.
 *
 * <p>Why not the gap between pulses: on two cores the pulse timer thread itself is starved while a
 * run keeps PostgreSQL, the Mongo server and the engine busy, so pulse gaps grow while the FX
 * thread sits idle waiting for work (seen in thread dumps); the latency of posted work is what a
 * frozen window would show.
 */
final class ResponsivenessProbe implements AutoCloseable {
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong maxLatencyNanos = new AtomicLong();
  private final AtomicLong probes = new AtomicLong();
  private final java.util.concurrent.ConcurrentLinkedQueue<Long> latencies =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  ResponsivenessProbe() {
    ticker.scheduleAtFixedRate(this::probe, 5, 5, TimeUnit.MILLISECONDS);
  }

  private void probe() {
    long posted = System.nanoTime();
    long gcAtPost = gcMillis();
    Platform.runLater(
        () -> {
          long latency = System.nanoTime() - posted - (gcMillis() - gcAtPost) * 1_000_000L;
          maxLatencyNanos.accumulateAndGet(latency, Math::max);
          latencies.add(latency);
          probes.incrementAndGet();
        });
  }

  long maxLatencyMillis() {
    return maxLatencyNanos.get() / 1_000_000L;
  }

  /** The latency that {@code share} of the probes stayed under, e.g. 0.99. */
  long percentileMillis(double share) {
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * share))]
        / 1_000_000L;
  }

  long probes() {
    return probes.get();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }
}
