package dev.ferry.sink;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.ferry.core.CodePointOrder;
import dev.ferry.core.MappingResult;
import dev.ferry.engine.CompareMode;
import dev.ferry.engine.PartialWriteException;
import dev.ferry.engine.PreparedBatch;
import dev.ferry.engine.PromotionIssue;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.StateTrust;
import dev.ferry.engine.SyncEvent;
import dev.ferry.engine.SyncScope;
import dev.ferry.engine.SyncWatermark;
import dev.ferry.engine.TargetEntry;
import dev.ferry.engine.TargetSync;
import dev.ferry.engine.UidRange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MongoDB side of one run (see {@link TargetSync}): the sync state in {@code
 * <collection>_state} and the writes of one merge join.
 *
 * <p>The meta document {@code {_id: "meta", format, generation, epoch, clean, writers: {run id:
 * last seen}, watermark}} says which generation of chunks (see {@link StateChunks}) is current and
 * whether it can be trusted. Every writing run registers itself (atomically: {@code epoch} + 1, its
 * id under {@code writers}, {@code clean = false}) and, when it ends with the state consistent,
 * sets {@code clean} again — but only if no other run registered meanwhile ({@code epoch}
 * unchanged) and no other live run is registered; so after a kill, a crash or two runs at once the
 * next run compares every document and rebuilds the state. A full comparison writes a new
 * generation (its own epoch) and switches to it at the end, so a run reading the old one is never
 * pulled from under. A trusted state must also add up to the target's document and reject counts,
 * so documents deleted or added behind Ferry's back are noticed.
 */
final class MongoTargetSync implements TargetSync {
  private static final Logger LOG = LoggerFactory.getLogger(MongoTargetSync.class);

  /**
   * A registered run not seen for this long is taken as dead (killed): it no longer keeps the state
   * from being trusted again. Runs refresh their registration every few seconds.
   */
  static final Duration DEAD_AFTER = Duration.ofSeconds(60);

  /** Chunks fetched per round trip while reading entries (about 1 MB). */
  private static final int CHUNKS_PER_FETCH = 16;

  /**
   * MongoDB's limit on one document (maxBsonObjectSize, 16 MiB on every version); a larger one is
   * refused by the driver before it reaches the server.
   */
  static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

  private final MongoOrderSink sink;
  private final DocumentWrites writes;
  private final MongoCollection<RawBsonDocument> state;
  private final MongoCollection<BsonDocument> meta;
  private final String runId;
  private final boolean dryRun;
  private final Clock clock;
  private final StateTrust trust;
  private final long epoch;
  private final long generation;
  private final List<StateChunks.Header> chunks;

  /**
   * Whether another live run was registered when this one started: it may have written at any
   * moment of this run, so this run can never vouch for the state.
   */
  private final boolean overlapped;

  /**
   * For one part of a distributed run: its range of uids. A part neither registers nor writes the
   * meta document — the run's driver does — and sees and writes only its range of the state.
   */
  private final Optional<UidRange> part;

  private final int chunkSize;
  private final ChunkWriter chunkWriter;
  private boolean entriesTaken;
  private boolean ended;

  private MongoTargetSync(
      MongoOrderSink sink,
      DocumentWrites writes,
      MongoCollection<RawBsonDocument> state,
      String runId,
      boolean dryRun,
      Clock clock,
      StateTrust trust,
      long epoch,
      long generation,
      List<StateChunks.Header> chunks,
      boolean overlapped,
      int chunkSize,
      Optional<UidRange> part) {
    this.sink = sink;
    this.part = part;
    this.chunkSize = chunkSize;
    this.writes = writes;
    this.state = state;
    this.meta = state.withDocumentClass(BsonDocument.class);
    this.runId = runId;
    this.dryRun = dryRun;
    this.clock = clock;
    this.trust = trust;
    this.epoch = epoch;
    this.generation = generation;
    this.chunks = List.copyOf(chunks);
    this.overlapped = overlapped;
    this.chunkWriter = new ChunkWriter(trust.trusted() ? this.chunks : List.of());
  }

