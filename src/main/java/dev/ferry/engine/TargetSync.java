package dev.ferry.engine;

import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The target's side of one run: its sync state and the writes, in the order of a merge join.
 *
 * <p>Contract: {@link #entries()} yields every sync-state entry once, in code-point order of uid,
 * and may be consumed on another thread than the one calling {@link #apply} (the engine reads it
 * ahead). {@link #apply} takes batches whose events are in code-point order across all batches of
 * the run; it writes documents, rejects and removals first and the sync state after them, so an
 * interrupted run never leaves the state claiming a write that did not happen. It never creates a
 * duplicate (documents are keyed on the order uid) and returns exact counts: an order the state
 * does not know is inserted without a lookup, and a duplicate key (another run, a state lost in a
 * crash) falls back to reading and comparing the document. In a full comparison (an untrusted
 * state) every document is read and compared byte for byte and the state is rebuilt. A dry run
 * writes nothing, neither documents nor state. {@link #complete} or {@link #stop} records how the
 * run ended; only a run that did not overlap another leaves the state trusted. {@link #complete}
 * and {@link #stop} are each called at most once, and not after each other.
 */
public interface TargetSync extends AutoCloseable {

  /** Whether the sync state can be trusted (decided when the run opened it). */
  StateTrust trust();

  /**
   * What the parts of a distributed run need to open their own part of this state (see {@link
   * OrderSink#openRange}).
   */
  SyncScope scope();

  /** The entries, in code-point order of uid; empty for an untrusted state. */
  Iterator<TargetEntry> entries();

  /**
   * Feeds every document id and every reject id in the target (in its range, for a part of a
   * distributed run), in no particular order, in lists of at most {@code batchSize}, with the kind
   * of collection they came from (for a full comparison, which must find target entries with no
   * source order without trusting the state).
   */
  void forEachTargetId(int batchSize, BiConsumer<List<String>, TargetEntry.Kind> consumer);

  /**
   * Does the batch's work that needs no target access (encoding, fingerprints); may run on another
   * thread than {@link #apply}, ahead of it.
   */
  PreparedBatch prepare(List<SyncEvent> events);

  /** Applies one batch prepared by this target (see the contract above); returns what it did. */
  RunCounts apply(PreparedBatch batch);

  /** Prepares and applies one batch. */
  default RunCounts apply(List<SyncEvent> events) {
    return apply(prepare(events));
  }

  /** Tells other runs that this one is still alive (called every few seconds). */
  void heartbeat();

  /**
   * Ends a run that applied every source order: the state now describes the whole target, and
   * {@code watermark} lets the next run read only what the source changed since.
   */
  void complete(SyncWatermark watermark);

  /**
   * Ends a run that stopped early (cancelled, or failed outside the target): the state is left
   * consistent with what was applied, trusted again when it was trusted before, and keeps the
   * previous watermark (older, so the next run reads at least everything changed since).
   */
  void stop();

  @Override
  void close();
}
