package dev.ferry.engine;

import dev.ferry.core.CodePointOrder;
import dev.ferry.core.OrderDocumentMapper;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the orders of one uid range — all of them for a single-node run, one part of a
 * distributed one: builds the merge of source and sync state the run's mode asks for, reads and
 * prepares the next batches on another thread while the current one is applied, and notes what each
 * batch did in the run's tally.
 */
final class RangeRunner {
  private static final Logger LOG = LoggerFactory.getLogger(RangeRunner.class);

  /**
   * Batches prepared ahead while one is written: one is enough to overlap reading with writing.
   * Whatever waits here survives the young collections that happen meanwhile and is copied by each;
   * with two, the collector took 2.8–2.9 s of CPU over a 300k first load, with one 1.2–2.1 s.
   */
  private static final int READ_AHEAD_BATCHES = 1;

  /**
   * Target entries without a source order that a full comparison holds in memory (about 20 MB);
   * beyond that the run still removes or counts what it found, and leaves the sync state for a
   * later run to complete.
   */
  static final int MAX_ORPHANS = 200_000;

  /** Ids per source lookup when a full comparison looks for entries without a source order. */
  private static final int ORPHAN_LOOKUP = 10_000;

  private final SourceSnapshot snapshot;
  private final TargetSync target;
  private final OrderDocumentMapper mapper;
  private final Executor executor;
  private final UidRange range;
  private final SyncMode mode;
  private final Optional<String> sourceToken;
  private final int batchSize;
  private final boolean deleteMissing;
  private final RunTally tally;
  private final CancellationToken cancel;

  RangeRunner(
      SourceSnapshot snapshot,
      TargetSync target,
      OrderDocumentMapper mapper,
      Executor executor,
      UidRange range,
      SyncMode mode,
      Optional<String> sourceToken,
      int batchSize,
      boolean deleteMissing,
      RunTally tally,
      CancellationToken cancel) {
    this.snapshot = snapshot;
    this.target = target;
    this.mapper = mapper;
    this.executor = executor;
    this.range = range;
    this.mode = mode;
    this.sourceToken = sourceToken;
    this.batchSize = batchSize;
    this.deleteMissing = deleteMissing;
    this.tally = tally;
    this.cancel = cancel;
  }

  /**
   * Carries every order of the range; runs {@code afterBatch} after each applied batch and {@code
   * whileWaiting} while waiting for the next. Returns whether the target's state now describes the
   * whole range (false when a full comparison met more orphans than it holds); throws on failure or
   * cancellation.
   */
  boolean run(Runnable afterBatch, Runnable whileWaiting) {
    Plan plan = plan();
    try (plan) {
      Supplier<Optional<SyncBatch.Ready>> prepared =
          () -> plan.producer.get().map(b -> b.prepare(target));
      try (ReadAhead<SyncBatch.Ready> batches =
          new ReadAhead<>(prepared, READ_AHEAD_BATCHES, executor, snapshot::cancel)) {
        Optional<SyncBatch.Ready> next;
        while ((next = batches.next(cancel, whileWaiting)).isPresent()) {
          SyncBatch.Ready batch = next.get();
          for (RunTally.Note note : batch.notes()) {
            tally.note(note);
          }
          cancel.throwIfCancelled();
          try {
            tally.add(target.apply(batch.batch()), batch.sourceOrders());
          } catch (PartialWriteException e) {
            // Counted as far as it landed, so the report matches the target.
            tally.addLanded(e.landed(), e.uncertain());
            throw e;
          }
          afterBatch.run();
        }
      }
    }
    return plan.whole;
  }

  /** The producer of this range's batches for the run's mode. */
  private Plan plan() {
    switch (mode) {
      case FULL_COMPARE -> {
        Orphans orphans = findOrphans();
        OrderReader reader = readAhead(snapshot.read(OrderSelection.in(range)));
        return new Plan(
            new FullReadSync(reader, mapper, orphans.entries(), deleteMissing, batchSize),
            reader,
            !orphans.overflow);
      }
      case STATE -> {
        OrderReader reader = readAhead(snapshot.read(OrderSelection.in(range)));
        return new Plan(
            new FullReadSync(reader, mapper, target.entries(), deleteMissing, batchSize),
            reader,
            true);
      }
      case INCREMENTAL -> {
        SourceSnapshot.FeedOrReason feed =
            snapshot.changesSince(
                sourceToken.orElseThrow(
                    () -> new IllegalStateException("an incremental run needs a change token")),
                range);
        if (feed instanceof SourceSnapshot.FeedOrReason.Feed changes) {
          return new Plan(
              new IncrementalSync(
                  changes.feed(), snapshot, mapper, target.entries(), deleteMissing, batchSize),
              changes.feed(),
              true);
        }
        throw new IllegalStateException(
            "the source's changes cannot be read: "
                + ((SourceSnapshot.FeedOrReason.Unavailable) feed).reason());
      }
      default -> throw new IllegalStateException("unknown mode " + mode);
    }
  }

  /**
   * A whole-range read, read ahead on its own thread: the source's rows arrive while the previous
   * ones are mapped, encoded and compared (the incremental feed reads few orders, by uid, and gains
   * nothing from it).
   */
  private OrderReader readAhead(OrderReader reader) {
    return new ReadAheadOrderReader(reader, executor, cancel);
  }

  /**
   * For a full comparison: the target's documents and rejects in the range whose order is not in
   * the snapshot, found by checking every target id against the source (the state is not trusted).
   */
  private Orphans findOrphans() {
    Orphans orphans = new Orphans();
    target.forEachTargetId(
        ORPHAN_LOOKUP,
        (ids, kind) -> {
          cancel.throwIfCancelled();
          Set<String> existing = snapshot.existingOrderIds(ids);
          for (String id : ids) {
            if (!existing.contains(id)) {
              orphans.add(id, kind);
            }
          }
        });
    if (!orphans.byUid.isEmpty()) {
      LOG.info("{} target entries in {} have no order in the source", orphans.byUid.size(), range);
    }
    return orphans;
  }

  /** What produces a range's batches, what to close after, and whether it covers the range. */
  private static final class Plan implements AutoCloseable {
    final Supplier<Optional<SyncBatch>> producer;
    final AutoCloseable resource;
    final boolean whole;

    Plan(Supplier<Optional<SyncBatch>> producer, AutoCloseable resource, boolean whole) {
      this.producer = producer;
      this.resource = resource;
      this.whole = whole;
    }

    @Override
    public void close() {
      try {
        resource.close();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Target entries without a source order, sorted by uid, at most {@link #MAX_ORPHANS}. */
  private static final class Orphans {
    final TreeMap<String, TargetEntry.Kind> byUid = new TreeMap<>(CodePointOrder.INSTANCE);
    boolean overflow;

    void add(String uid, TargetEntry.Kind kind) {
      if (byUid.containsKey(uid)) {
        // In both collections (left by an interrupted run): the document is what counts.
        byUid.put(uid, TargetEntry.Kind.DOCUMENT);
      } else if (byUid.size() < MAX_ORPHANS) {
        byUid.put(uid, kind);
      } else {
        overflow = true;
      }
    }

    Iterator<TargetEntry> entries() {
      return byUid.entrySet().stream()
          .map(e -> new TargetEntry(e.getKey(), e.getValue(), Fingerprint.UNKNOWN, 0))
          .iterator();
    }
  }
}