  /** Registers the run (unless dry) and decides whether the state is trusted. */
  static MongoTargetSync open(
      MongoOrderSink sink,
      DocumentWrites writes,
      MongoCollection<RawBsonDocument> state,
      String runId,
      boolean dryRun,
      CompareMode compare,
      Clock clock,
      int chunkSize) {
    MongoCollection<BsonDocument> meta = state.withDocumentClass(BsonDocument.class);
    Instant now = clock.instant();
    BsonDocument before;
    long epoch;
    if (dryRun) {
      before = meta.find(Filters.eq("_id", StateChunks.META_ID)).first();
      epoch = 0;
    } else {
      before =
          meta.findOneAndUpdate(
              Filters.eq("_id", StateChunks.META_ID),
              Updates.combine(
                  Updates.inc("epoch", 1L),
                  Updates.set("writers." + runId, new BsonDateTime(now.toEpochMilli())),
                  Updates.set("clean", false),
                  Updates.setOnInsert("format", StateChunks.FORMAT),
                  Updates.setOnInsert("generation", 0L)),
              new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
      epoch = before == null ? 1 : number(before, "epoch") + 1;
    }
    long current = before == null ? 0 : number(before, "generation");
    StateTrust trust = judge(before, writes, state, runId, dryRun, now, current);
    if (compare == CompareMode.FULL && trust.trusted()) {
      trust = StateTrust.untrusted("a full comparison was asked for");
    }
    List<StateChunks.Header> chunks = trust.trusted() ? headers(state, current) : List.of();
    // A full comparison builds a generation of its own, named by its unique epoch.
    long generation = trust.trusted() ? current : epoch;
    LOG.info(
        "Sync state of {}: {} ({} chunks)",
        sink.describe(),
        trust.trusted() ? "trusted" : "not trusted",
        chunks.size());
    boolean overlapped = !liveWriters(before, runId, now).isEmpty();
    return new MongoTargetSync(
        sink,
        writes,
        state,
        runId,
        dryRun,
        clock,
        trust,
        epoch,
        generation,
        chunks,
        overlapped,
        chunkSize,
        Optional.empty());
  }

  /**
   * The sync of one part of a distributed run: the driver registered the run and judged the state
   * ({@code scope}); this part reads the chunks that start in {@code range} (the driver cut the
   * ranges at chunk starts) and writes its range only. In a full comparison it first clears its
   * range of the run's new generation, so a retried part starts clean.
   */
  static MongoTargetSync openPart(
      MongoOrderSink sink,
      DocumentWrites writes,
      MongoCollection<RawBsonDocument> state,
      String runId,
      boolean dryRun,
      SyncScope scope,
      UidRange range,
      Clock clock,
      int chunkSize) {
    List<StateChunks.Header> chunks = new ArrayList<>();
    if (scope.trust().trusted()) {
      for (StateChunks.Header header : headers(state, scope.generation())) {
        if (range.contains(header.first())) {
          chunks.add(header);
        }
      }
    } else if (!dryRun) {
      String low =
          range
              .from()
              .map(f -> StateChunks.id(scope.generation(), f))
              .orElse(StateChunks.lowest(scope.generation()));
      String high =
          range
              .until()
              .map(u -> StateChunks.id(scope.generation(), u))
              .orElse(StateChunks.highest(scope.generation()));
      state.deleteMany(Filters.and(Filters.gte("_id", low), Filters.lt("_id", high)));
    }
    return new MongoTargetSync(
        sink,
        writes,
        state,
        runId,
        dryRun,
        clock,
        scope.trust(),
        0,
        scope.generation(),
        chunks,
        false,
        chunkSize,
        Optional.of(range));
  }

  /** Whether the state before this run can be trusted, and why (see the class comment). */
  private static StateTrust judge(
      BsonDocument before,
      DocumentWrites writes,
      MongoCollection<RawBsonDocument> state,
      String runId,
      boolean dryRun,
      Instant now,
      long generation) {
    long documents = writes.orders.estimatedDocumentCount();
    long rejects = writes.rejects.estimatedDocumentCount();
    if (before == null) {
      boolean noChunks =
          state
                  .find(Filters.and(Filters.gte("_id", "c"), Filters.lt("_id", "d")))
                  .projection(Projections.include("_id"))
                  .first()
              == null;
      if (documents == 0 && rejects == 0 && noChunks) {
        return new StateTrust(true, "the target is empty", Optional.empty());
      }
      return StateTrust.untrusted(
          "the target has no sync state yet (written by an earlier Ferry, or the state was"
              + " dropped)");
    }
    if (number(before, "format") != StateChunks.FORMAT) {
      return StateTrust.untrusted("the target's sync state is from another version of Ferry");
    }
    List<String> alive = liveWriters(before, runId, now);
    boolean dead =
        before.getDocument("writers", new BsonDocument()).keySet().stream()
            .anyMatch(w -> !w.equals(runId) && !alive.contains(w));
    if (!alive.isEmpty()) {
      return StateTrust.untrusted(
          "another Ferry run (" + alive.get(0) + ") is writing to this target right now");
    }
    if (!before.getBoolean("clean", org.bson.BsonBoolean.FALSE).getValue()) {
      return StateTrust.untrusted(
          dryRun && dead
              ? "a Ferry run on this target stopped without finishing (killed or cut off)"
              : "the last Ferry run on this target did not finish (killed, cut off or overlapped"
                  + " by another)");
    }
    List<StateChunks.Header> headers = headers(state, generation);
    long stateDocuments = headers.stream().mapToLong(StateChunks.Header::documents).sum();
    long stateRejects = headers.stream().mapToLong(StateChunks.Header::rejects).sum();
    if (stateDocuments != documents || stateRejects != rejects) {
      return StateTrust.untrusted(
          "the target holds "
              + documents
              + " documents and "
              + rejects
              + " rejects but its sync state lists "
              + stateDocuments
              + " and "
              + stateRejects
              + " (changed outside Ferry?)");
    }
    return new StateTrust(true, "the sync state matches the target", watermark(before));
  }

  /** The other runs registered in {@code meta} and seen within {@link #DEAD_AFTER}. */
  private static List<String> liveWriters(BsonDocument meta, String runId, Instant now) {
    List<String> alive = new ArrayList<>();
    if (meta == null) {
      return alive;
    }
    for (Map.Entry<String, BsonValue> writer :
        meta.getDocument("writers", new BsonDocument()).entrySet()) {
      if (!writer.getKey().equals(runId)
          && writer.getValue().isDateTime()
          && Instant.ofEpochMilli(writer.getValue().asDateTime().getValue())
              .isAfter(now.minus(DEAD_AFTER))) {
        alive.add(writer.getKey());
      }
    }
    return alive;
  }

  private static Optional<SyncWatermark> watermark(BsonDocument meta) {
    BsonValue value = meta.get("watermark");
    if (value == null || !value.isDocument()) {
      return Optional.empty();
    }
    BsonDocument mark = value.asDocument();
    List<PromotionIssue> issues = new ArrayList<>();
    for (BsonValue issue : mark.getArray("promotion_issues", new BsonArray())) {
      issues.add(
          new PromotionIssue(
              issue.asDocument().getString("client_uid").getValue(),
              issue.asDocument().getString("value").getValue()));
    }
    BsonValue token = mark.get("source_token");
    return Optional.of(
        new SyncWatermark(
            mark.getString("settings").getValue(),
            token != null && token.isString()
                ? Optional.of(token.asString().getValue())
                : Optional.empty(),
            issues));
  }

  /** The chunk headers of a generation, in id order (which is first-uid order). */
  private static List<StateChunks.Header> headers(
      MongoCollection<RawBsonDocument> state, long generation) {
    List<StateChunks.Header> out = new ArrayList<>();
    for (RawBsonDocument chunk :
        state
            .find(
                Filters.and(
                    Filters.gte("_id", StateChunks.lowest(generation)),
                    Filters.lt("_id", StateChunks.highest(generation))))
            .projection(Projections.include("_id", "first", "d", "r"))) {
      out.add(StateChunks.header(chunk));
    }
    out.sort(Comparator.comparing(StateChunks.Header::id));
    return out;
  }

  private static long number(BsonDocument document, String key) {
    BsonValue value = document.get(key);
    return value != null && value.isNumber() ? value.asNumber().longValue() : 0L;
  }

  @Override
  public SyncScope scope() {
    List<String> boundaries = new ArrayList<>();
    chunks.forEach(c -> boundaries.add(c.first()));
    return new SyncScope(trust, generation, boundaries);
  }

  @Override
  public StateTrust trust() {
    return trust;
  }

  @Override
  public Iterator<TargetEntry> entries() {
    if (entriesTaken) {
      throw new IllegalStateException("the entries are read once per run");
    }
    entriesTaken = true;
    return trust.trusted() ? new Entries() : List.<TargetEntry>of().iterator();
  }

  @Override
  public void forEachTargetId(int batchSize, BiConsumer<List<String>, TargetEntry.Kind> consumer) {
    UidRange range = part.orElse(UidRange.ALL);
    forEachId(
        writes.orders,
        batchSize,
        ids -> consumer.accept(inRange(ids, range), TargetEntry.Kind.DOCUMENT));
    forEachId(
        writes.rejects,
        batchSize,
        ids -> consumer.accept(inRange(ids, range), TargetEntry.Kind.REJECT));
  }

  private static List<String> inRange(List<String> ids, UidRange range) {
    return range.isAll() ? ids : ids.stream().filter(range::contains).toList();
  }

  private static void forEachId(
      MongoCollection<RawBsonDocument> collection,
      int batchSize,
      java.util.function.Consumer<List<String>> consumer) {
    List<String> ids = new ArrayList<>(batchSize);
    for (RawBsonDocument document :
        collection.find().projection(Projections.include("_id")).batchSize(batchSize)) {
      BsonValue id = document.get("_id");
      if (id != null && id.isString()) {
        ids.add(id.asString().getValue());
      }
      if (ids.size() == batchSize) {
        consumer.accept(List.copyOf(ids));
        ids.clear();
      }
    }
    if (!ids.isEmpty()) {
      consumer.accept(List.copyOf(ids));
    }
  }

  // --- applying a batch ------------------------------------------------------------------------

  @Override
  public PreparedBatch prepare(List<SyncEvent> events) {
    Work work = new Work(this, events);
    for (SyncEvent event : events) {
      work.classify(event);
    }
    return work;
  }

  @Override
  public RunCounts apply(PreparedBatch batch) {
    if (ended) {
      throw new IllegalStateException("the run's sync has ended");
    }
    if (!(batch instanceof Work work) || work.owner != this) {
      throw new IllegalArgumentException("the batch was prepared by another target");
    }
    List<String> uids = work.uids;
    DocumentWrites.Tally tally = new DocumentWrites.Tally();
    if (dryRun) {
      tally.inserted += work.fresh.size();
      Map<String, RawBsonDocument> current =
          DocumentWrites.fetch(writes.orders, work.check.keySet(), null);
      work.check.forEach(
          (uid, expected) -> {
            RawBsonDocument actual = current.get(uid);
            if (actual == null) {
              tally.inserted++;
            } else if (BsonDiff.identical(expected, actual)) {
              tally.unchanged++;
            } else {
              tally.updated++;
            }
          });
    } else {
      try {
        write(work, tally);
      } catch (com.mongodb.MongoException | org.bson.BSONException e) {
        throw readBack(work, MongoTargetException.of(e, sink.settings()));
      } catch (RuntimeException e) {
        throw readBack(work, e);
      }
      for (int i = 0; i < uids.size(); i++) {
        chunkWriter.accept(uids.get(i), work.results.get(i), work.changed.get(i));
      }
      try {
        chunkWriter.flush();
      } catch (com.mongodb.MongoException | org.bson.BSONException e) {
        // The batch's writes landed; only its sync state did not (the next run compares all).
        throw new PartialWriteException(
            counts(work, tally), 0, MongoTargetException.of(e, sink.settings()));
      }
    }
    return counts(work, tally);
  }

  private static RunCounts counts(Work work, DocumentWrites.Tally tally) {
    return new RunCounts(
        tally.inserted,
        tally.updated,
        tally.unchanged + work.unchangedViaState,
        work.rejected,
        work.deleted,
        work.stale);
  }

  /** Writes documents, rejects and removals of one batch, in the order that keeps them safe. */
  private void write(Work work, DocumentWrites.Tally tally) {
    work.phase = Phase.DOCUMENTS;
    Map<String, RawBsonDocument> check = new LinkedHashMap<>(work.check);
    if (!work.fresh.isEmpty()) {
      // Insert-first: the state says these are not there. A duplicate key (another run, or a
      // document whose state entry a crash lost) is compared and written like a changed one.
      List<RawBsonDocument> fresh = new ArrayList<>(work.fresh.values());
      for (String uid : writes.insertNew(fresh, tally)) {
        check.put(uid, work.fresh.get(uid));
      }
    }
    if (!check.isEmpty()) {
      Map<String, RawBsonDocument> current =
          DocumentWrites.fetch(writes.orders, check.keySet(), null);
      work.before.putAll(current);
      writes.writeAccepted(check, current, tally);
    }
    work.phase = Phase.AFTER_DOCUMENTS;
    // Only after the documents are in place may their rejects go: an interrupted run leaves an
    // order in both collections (repaired by the next run), never in neither.
    DocumentWrites.deleteByIds(writes.rejects, work.rejectsToDelete);
    if (!work.rejectsToWrite.isEmpty()) {
      Map<String, RawBsonDocument> stored =
          trust.trusted()
              ? Map.of()
              : DocumentWrites.fetch(
                  writes.rejects,
                  work.rejectsToWrite.stream().map(MappingResult.Rejected::uid).toList(),
                  DocumentWrites.REJECT_CONTENT);
      writes.writeRejects(work.rejectsToWrite, stored, runId, clock.instant());
    }
    DocumentWrites.deleteByIds(writes.orders, work.documentsToDelete);
    work.phase = Phase.DONE;
  }

  /** How far a batch's writes got. */
  private enum Phase {
    PREPARED,
    DOCUMENTS,
    AFTER_DOCUMENTS,
    DONE
  }

  /**
   * After a batch failed part way: reads back which of its documents are in the target exactly as
   * Ferry would write them, so that the run's counts say what landed. Rejects and removals written
   * after the documents count as uncertain when the failure came after the documents; a read-back
   * that fails too leaves the whole batch's writes uncertain.
   */
  private PartialWriteException readBack(Work work, RuntimeException cause) {
    Map<String, RawBsonDocument> attempted = new LinkedHashMap<>(work.fresh);
    attempted.putAll(work.check);
    long rejectsKept = work.rejected - work.rejectsToWrite.size();
    long laterWrites = work.rejectsToWrite.size() + work.deleted;
    try {
      Map<String, RawBsonDocument> now =
          DocumentWrites.fetch(writes.orders, attempted.keySet(), null);
      long inserted = 0;
      long updated = 0;
      long unchanged = 0;
      for (Map.Entry<String, RawBsonDocument> entry : attempted.entrySet()) {
        RawBsonDocument actual = now.get(entry.getKey());
        if (actual == null || !BsonDiff.identical(entry.getValue(), actual)) {
          continue; // known not written: the next run writes it
        }
        RawBsonDocument was = work.before.get(entry.getKey());
        if (was == null) {
          inserted++;
        } else if (BsonDiff.identical(entry.getValue(), was)) {
          unchanged++;
        } else {
          updated++;
        }
      }
      boolean pastDocuments = work.phase != Phase.DOCUMENTS;
      RunCounts landed =
          new RunCounts(
              inserted, updated, unchanged + work.unchangedViaState, rejectsKept, 0, work.stale);
      LOG.info(
          "A batch failed part way; read back: {} (and {} uncertain)",
          landed,
          pastDocuments ? laterWrites : 0);
      return new PartialWriteException(landed, pastDocuments ? laterWrites : 0, cause);
    } catch (RuntimeException readBackFailed) {
      cause.addSuppressed(readBackFailed);
      return new PartialWriteException(
          new RunCounts(0, 0, work.unchangedViaState, rejectsKept, 0, work.stale),
          attempted.size() + laterWrites,
          cause);
    }
  }

  /** One batch, classified: what to write, and each event's resulting state entry. */
  /** The reject reason of an order whose document MongoDB cannot hold. */
  static String tooLarge(int bytes) {
    return String.format(
        Locale.ROOT,
        "its document would be %.1f MiB, over MongoDB's limit of 16 MiB per document",
        bytes / (1024.0 * 1024.0));
  }

  private static final class Work implements PreparedBatch {
    final MongoTargetSync owner;
    final List<String> uids;
    final boolean trusted;
    final Map<String, RawBsonDocument> fresh = new LinkedHashMap<>();
    final Map<String, RawBsonDocument> check = new LinkedHashMap<>();
    final List<String> rejectsToDelete = new ArrayList<>();
    final List<MappingResult.Rejected> rejectsToWrite = new ArrayList<>();
    final List<String> documentsToDelete = new ArrayList<>();
    final List<Optional<TargetEntry>> results = new ArrayList<>();
    final List<Boolean> changed = new ArrayList<>();

    /** What the target held before this batch, for the documents read before writing. */
    final Map<String, RawBsonDocument> before = new HashMap<>();

    Phase phase = Phase.PREPARED;
    long unchangedViaState;
    long rejected;
    long deleted;
    long stale;

    Work(MongoTargetSync owner, List<SyncEvent> events) {
      this.owner = owner;
      this.uids = events.stream().map(SyncEvent::uid).toList();
      this.trusted = owner.trust.trusted();
    }

    @Override
    public List<String> uids() {
      return uids;
    }

    void classify(SyncEvent event) {
      if (event instanceof SyncEvent.Unchanged unchanged) {
        TargetEntry entry = unchanged.entry();
        if (entry.kind() == TargetEntry.Kind.DOCUMENT) {
          unchangedViaState++;
        } else {
          rejected++;
        }
        result(entry, false);
      } else if (event instanceof SyncEvent.Mapped mapped) {
        mapped(mapped);
      } else if (event instanceof SyncEvent.Gone gone) {
        TargetEntry entry = gone.entry();
        if (gone.remove()) {
          deleted++;
          if (!trusted || entry.kind() == TargetEntry.Kind.DOCUMENT) {
            documentsToDelete.add(entry.uid());
          }
          if (!trusted || entry.kind() == TargetEntry.Kind.REJECT) {
            rejectsToDelete.add(entry.uid());
          }
          results.add(Optional.empty());
          changed.add(true);
        } else {
          stale++;
          if (!trusted && entry.kind() == TargetEntry.Kind.DOCUMENT) {
            // A gone order found in both collections (an interrupted run): the reject is a
            // leftover copy, and keeping it would make the state never add up.
            rejectsToDelete.add(entry.uid());
          }
          result(entry, !trusted);
        }
      }
    }

    private void mapped(SyncEvent.Mapped mapped) {
      Optional<TargetEntry> entry = trusted ? mapped.entry() : Optional.empty();
      String uid = mapped.uid();
      TargetEntry result;
      if (mapped.result() instanceof MappingResult.Accepted accepted) {
        RawBsonDocument document = OrderBsonMapper.toRaw(accepted.document());
        int size = document.getByteBuffer().remaining();
        if (size > MAX_DOCUMENT_BYTES) {
          // MongoDB refuses it, run after run; as a reject it is kept and said, and the rest loads.
          MappingResult.Rejected tooLarge =
              new MappingResult.Rejected(mapped.order(), List.of(tooLarge(size)));
          result = rejected(tooLarge, uid, mapped.lines(), entry);
        } else {
          result =
              new TargetEntry(
                  uid,
                  TargetEntry.Kind.DOCUMENT,
                  StateChunks.fingerprint(document),
                  mapped.lines());
          boolean sameDocument =
              entry.isPresent()
                  && entry.get().kind() == TargetEntry.Kind.DOCUMENT
                  && entry.get().fingerprint().matches(result.fingerprint());
          if (sameDocument) {
            unchangedViaState++;
          } else if (trusted && entry.isEmpty()) {
            fresh.put(uid, document);
          } else {
            check.put(uid, document);
          }
          if (!trusted || entry.filter(e -> e.kind() == TargetEntry.Kind.REJECT).isPresent()) {
            rejectsToDelete.add(uid);
          }
        }
      } else {
        result = rejected((MappingResult.Rejected) mapped.result(), uid, mapped.lines(), entry);
      }
      result(result, entry.filter(result::equals).isEmpty());
    }

    private TargetEntry rejected(
        MappingResult.Rejected reject, String uid, int lines, Optional<TargetEntry> entry) {
      TargetEntry result =
          new TargetEntry(
              uid,
              TargetEntry.Kind.REJECT,
              StateChunks.fingerprint(BsonDiff.raw(RejectBsonMapper.content(reject))),
              lines);
      rejected++;
      boolean sameReject =
          entry.isPresent()
              && entry.get().kind() == TargetEntry.Kind.REJECT
              && entry.get().fingerprint().matches(result.fingerprint());
      if (!sameReject) {
        rejectsToWrite.add(reject);
      }
      if (!trusted || entry.filter(e -> e.kind() == TargetEntry.Kind.DOCUMENT).isPresent()) {
        // A document for it exists (or may: the state is not trusted); remove it. A trusted
        // state without an entry means no document: only a crash or a concurrent run could
        // have written one, and either leaves the state untrusted for the next run.
        documentsToDelete.add(uid);
      }
      return result;
    }

    private void result(TargetEntry entry, boolean isChange) {
      results.add(Optional.of(entry));
      changed.add(isChange);
    }
  }

  // --- ending ----------------------------------------------------------------------------------

  @Override
  public void heartbeat() {
    sink.guarded(this::heartbeatUnguarded);
  }

  private void heartbeatUnguarded() {
    if (!dryRun && !ended && part.isEmpty()) {
      meta.updateOne(
          Filters.eq("_id", StateChunks.META_ID),
          Updates.set("writers." + runId, new BsonDateTime(clock.millis())));
    }
  }

  @Override
  public void complete(SyncWatermark watermark) {
    sink.guarded(() -> completeUnguarded(watermark));
  }

  private void completeUnguarded(SyncWatermark watermark) {
    end();
    if (dryRun) {
      return;
    }
    chunkWriter.finish(true);
    if (part.isPresent()) {
      return; // the driver writes the run's meta data once every part is done
    }
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.set("format", StateChunks.FORMAT));
    updates.add(Updates.set("generation", generation));
    updates.add(Updates.set("watermark", watermarkBson(watermark)));
    updates.add(Updates.set("completed_at", new BsonDateTime(clock.millis())));
    meta.updateOne(Filters.eq("_id", StateChunks.META_ID), Updates.combine(updates));
    release(true);
  }

