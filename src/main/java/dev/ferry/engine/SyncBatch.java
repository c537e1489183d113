package dev.ferry.engine;

import java.util.List;

/**
 * One batch of a synchronisation, as the engine hands it to the target.
 *
 * @param events the events, in code-point order of uid
 * @param sourceOrders how many source orders the events cover (for progress)
 */
record SyncBatch(List<SyncEvent> events, long sourceOrders) {
  SyncBatch {
    events = List.copyOf(events);
  }

  /** A batch the target has prepared, with the source orders it covers. */
  record Ready(PreparedBatch batch, long sourceOrders) {}
}
