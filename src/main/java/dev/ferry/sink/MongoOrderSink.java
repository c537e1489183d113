package dev.ferry.sink;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.ferry.core.MappingResult;
import dev.ferry.engine.CompareMode;
import dev.ferry.engine.FieldDifference;
import dev.ferry.engine.OrderSink;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.RunLog;
import dev.ferry.engine.SyncScope;
import dev.ferry.engine.TargetComparison;
import dev.ferry.engine.TargetState;
import dev.ferry.engine.TargetSync;
import dev.ferry.engine.UidRange;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bson.BSONException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MongoDB target: one document per order in the orders collection, rejects in {@code
 * <collection>_rejects}, run history in {@code ferry_runs}; owns its {@link MongoClient}.
 *
 * <p>Contract (see {@link OrderSink}): {@link #write} never creates a duplicate (every document is
 * keyed on {@code _id} = order uid), never rewrites a document that already holds exactly the
 * expected bytes, and returns counts derived from its own byte-exact comparison and from
 * per-document write errors — never from the server's {@code modifiedCount} or {@code
 * insertedCount}, which MongoDB-compatible servers (mongo-java-server) get wrong. Two runs writing
 * the same orders at the same time are safe: the unique {@code _id} decides which insert wins, the
 * loser re-reads and counts the document as unchanged (or replaces it when it differs). A replace
 * is read back and, where the server kept the old field order (mongo-java-server does), redone in
 * two steps, so the target ends up holding exactly Ferry's bytes. Thread-safe: each call keeps its
 * state on the stack and the driver client is thread-safe; {@link #close()} closes the client.
 */
public final class MongoOrderSink implements OrderSink {
  private static final Logger LOG = LoggerFactory.getLogger(MongoOrderSink.class);

  /** The sync state's collection is the target collection's name plus this. */
  public static final String STATE_SUFFIX = "_state";

  /**
   * The encoding of documents and rejects (see {@link OrderBsonMapper}, {@link RejectBsonMapper});
   * raise it when either changes how the same values become bytes.
   */
  static final String ENCODING_VERSION = "bson-1";

  private final MongoSettings settings;
  private final MongoClient client;
  private final MongoCollection<RawBsonDocument> orders;
  private final MongoCollection<RawBsonDocument> rejects;
  private final MongoCollection<RawBsonDocument> state;
  private final DocumentWrites writes;
  private final MongoRunLog runLog;
  private final Clock clock;
  private final int chunkSize;

  /** Connects (lazily, as the driver does) to the target described by {@code settings}. */
  public MongoOrderSink(MongoSettings settings) {
    this(settings, builder -> {}, Clock.systemUTC());
  }

  /** For tests: lets them add e.g. a command listener, and fix the clock. */
  MongoOrderSink(
      MongoSettings settings, Consumer<MongoClientSettings.Builder> customizer, Clock clock) {
    this(settings, customizer, clock, StateChunks.TARGET);
  }

  /** For tests: also small sync-state chunks, so that splits happen with few orders. */
  MongoOrderSink(
      MongoSettings settings,
      Consumer<MongoClientSettings.Builder> customizer,
      Clock clock,
      int chunkSize) {
    if (chunkSize < 2) {
      throw new IllegalArgumentException("chunks need at least 2 entries: " + chunkSize);
    }
    this.chunkSize = chunkSize;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    MongoClientSettings.Builder builder =
        MongoClientSettings.builder()
            .applicationName("ferry")
            .applyConnectionString(settings.parsedConnectionString())
            .applyToSocketSettings(
                socket ->
                    socket
                        .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(settings.socketTimeout().toMillis(), TimeUnit.MILLISECONDS))
            .applyToClusterSettings(
                cluster ->
                    cluster.serverSelectionTimeout(
                        settings.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS));
    customizer.accept(builder);
    this.client = MongoClients.create(builder.build());
    MongoDatabase database = client.getDatabase(settings.database());
    this.orders = database.getCollection(settings.collection(), RawBsonDocument.class);
    this.rejects = database.getCollection(settings.rejectsCollection(), RawBsonDocument.class);
    this.state =
        database.getCollection(settings.collection() + STATE_SUFFIX, RawBsonDocument.class);
    this.writes = new DocumentWrites(orders, rejects);
    this.runLog =
        new MongoRunLog(
            database.getCollection(MongoRunLog.COLLECTION, BsonDocument.class),
            this.clock,
            this::guarded);
    LOG.info("MongoDB target {}", settings.describe());
  }

  /**
   * Checks that the target answers (a {@code ping} on the target database). Fails with a {@link
   * MongoTargetException} whose message says what failed and what to check: at once when every
   * server refuses the connection or has no address, else within the server-selection timeout.
   */
  public void ping() {
    try {
      MongoConnectionCheck.awaitReachable(client, settings);
      client
          .getDatabase(settings.database())
          .runCommand(new BsonDocument("ping", new BsonInt32(1)));
    } catch (MongoException | BSONException e) {
      throw MongoTargetException.of(e, settings);
    }
  }

  /**
   * Runs {@code operation}, turning a driver failure into a {@link MongoTargetException} whose
   * message is one sentence saying what failed and what to check (the run report shows it).
   */
  <T> T guarded(java.util.function.Supplier<T> operation) {
    try {
      return operation.get();
    } catch (com.mongodb.MongoException | org.bson.BSONException e) {
      throw MongoTargetException.of(e, settings);
    }
  }

  /** Like {@link #guarded(java.util.function.Supplier)}, for an operation with no result. */
  void guarded(Runnable operation) {
    guarded(
        () -> {
          operation.run();
          return null;
        });
  }

  /**
   * The first {@code limit} rejects in order-uid order, as stored: read-only, for display while a
   * run goes on, over this sink's client (its pool and its timeouts, rather than a new client per
   * read).
   */
  public List<BsonDocument> firstRejects(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    return guarded(
        () ->
            rejects
                .withDocumentClass(BsonDocument.class)
                .find()
                .sort(Sorts.ascending("_id"))
                .limit(limit)
                .into(new ArrayList<>()));
  }

  /** The settings this sink was opened with. */
  public MongoSettings settings() {
    return settings;
  }

  @Override
  public TargetSync openSync(String runId, boolean dryRun, CompareMode compare) {
    return guarded(
        () -> MongoTargetSync.open(this, writes, state, runId, dryRun, compare, clock, chunkSize));
  }

  @Override
  public TargetSync openRange(String runId, boolean dryRun, SyncScope scope, UidRange range) {
    return guarded(
        () ->
            MongoTargetSync.openPart(
                this, writes, state, runId, dryRun, scope, range, clock, chunkSize));
  }

  @Override
  public String encodingVersion() {
    return ENCODING_VERSION;
  }

  @Override
  public RunCounts write(List<MappingResult> batch, String runId) {
    return guarded(() -> writeUnguarded(batch, runId));
  }

  private RunCounts writeUnguarded(List<MappingResult> batch, String runId) {
    Objects.requireNonNull(runId, "runId");
    Batch work = Batch.of(batch);
    if (work.ids.isEmpty()) {
      return RunCounts.ZERO;
    }
    Map<String, RawBsonDocument> inTarget = DocumentWrites.fetch(orders, work.ids, null);
    Map<String, RawBsonDocument> inRejects =
        DocumentWrites.fetch(rejects, work.ids, DocumentWrites.REJECT_CONTENT);

    DocumentWrites.Tally tally =
        writes.writeAccepted(work.accepted, inTarget, new DocumentWrites.Tally());
    // Only after the documents are in place may the rejects go: an interrupted run leaves an order
    // in both collections (repaired by the next run), never in neither.
    DocumentWrites.deleteByIds(rejects, intersect(work.accepted.keySet(), inRejects.keySet()));

    writes.writeRejects(work.rejected.values(), inRejects, runId, clock.instant());
    DocumentWrites.deleteByIds(orders, intersect(work.rejected.keySet(), inTarget.keySet()));

    RunCounts counts =
        new RunCounts(tally.inserted, tally.updated, tally.unchanged, work.rejected.size());
    LOG.debug("Batch of {} written: {}", work.ids.size(), counts);
    return counts;
  }

  @Override
  public List<TargetComparison> compare(List<MappingResult> batch) {
    return guarded(() -> compareUnguarded(batch));
  }

  private List<TargetComparison> compareUnguarded(List<MappingResult> batch) {
    Batch work = Batch.of(batch);
    Map<String, RawBsonDocument> inTarget = DocumentWrites.fetch(orders, work.ids, null);
    Map<String, RawBsonDocument> inRejects =
        DocumentWrites.fetch(rejects, work.ids, Projections.include("_id"));
    List<TargetComparison> out = new ArrayList<>(batch.size());
    for (String uid : work.ids) {
      RawBsonDocument actual = inTarget.get(uid);
      RawBsonDocument expected = work.accepted.get(uid);
      TargetState state;
      List<FieldDifference> differences = List.of();
      if (expected == null) {
        state = TargetState.REJECTED;
      } else if (actual == null) {
        state = TargetState.NEW;
      } else if (BsonDiff.identical(expected, actual)) {
        state = TargetState.UNCHANGED;
      } else {
        state = TargetState.CHANGED;
        differences = BsonDiff.differences(expected, actual);
        if (differences.isEmpty()) {
          // Same values, same order, different bytes (cannot happen with well-formed BSON; kept so
          // a CHANGED state always explains itself).
          differences = List.of(new FieldDifference("(encoding)", "Ferry's bytes", "other bytes"));
        }
      }
      out.add(
          new TargetComparison(
              uid,
              state,
              differences,
              actual != null,
              inRejects.containsKey(uid),
              total(actual),
              items(actual)));
    }
    return out;
  }

  @Override
  public DocumentTotals totals(List<String> uids) {
    return guarded(() -> totalsUnguarded(uids));
  }

  private DocumentTotals totalsUnguarded(List<String> uids) {
    long documents = 0;
    long items = 0;
    BigDecimal sum = BigDecimal.ZERO;
    for (RawBsonDocument document :
        DocumentWrites.fetch(orders, uids, Projections.include("total", "order_items")).values()) {
      documents++;
      items += items(document);
      sum = sum.add(total(document).orElse(BigDecimal.ZERO));
    }
    return new DocumentTotals(documents, items, sum);
  }

  @Override
  public long documentCount() {
    return guarded(() -> orders.countDocuments());
  }

  @Override
  public long rejectCount() {
    return guarded(() -> rejects.countDocuments());
  }

  @Override
  public void forEachDocumentId(int batchSize, Consumer<List<String>> consumer) {
    guarded(() -> forEachId(orders, batchSize, consumer));
  }

  @Override
  public void forEachRejectId(int batchSize, Consumer<List<String>> consumer) {
    guarded(() -> forEachId(rejects, batchSize, consumer));
  }

  @Override
  public RunLog runLog() {
    return runLog;
  }

  @Override
  public String describe() {
    return settings.describe();
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "MongoOrderSink[" + describe() + "]";
  }

  // --- reading ---------------------------------------------------------------------------------

  private static void forEachId(
      MongoCollection<RawBsonDocument> collection, int batchSize, Consumer<List<String>> consumer) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
    }
    List<String> ids = new ArrayList<>(batchSize);
    try (MongoCursor<RawBsonDocument> cursor =
        collection
            .find()
            .projection(Projections.include("_id"))
            .sort(Sorts.ascending("_id"))
            .batchSize(batchSize)
            .iterator()) {
      while (cursor.hasNext()) {
        BsonValue id = cursor.next().get("_id");
        ids.add(id.isString() ? id.asString().getValue() : BsonDiff.render(id));
        if (ids.size() == batchSize) {
          consumer.accept(List.copyOf(ids));
          ids.clear();
        }
      }
    }
    if (!ids.isEmpty()) {
      consumer.accept(List.copyOf(ids));
    }
  }

  private static Optional<BigDecimal> total(BsonDocument document) {
    if (document == null) {
      return Optional.empty();
    }
    BsonValue total = document.get("total");
    if (total == null || !total.isDecimal128()) {
      return Optional.empty();
    }
    try {
      return Optional.of(total.asDecimal128().getValue().bigDecimalValue());
    } catch (ArithmeticException notANumber) {
      return Optional.empty(); // NaN or infinity: no decimal total to show
    }
  }

  private static int items(BsonDocument document) {
    if (document == null) {
      return 0;
    }
    BsonValue items = document.get("order_items");
    return items != null && items.isArray() ? items.asArray().size() : 0;
  }

  private static Set<String> intersect(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.retainAll(b);
    return out;
  }

  /** What a batch asks for, split by outcome, in batch order; expected documents encoded once. */
  private static final class Batch {
    final List<String> ids = new ArrayList<>();
    final Map<String, RawBsonDocument> accepted = new LinkedHashMap<>();
    final Map<String, MappingResult.Rejected> rejected = new LinkedHashMap<>();

    static Batch of(List<MappingResult> results) {
      Batch batch = new Batch();
      Set<String> unique = new HashSet<>();
      for (MappingResult result : results) {
        if (!unique.add(result.uid())) {
          // Two results for one uid would make the counts ambiguous: this is a caller bug.
          throw new IllegalArgumentException("order " + result.uid() + " appears twice in a batch");
        }
        batch.ids.add(result.uid());
        if (result instanceof MappingResult.Accepted accepted) {
          batch.accepted.put(
              result.uid(), BsonDiff.raw(OrderBsonMapper.toBson(accepted.document())));
        } else if (result instanceof MappingResult.Rejected rejected) {
          batch.rejected.put(result.uid(), rejected);
        }
      }
      return batch;
    }
  }
}
