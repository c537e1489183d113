package dev.ferry.engine;

import java.util.ArrayList;
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

  /**
   * A batch the target has prepared, with the source orders it covers and what the run's tally
   * notes of it (taken before the batch's events are dropped).
   */
  record Ready(PreparedBatch batch, long sourceOrders, List<RunTally.Note> notes) {
    Ready {
      notes = List.copyOf(notes);
    }
  }

  /** Prepares this batch on {@code target}; the events are not kept beyond it. */
  Ready prepare(TargetSync target) {
    List<RunTally.Note> notes = new ArrayList<>();
    for (SyncEvent event : events) {
      RunTally.noteOf(event).ifPresent(notes::add);
    }
    return new Ready(target.prepare(events), sourceOrders, notes);
  }
}
