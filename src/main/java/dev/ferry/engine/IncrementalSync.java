package dev.ferry.engine;

import dev.ferry.core.OrderDocumentMapper;
import dev.ferry.core.SourceOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Produces sync batches from a change feed merged with the sync state: an order the feed says is
 * unchanged, and whose line count the state confirms, costs nothing; new and changed orders are
 * read (a batch at a time, by uid, from the same snapshot) and mapped; entries the feed no longer
 * lists are gone from the source.
 *
 * <p>A batch holds at most {@code batchSize} orders to read or entries gone, and at most {@link
 * #MAX_EVENTS} events in all, so memory stays flat however sparse the changes.
 */
final class IncrementalSync implements Supplier<Optional<SyncBatch>> {
  /** Events per batch: unchanged orders are cheap, so many fit, but not unboundedly many. */
  static final int MAX_EVENTS = 20_000;

  private final ChangeFeed feed;
  private final SourceSnapshot snapshot;
  private final OrderDocumentMapper mapper;
  private final EntryCursor entries;
  private final boolean deleteMissing;
  private final int batchSize;
  private final SourceOrderCheck order = new SourceOrderCheck();
  private Optional<SourceFact> pending = Optional.empty();
  private boolean feedDone;

  IncrementalSync(
      ChangeFeed feed,
      SourceSnapshot snapshot,
      OrderDocumentMapper mapper,
      Iterator<TargetEntry> entries,
      boolean deleteMissing,
      int batchSize) {
    this.feed = feed;
    this.snapshot = snapshot;
    this.mapper = mapper;
    this.entries = new EntryCursor(entries);
    this.deleteMissing = deleteMissing;
    this.batchSize = batchSize;
  }

  /** An order to read, and where its event goes in the batch. */
  private record ToRead(int index, Optional<TargetEntry> entry) {}

  @Override
  public Optional<SyncBatch> get() {
    List<SyncEvent> events = new ArrayList<>();
    Map<String, ToRead> toRead = new HashMap<>();
    int heavy = 0;
    long orders = 0;
    while (heavy < batchSize && events.size() < MAX_EVENTS) {
      if (pending.isEmpty() && !feedDone) {
        pending = feed.next();
        if (pending.isEmpty()) {
          feedDone = true;
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
        heavy++;
        continue;
      }
      SourceFact fact = pending.get();
      if (entries.hasBefore(fact.uid())) {
        for (TargetEntry gone : entries.takeBefore(fact.uid(), batchSize - heavy)) {
          events.add(new SyncEvent.Gone(gone, deleteMissing));
          heavy++;
        }
        continue;
      }
      Optional<TargetEntry> entry = entries.takeEqual(fact.uid());
      if (entry.isPresent() && !fact.changed() && entry.get().lines() == fact.lines()) {
        events.add(new SyncEvent.Unchanged(entry.get()));
      } else {
        toRead.put(fact.uid(), new ToRead(events.size(), entry));
        events.add(null); // filled in once the order is read
        heavy++;
      }
      orders++;
      pending = Optional.empty();
    }
    if (events.isEmpty()) {
      return Optional.empty();
    }
    if (!toRead.isEmpty()) {
      read(toRead, events);
    }
    return Optional.of(new SyncBatch(events, orders));
  }

  /** Reads the changed and new orders of this batch and puts their events in place. */
  private void read(Map<String, ToRead> toRead, List<SyncEvent> events) {
    int found = 0;
    try (OrderReader reader = snapshot.read(OrderSelection.byUids(List.copyOf(toRead.keySet())))) {
      Optional<SourceOrder> next;
      while ((next = reader.next()).isPresent()) {
        SourceOrder order = next.get();
        ToRead slot = toRead.get(order.uid());
        if (slot == null || events.get(slot.index()) != null) {
          throw new IllegalStateException("the source returned order " + order.uid() + " twice");
        }
        events.set(slot.index(), SyncEvent.Mapped.of(order, mapper, slot.entry()));
        found++;
      }
    }
    if (found != toRead.size()) {
      List<String> missing = new ArrayList<>();
      toRead.forEach(
          (uid, slot) -> {
            if (events.get(slot.index()) == null) {
              missing.add(uid);
            }
          });
      throw new IllegalStateException(
          "the source's change feed listed orders its snapshot does not return: " + missing);
    }
  }
}