  @Override
  public void stop() {
    sink.guarded(this::stopUnguarded);
  }

  private void stopUnguarded() {
    end();
    if (dryRun) {
      return;
    }
    if (part.isPresent()) {
      if (trust.trusted()) {
        chunkWriter.finish(false);
      }
      return; // an incomplete part of a new generation is never switched to
    }
    if (trust.trusted()) {
      chunkWriter.finish(false);
      release(true);
    } else {
      // A full comparison that stopped half way: its new generation is incomplete.
      state.deleteMany(
          Filters.and(
              Filters.gte("_id", StateChunks.lowest(generation)),
              Filters.lt("_id", StateChunks.highest(generation))));
      release(false);
    }
  }

  @Override
  public void close() {
    if (!ended && !dryRun && part.isEmpty()) {
      ended = true;
      try {
        release(false);
      } catch (RuntimeException e) {
        LOG.debug("Could not unregister run {} from the sync state: {}", runId, e.toString());
      }
    }
  }

  private void end() {
    if (ended) {
      throw new IllegalStateException("the run's sync has already ended");
    }
    ended = true;
  }

  /**
   * Unregisters this run; when {@code consistent}, marks the state clean again if no other live run
   * was registered when this one started, none registered since (same epoch) and none is registered
   * now — then also drops chunks of other generations, which nothing reads any more.
   */
  private void release(boolean consistent) {
    Bson me = Filters.eq("_id", StateChunks.META_ID);
    if (consistent && !overlapped) {
      BsonDocument now = meta.find(me).first();
      if (now != null && number(now, "epoch") == epoch) {
        List<Bson> unsets = new ArrayList<>();
        boolean othersAlive = false;
        Instant cutoff = clock.instant().minus(DEAD_AFTER);
        for (Map.Entry<String, BsonValue> writer :
            now.getDocument("writers", new BsonDocument()).entrySet()) {
          boolean alive =
              writer.getValue().isDateTime()
                  && Instant.ofEpochMilli(writer.getValue().asDateTime().getValue())
                      .isAfter(cutoff);
          if (writer.getKey().equals(runId) || !alive) {
            unsets.add(Updates.unset("writers." + writer.getKey()));
          } else {
            othersAlive = true;
          }
        }
        if (!othersAlive) {
          unsets.add(Updates.set("clean", true));
          long matched =
              meta.updateOne(Filters.and(me, Filters.eq("epoch", epoch)), Updates.combine(unsets))
                  .getMatchedCount();
          if (matched == 1) {
            long current = number(meta.find(me).first(), "generation");
            state.deleteMany(
                Filters.and(
                    Filters.gte("_id", "c"),
                    Filters.lt("_id", "d"),
                    Filters.or(
                        Filters.lt("_id", StateChunks.lowest(current)),
                        Filters.gte("_id", StateChunks.highest(current)))));
            return;
          }
        }
      }
    }
    meta.updateOne(me, Updates.unset("writers." + runId));
  }

