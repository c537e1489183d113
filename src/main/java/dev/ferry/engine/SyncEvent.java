package dev.ferry.engine;

import dev.ferry.core.MappingResult;
import dev.ferry.core.OrderDocumentMapper;
import dev.ferry.core.SourceOrder;
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
   * @param order the source order as read (kept for a reject the target itself forces, e.g. a
   *     document over the target's size limit)
   * @param result what the mapper made of it
   */
  record Mapped(SourceOrder order, MappingResult result, Optional<TargetEntry> entry)
      implements SyncEvent {
    public Mapped {
      Objects.requireNonNull(order, "order");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(entry, "entry");
      if (!order.uid().equals(result.uid())) {
        throw new IllegalArgumentException("order and result are different orders");
      }
      if (entry.isPresent() && !entry.get().uid().equals(result.uid())) {
        throw new IllegalArgumentException("entry and result are different orders");
      }
    }

    /** The mapping of {@code order} by {@code mapper}. */
    public static Mapped of(
        SourceOrder order, OrderDocumentMapper mapper, Optional<TargetEntry> entry) {
      return new Mapped(order, mapper.map(order), entry);
    }

    /** The number of source lines the order has now. */
    public int lines() {
      return order.lines().size();
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
