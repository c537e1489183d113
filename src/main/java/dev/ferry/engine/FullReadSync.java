package dev.ferry.engine;

import dev.ferry.core.OrderDocumentMapper;
import dev.ferry.core.SourceOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Produces sync batches by reading every source order and merging it with sync-state entries:
 * matched orders carry their entry, unmatched entries are gone from the source. Used when the whole
 * source must be read (a full comparison, or a trusted state without a usable change feed).
 *
 * <p>In a full comparison the entries are the target's orphans (documents and rejects without a
 * source order, found beforehand), so no source order ever matches one.
 */
final class FullReadSync implements Supplier<Optional<SyncBatch>> {
  private final OrderReader reader;
  private final OrderDocumentMapper mapper;
  private final EntryCursor entries;
  private final boolean deleteMissing;
  private final int batchSize;
  private final SourceOrderCheck order = new SourceOrderCheck();
  private Optional<SourceOrder> pending = Optional.empty();
  private boolean sourceDone;

  FullReadSync(
      OrderReader reader,
      OrderDocumentMapper mapper,
      Iterator<TargetEntry> entries,
      boolean deleteMissing,
      int batchSize) {
    this.reader = reader;
    this.mapper = mapper;
    this.entries = new EntryCursor(entries);
    this.deleteMissing = deleteMissing;
    this.batchSize = batchSize;
  }

  @Override
  public Optional<SyncBatch> get() {
    List<SyncEvent> events = new ArrayList<>(batchSize);
    long orders = 0;
    while (events.size() < batchSize) {
      if (pending.isEmpty() && !sourceDone) {
        pending = reader.next();
        if (pending.isEmpty()) {
          sourceDone = true;
        } else {
          order.accept(pending.get().uid());
        }
      }
      if (pending.isEmpty()) {
        Optional<TargetEntry> gone = entries.next();
        if (gone.isEmpty()) {
          break;
        }
        events.add(new SyncEvent.Gone(gone.get(), deleteMissing));
        continue;
      }
      SourceOrder next = pending.get();
      if (entries.hasBefore(next.uid())) {
        for (TargetEntry gone : entries.takeBefore(next.uid(), batchSize - events.size())) {
          events.add(new SyncEvent.Gone(gone, deleteMissing));
        }
        continue;
      }
      Optional<TargetEntry> entry = entries.takeEqual(next.uid());
      events.add(SyncEvent.Mapped.of(next, mapper, entry));
      orders++;
      pending = Optional.empty();
    }
    return events.isEmpty() ? Optional.empty() : Optional.of(new SyncBatch(events, orders));
  }
}