  private static BsonDocument watermarkBson(SyncWatermark watermark) {
    BsonArray issues = new BsonArray();
    for (PromotionIssue issue : watermark.promotionIssues()) {
      issues.add(
          new BsonDocument("client_uid", new BsonString(issue.clientUid()))
              .append("value", new BsonString(issue.value())));
    }
    BsonDocument mark = new BsonDocument("settings", new BsonString(watermark.settings()));
    watermark.sourceToken().ifPresent(t -> mark.append("source_token", new BsonString(t)));
    return mark.append("promotion_issues", issues);
  }

  // --- reading entries -------------------------------------------------------------------------

  /**
   * The entries of the chunks listed when the run opened, fetched a few chunks at a time by id
   * (never by a live range, so chunks this run writes meanwhile are not read back), each chunk's
   * entries cut to its range.
   */
  private final class Entries implements Iterator<TargetEntry> {
    private int nextChunk;
    private final List<List<TargetEntry>> loaded = new ArrayList<>();
    private List<TargetEntry> current = List.of();
    private int position;

    @Override
    public boolean hasNext() {
      while (position >= current.size()) {
        if (loaded.isEmpty()) {
          if (nextChunk >= chunks.size()) {
            return false;
          }
          sink.guarded(this::load);
        } else {
          current = loaded.remove(0);
          position = 0;
        }
      }
      return true;
    }

