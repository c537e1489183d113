package dev.ferry.sink;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import dev.ferry.core.MappingResult;
import dev.ferry.engine.FieldDifference;
import dev.ferry.engine.OrderSink;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.RunLog;
import dev.ferry.engine.TargetComparison;
import dev.ferry.engine.TargetState;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
import org.bson.conversions.Bson;
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

  /** Server error code of a unique-index violation. */
  static final int DUPLICATE_KEY = 11_000;

  /** Largest number of ids in one {@code $in} lookup. */
  static final int LOOKUP_CHUNK = 1_000;

  /**
   * How often one batch re-reads documents that another writer created or removed between our read
   * and our write before giving up. Each round needs a concurrent writer to touch the same
   * documents again, so a handful is plenty.
   */
  private static final int MAX_ROUNDS = 10;

  private static final InsertManyOptions UNORDERED_INSERT = new InsertManyOptions().ordered(false);
  private static final BulkWriteOptions UNORDERED_BULK = new BulkWriteOptions().ordered(false);
  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
  private static final Bson REJECT_CONTENT = Projections.include("reasons", "source");

  private final MongoSettings settings;
  private final MongoClient client;
  private final MongoCollection<RawBsonDocument> orders;
  private final MongoCollection<RawBsonDocument> rejects;
  private final MongoRunLog runLog;
  private final Clock clock;

  /** Connects (lazily, as the driver does) to the target described by {@code settings}. */
  public MongoOrderSink(MongoSettings settings) {
    this(settings, builder -> {}, Clock.systemUTC());
  }

  /** For tests: lets them add e.g. a command listener, and fix the clock. */
  MongoOrderSink(
      MongoSettings settings, Consumer<MongoClientSettings.Builder> customizer, Clock clock) {
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
    this.runLog =
        new MongoRunLog(database.getCollection(MongoRunLog.COLLECTION, BsonDocument.class));
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

  /** The settings this sink was opened with. */
  public MongoSettings settings() {
    return settings;
  }

  @Override
  public RunCounts write(List<MappingResult> batch, String runId) {
    Objects.requireNonNull(runId, "runId");
    Batch work = Batch.of(batch);
    if (work.ids.isEmpty()) {
      return RunCounts.ZERO;
    }
    Map<String, RawBsonDocument> inTarget = fetch(orders, work.ids, null);
    Map<String, RawBsonDocument> inRejects = fetch(rejects, work.ids, REJECT_CONTENT);

    Tally tally = writeAccepted(work.accepted, inTarget);
    // Only after the documents are in place may the rejects go: an interrupted run leaves an order
    // in both collections (repaired by the next run), never in neither.
    deleteByIds(rejects, intersect(work.accepted.keySet(), inRejects.keySet()));

    writeRejects(work.rejected, inRejects, runId);
    deleteByIds(orders, intersect(work.rejected.keySet(), inTarget.keySet()));

    RunCounts counts =
        new RunCounts(tally.inserted, tally.updated, tally.unchanged, work.rejected.size());
    LOG.debug("Batch of {} written: {}", work.ids.size(), counts);
    return counts;
  }

  @Override
  public List<TargetComparison> compare(List<MappingResult> batch) {
    Batch work = Batch.of(batch);
    Map<String, RawBsonDocument> inTarget = fetch(orders, work.ids, null);
    Map<String, RawBsonDocument> inRejects = fetch(rejects, work.ids, Projections.include("_id"));
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
  public long documentCount() {
    return orders.countDocuments();
  }

  @Override
  public long rejectCount() {
    return rejects.countDocuments();
  }

  @Override
  public void forEachDocumentId(int batchSize, Consumer<List<String>> consumer) {
    forEachId(orders, batchSize, consumer);
  }

  @Override
  public void forEachRejectId(int batchSize, Consumer<List<String>> consumer) {
    forEachId(rejects, batchSize, consumer);
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

  // --- writing ---------------------------------------------------------------------------------

  /**
   * Brings every accepted document to its expected content. {@code current} is what the target held
   * when the batch was read; a document that another writer creates after that read makes our
   * insert fail with a duplicate key, and is then re-read and classified again.
   */
  private Tally writeAccepted(
      Map<String, RawBsonDocument> expected, Map<String, RawBsonDocument> current) {
    Tally tally = new Tally();
    Map<String, RawBsonDocument> pending = expected;
    Map<String, RawBsonDocument> seen = current;
    for (int round = 1; !pending.isEmpty(); round++) {
      if (round > MAX_ROUNDS) {
        throw new IllegalStateException(
            pending.size()
                + " documents kept changing under concurrent writers; giving up after "
                + MAX_ROUNDS
                + " rounds (first: "
                + pending.keySet().iterator().next()
                + ")");
      }
      List<RawBsonDocument> toInsert = new ArrayList<>();
      List<RawBsonDocument> toReplace = new ArrayList<>();
      for (Map.Entry<String, RawBsonDocument> entry : pending.entrySet()) {
        RawBsonDocument actual = seen.get(entry.getKey());
        if (actual == null) {
          toInsert.add(entry.getValue());
        } else if (BsonDiff.identical(entry.getValue(), actual)) {
          tally.unchanged++;
        } else {
          toReplace.add(entry.getValue());
        }
      }
      Set<String> retry = new HashSet<>();
      insert(toInsert, tally, retry);
      replace(toReplace, tally, retry);
      if (retry.isEmpty()) {
        break;
      }
      LOG.debug("Round {}: {} documents changed under a concurrent writer", round, retry.size());
      Map<String, RawBsonDocument> again = new LinkedHashMap<>();
      retry.forEach(uid -> again.put(uid, expected.get(uid)));
      pending = again;
      seen = fetch(orders, retry, null);
    }
    return tally;
  }

  /** Unordered insert; a duplicate key means another writer got there first: retry that one. */
  private void insert(List<RawBsonDocument> documents, Tally tally, Set<String> retry) {
    if (documents.isEmpty()) {
      return;
    }
    try {
      orders.insertMany(documents, UNORDERED_INSERT);
      tally.inserted += documents.size();
    } catch (MongoBulkWriteException e) {
      // Unordered: every document without its own write error was inserted. insertedCount is not
      // used: mongo-java-server over-reports it after duplicate-key errors.
      Set<String> failed = duplicates(e, documents);
      tally.inserted += documents.size() - failed.size();
      retry.addAll(failed);
    }
  }

  /**
   * Unordered replace-with-upsert of documents whose content differs. Matched ones count as
   * updated; one that vanished meanwhile is upserted and counts as inserted.
   */
  private void replace(List<RawBsonDocument> documents, Tally tally, Set<String> retry) {
    if (documents.isEmpty()) {
      return;
    }
    List<ReplaceOneModel<RawBsonDocument>> models = new ArrayList<>(documents.size());
    for (RawBsonDocument document : documents) {
      models.add(new ReplaceOneModel<>(Filters.eq("_id", document.get("_id")), document, UPSERT));
    }
    BulkWriteResult result;
    Set<String> failed = Set.of();
    try {
      result = orders.bulkWrite(models, UNORDERED_BULK);
    } catch (MongoBulkWriteException e) {
      // Two concurrent upserts of the same _id can collide; the loser re-reads and decides again.
      failed = duplicates(e, documents);
      retry.addAll(failed);
      result = e.getWriteResult();
    }
    int upserted = result.getUpserts().size();
    tally.inserted += upserted;
    tally.updated += documents.size() - failed.size() - upserted;

    // A replace must leave exactly our bytes. mongo-java-server does not: it keeps the old
    // document's field order (and skips the write when only the order differs), so a document
    // whose fields were reordered would be "changed" forever. Check, and rewrite such documents
    // in two steps (empty them, then replace), which no server can merge with the old order.
    List<RawBsonDocument> written = new ArrayList<>(documents.size());
    for (RawBsonDocument document : documents) {
      if (!failed.contains(id(document))) {
        written.add(document);
      }
    }
    List<RawBsonDocument> stubborn = notStoredAsWritten(written);
    if (stubborn.isEmpty()) {
      return;
    }
    LOG.debug("{} replaced documents kept their old field order; rewriting them", stubborn.size());
    List<ReplaceOneModel<RawBsonDocument>> steps = new ArrayList<>(2 * stubborn.size());
    for (RawBsonDocument document : stubborn) {
      Bson filter = Filters.eq("_id", document.get("_id"));
      steps.add(
          new ReplaceOneModel<>(
              filter, BsonDiff.raw(new BsonDocument("_id", document.get("_id")))));
      steps.add(new ReplaceOneModel<>(filter, document, UPSERT));
    }
    // Ordered: each document's emptying must precede its rewrite.
    int vanished =
        orders.bulkWrite(steps, new BulkWriteOptions().ordered(true)).getUpserts().size();
    tally.updated -= vanished;
    tally.inserted += vanished;
    List<RawBsonDocument> still = notStoredAsWritten(stubborn);
    if (!still.isEmpty()) {
      throw new IllegalStateException(
          "the target server does not store documents as written (e.g. "
              + id(still.get(0))
              + "), so Ferry cannot keep them exact");
    }
  }

  /** Those of {@code documents} whose stored bytes differ from them now. */
  private List<RawBsonDocument> notStoredAsWritten(List<RawBsonDocument> documents) {
    if (documents.isEmpty()) {
      return List.of();
    }
    List<String> ids = new ArrayList<>(documents.size());
    documents.forEach(document -> ids.add(id(document)));
    Map<String, RawBsonDocument> stored = fetch(orders, ids, null);
    List<RawBsonDocument> out = new ArrayList<>();
    for (RawBsonDocument document : documents) {
      RawBsonDocument actual = stored.get(id(document));
      if (actual == null || !BsonDiff.identical(document, actual)) {
        out.add(document);
      }
    }
    return out;
  }

  private static String id(RawBsonDocument document) {
    return document.getString("_id").getValue();
  }

  /** Stores new or changed rejects; a reject whose reasons and source are unchanged is left. */
  private void writeRejects(
      Map<String, MappingResult.Rejected> rejected,
      Map<String, RawBsonDocument> stored,
      String runId) {
    if (rejected.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    List<ReplaceOneModel<RawBsonDocument>> models = new ArrayList<>();
    for (MappingResult.Rejected reject : rejected.values()) {
      RawBsonDocument before = stored.get(reject.uid());
      if (before != null
          && BsonDiff.identical(
              BsonDiff.raw(RejectBsonMapper.content(reject)),
              BsonDiff.raw(RejectBsonMapper.content(before)))) {
        continue;
      }
      RawBsonDocument document = BsonDiff.raw(RejectBsonMapper.toBson(reject, runId, now));
      models.add(new ReplaceOneModel<>(Filters.eq("_id", document.get("_id")), document, UPSERT));
    }
    for (int round = 1; !models.isEmpty(); round++) {
      try {
        rejects.bulkWrite(models, UNORDERED_BULK);
        return;
      } catch (MongoBulkWriteException e) {
        // A concurrent upsert of the same reject: the retry finds it and replaces it.
        List<ReplaceOneModel<RawBsonDocument>> again = new ArrayList<>();
        for (BulkWriteError error : e.getWriteErrors()) {
          if (error.getCode() != DUPLICATE_KEY || round >= MAX_ROUNDS) {
            throw e;
          }
          again.add(models.get(error.getIndex()));
        }
        models = again;
      }
    }
  }

  private void deleteByIds(MongoCollection<RawBsonDocument> collection, Collection<String> ids) {
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
      collection.deleteMany(Filters.in("_id", chunk));
    }
  }

  /** The uids of documents that failed with a duplicate key; any other write error is thrown. */
  private static Set<String> duplicates(
      MongoBulkWriteException e, List<RawBsonDocument> documents) {
    if (e.getWriteConcernError() != null) {
      throw e;
    }
    Set<String> failed = new HashSet<>();
    for (BulkWriteError error : e.getWriteErrors()) {
      if (error.getCode() != DUPLICATE_KEY) {
        throw e;
      }
      failed.add(id(documents.get(error.getIndex())));
    }
    return failed;
  }

  // --- reading ---------------------------------------------------------------------------------

  /** The documents with these string ids, keyed by id ({@code projection} null = whole). */
  private static Map<String, RawBsonDocument> fetch(
      MongoCollection<RawBsonDocument> collection, Collection<String> ids, Bson projection) {
    Map<String, RawBsonDocument> found = new HashMap<>();
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
      var find = collection.find(Filters.in("_id", chunk)).batchSize(chunk.size());
      if (projection != null) {
        find = find.projection(projection);
      }
      for (RawBsonDocument document : find) {
        BsonValue id = document.get("_id");
        if (id != null && id.isString()) {
          found.put(id.asString().getValue(), document);
        }
      }
    }
    return found;
  }

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

  /** Counts of the accepted part of one batch. */
  private static final class Tally {
    long inserted;
    long updated;
    long unchanged;
  }
}
