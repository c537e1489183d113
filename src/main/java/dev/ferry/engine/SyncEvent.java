package dev.ferry.engine;

import dev.ferry.core.MappingResult;
import java.util.Objects;
import java.util.Optional;

/**
 * One order's part in a synchronisation batch, as the engine's merge of source and sync state found
 * it. Batches list events in code-point order of uid, each uid at most once.
 */
public sealed interface SyncEvent {

  /** The order uid. */
  String uid();

  /**
   * An order the source has not changed since the sync state was written (nothing read, nothing to
   * write): it stays as {@code entry} says.
   */
  record Unchanged(TargetEntry entry) implements SyncEvent {
    public Unchanged {
      Objects.requireNonNull(entry, "entry");
    }

    @Override
    public String uid() {
      return entry.uid();
    }
  }

  /**
   * An order read from the source and mapped: the sink compares it with {@code entry} (or, without
   * one or in a full comparison, with the target itself) and writes what differs.
   *
   * @param lines the number of source lines the order has now
   */
  record Mapped(MappingResult result, int lines, Optional<TargetEntry> entry) implements SyncEvent {
    public Mapped {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(entry, "entry");
      if (lines < 0) {
        throw new IllegalArgumentException("lines cannot be negative: " + lines);
      }
      if (entry.isPresent() && !entry.get().uid().equals(result.uid())) {
        throw new IllegalArgumentException("entry and result are different orders");
      }
    }

    @Override
    public String uid() {
      return result.uid();
    }
  }

  /**
   * A target document or reject whose order is no longer in the source: removed when {@code
   * remove}, otherwise kept and counted as stale.
   */
  record Gone(TargetEntry entry, boolean remove) implements SyncEvent {
    public Gone {
      Objects.requireNonNull(entry, "entry");
    }

    @Override
    public String uid() {
      return entry.uid();
    }
  }
}