    @Override
    public TargetEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.get(position++);
    }

    private void load() {
      int to = Math.min(chunks.size(), nextChunk + CHUNKS_PER_FETCH);
      List<String> ids = new ArrayList<>();
      for (int i = nextChunk; i < to; i++) {
        ids.add(chunks.get(i).id());
      }
      Map<String, RawBsonDocument> found = new HashMap<>();
      for (RawBsonDocument chunk : state.find(Filters.in("_id", ids))) {
        found.put(chunk.getString("_id").getValue(), chunk);
      }
      for (int i = nextChunk; i < to; i++) {
        StateChunks.Header header = chunks.get(i);
        RawBsonDocument chunk = found.get(header.id());
        if (chunk == null) {
          // Removed by a run that started after this one (which then rebuilds the state); the
          // orders it listed are compared with the target itself when met.
          LOG.info("Sync state chunk {} vanished during the run", header.id());
          continue;
        }
        String end = i + 1 < chunks.size() ? chunks.get(i + 1).first() : null;
        List<TargetEntry> entries = new ArrayList<>();
        UidRange range = part.orElse(UidRange.ALL);
        for (TargetEntry entry : StateChunks.decode(chunk)) {
          if (!CodePointOrder.before(entry.uid(), header.first())
              && (end == null || CodePointOrder.before(entry.uid(), end))
              && range.contains(entry.uid())) {
            entries.add(entry);
          }
        }
        loaded.add(entries);
      }
      nextChunk = to;
    }
  }

  // --- writing chunks --------------------------------------------------------------------------

  /**
   * Rewrites the state as a batch's results arrive in uid order, region by region (a region is the
   * range of one existing chunk; uids before the first chunk form a head region with no chunk yet).
   * A region none of whose entries changed is not written; a changed one replaces its chunk (or
   * deletes it when empty), splitting it into chunks of about {@link StateChunks#TARGET} entries —
   * new upper chunks first, so a crash between the writes leaves the upper entries shadowed, never
   * lost. A long run of new entries is written as it fills chunks, keeping memory to a few chunks.
   */
  private final class ChunkWriter {
    private final List<StateChunks.Header> boundaries;

    /** Chunk writes of the current batch, sent together, in order (upper pieces first). */
    private final List<com.mongodb.client.model.WriteModel<RawBsonDocument>> pending =
        new ArrayList<>();

    private int region = -1;
    private final List<TargetEntry> buffer = new ArrayList<>();
    private boolean modified;
    private String lastUid;

    ChunkWriter(List<StateChunks.Header> boundaries) {
      this.boundaries = boundaries;
    }

    void accept(String uid, Optional<TargetEntry> result, boolean changed) {
      while (region + 1 < boundaries.size()
          && !CodePointOrder.before(uid, boundaries.get(region + 1).first())) {
        closeRegion();
        region++;
      }
      result.ifPresent(buffer::add);
      modified |= changed;
      lastUid = uid;
      if (modified && buffer.size() >= 3 * chunkSize) {
        flushEarly();
      }
    }

    /** Writes full chunks from the middle of a long region, keeping its first chunk's worth. */
    private void flushEarly() {
      int from = region >= 0 ? chunkSize : 0;
      int i = from;
      while (buffer.size() - i >= 2 * chunkSize) {
        List<TargetEntry> piece = buffer.subList(i, i + chunkSize);
        String first = piece.get(0).uid();
        put(StateChunks.id(generation, first), first, piece);
        i += chunkSize;
      }
      buffer.subList(from, i).clear();
    }

    private void closeRegion() {
      if (!modified) {
        buffer.clear();
        return;
      }
      List<List<TargetEntry>> pieces = pieces(buffer);
      boolean own = region >= 0;
      for (int p = own ? 1 : 0; p < pieces.size(); p++) {
        String first = pieces.get(p).get(0).uid();
        put(StateChunks.id(generation, first), first, pieces.get(p));
      }
      if (own) {
        StateChunks.Header header = boundaries.get(region);
        if (pieces.isEmpty()) {
          pending.add(
              new com.mongodb.client.model.DeleteOneModel<>(Filters.eq("_id", header.id())));
        } else {
          put(header.id(), header.first(), pieces.get(0));
        }
      }
      buffer.clear();
      modified = false;
    }

    private void put(String id, String first, List<TargetEntry> entries) {
      pending.add(
          new com.mongodb.client.model.ReplaceOneModel<>(
              Filters.eq("_id", id), BsonDiff.raw(StateChunks.encode(id, first, entries)), UPSERT));
    }

    /** Sends the chunk writes collected so far, in order, in one round trip. */
    void flush() {
      if (!pending.isEmpty()) {
        state.bulkWrite(pending, new com.mongodb.client.model.BulkWriteOptions().ordered(true));
        pending.clear();
      }
    }

    /** Chunks of TARGET entries; a short last piece joins the one before it. */
    private List<List<TargetEntry>> pieces(List<TargetEntry> entries) {
      List<List<TargetEntry>> out = new ArrayList<>();
      for (int i = 0; i < entries.size(); i += chunkSize) {
        out.add(new ArrayList<>(entries.subList(i, Math.min(entries.size(), i + chunkSize))));
      }
      if (out.size() > 1 && out.get(out.size() - 1).size() < chunkSize / 2) {
        List<TargetEntry> last = out.remove(out.size() - 1);
        out.get(out.size() - 1).addAll(last);
      }
      return out;
    }

    /**
     * Writes what is pending. After every event ({@code completed}), regions never reached hold no
     * entries and their chunks go; otherwise the region in progress keeps its unread entries (those
     * after the last event, read back from its chunk).
     */
    void finish(boolean completed) {
      if (!completed && modified && region >= 0 && lastUid != null) {
        StateChunks.Header header = boundaries.get(region);
        RawBsonDocument chunk = state.find(Filters.eq("_id", header.id())).first();
        String end = region + 1 < boundaries.size() ? boundaries.get(region + 1).first() : null;
        if (chunk != null) {
          UidRange range = part.orElse(UidRange.ALL);
          for (TargetEntry entry : StateChunks.decode(chunk)) {
            if (CodePointOrder.before(lastUid, entry.uid())
                && (end == null || CodePointOrder.before(entry.uid(), end))
                && range.contains(entry.uid())) {
              buffer.add(entry);
            }
          }
        }
      }
      closeRegion();
      if (completed) {
        while (region + 1 < boundaries.size()) {
          region++;
          modified = true;
          closeRegion();
        }
      }
      flush();
    }
  }
}
