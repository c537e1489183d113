package dev.ferry.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap that is still in use after each garbage collection — the memory a run really holds, as
 * opposed to the heap's fill level, which a collector lets grow with garbage up to {@code -Xmx}.
 */
final class LiveHeap {
  /** The map after a GC also lists metaspace and code cache; only heap pools count here. */
  private static final Set<String> HEAP_POOLS =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());

  private final AtomicLong max = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final List<Runnable> removals = new ArrayList<>();

  private LiveHeap() {}

  static LiveHeap watch() {
    LiveHeap heap = new LiveHeap();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        NotificationListener listener = (notification, handback) -> heap.record(notification);
        emitter.addNotificationListener(listener, null, null);
        heap.removals.add(
            () -> {
              try {
                emitter.removeNotificationListener(listener);
              } catch (javax.management.ListenerNotFoundException e) {
                // Already gone: nothing to undo.
              }
            });
      }
    }
    return heap;
  }

  private void record(javax.management.Notification notification) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long used = 0;
    for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (HEAP_POOLS.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    max.accumulateAndGet(used, Math::max);
    collections.incrementAndGet();
  }

  void stop() {
    removals.forEach(Runnable::run);
  }

  long maxAfterGc() {
    return max.get();
  }

  long collections() {
    return collections.get();
  }
}
