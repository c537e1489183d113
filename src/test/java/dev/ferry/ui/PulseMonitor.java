package dev.ferry.ui;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import javafx.animation.AnimationTimer;

/**
 * Records the longest gap between two FX pulses, net of garbage-collection time in that gap: a
 * stop-the-world pause freezes every thread and says nothing about what runs on the FX thread,
 * while anything the code does on the FX thread (I/O, waiting, heavy work) stays in the gap.
 */
final class PulseMonitor extends AnimationTimer {
  private long lastNanos;
  private long lastGcMillis;
  private volatile long maxGapNanos;
  private volatile long maxRawGapNanos;
  private volatile long pulses;

  @Override
  public void handle(long now) {
    long nowNanos = System.nanoTime();
    long gc = gcMillis();
    if (lastNanos != 0) {
      long raw = nowNanos - lastNanos;
      long net = raw - (gc - lastGcMillis) * 1_000_000L;
      maxRawGapNanos = Math.max(maxRawGapNanos, raw);
      maxGapNanos = Math.max(maxGapNanos, net);
    }
    lastNanos = nowNanos;
    lastGcMillis = gc;
    pulses++;
  }

  /** Forgets what was measured (call on the FX thread). */
  void reset() {
    lastNanos = 0;
    maxGapNanos = 0;
    maxRawGapNanos = 0;
    pulses = 0;
  }

  long maxGapMillis() {
    return maxGapNanos / 1_000_000L;
  }

  long maxRawGapMillis() {
    return maxRawGapNanos / 1_000_000L;
  }

  long pulses() {
    return pulses;
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }
}
