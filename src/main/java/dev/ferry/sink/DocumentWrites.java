package dev.ferry.sink;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import dev.ferry.core.MappingResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exact writes of documents and rejects, shared by a full comparison and a sync run.
 *
 * <p>Every method keeps Ferry's guarantees on any MongoDB-compatible server: documents keyed on
 * {@code _id} (no duplicates), counts from Ferry's own comparisons and from per-document write
 * errors (never {@code modifiedCount} or {@code insertedCount}), a replaced document whose stored
 * fields were in another order read back and rewritten if the server kept that order, and a
 * duplicate key from a concurrent writer re-read and classified again. Stateless apart from the
 * collections; thread-safe.
 */
final class DocumentWrites {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentWrites.class);

  /** Server error code of a unique-index violation. */
  static final int DUPLICATE_KEY = 11_000;

  /** Largest number of ids in one {@code $in} lookup or delete. */
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

  /** What a stored reject is compared on: its reasons and source rows, not run id or time. */
  static final Bson REJECT_CONTENT = Projections.include("reasons", "source");

  final MongoCollection<RawBsonDocument> orders;
  final MongoCollection<RawBsonDocument> rejects;

  DocumentWrites(
      MongoCollection<RawBsonDocument> orders, MongoCollection<RawBsonDocument> rejects) {
    this.orders = orders;
    this.rejects = rejects;
  }

  /** Counts of the accepted part of one batch. */
  static final class Tally {
    long inserted;
    long updated;
    long unchanged;
  }

  /**
   * Inserts documents believed new, without a lookup; returns the uids that hit a duplicate key
   * (another writer, or a document written before a crash lost its sync-state entry), which the
   * caller must compare and write with {@link #writeAccepted}.
   */
  Set<String> insertNew(List<RawBsonDocument> documents, Tally tally) {
    Set<String> retry = new HashSet<>();
    insert(documents, tally, retry);
    return retry;
  }

  /**
   * Brings every accepted document to its expected content. {@code current} is what the target held
   * when the batch was read; a document that another writer creates after that read makes our
   * insert fail with a duplicate key, and is then re-read and classified again.
   */
  Tally writeAccepted(
      Map<String, RawBsonDocument> expected, Map<String, RawBsonDocument> current, Tally tally) {
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
      Set<String> reordered = new HashSet<>();
      for (Map.Entry<String, RawBsonDocument> entry : pending.entrySet()) {
        RawBsonDocument actual = seen.get(entry.getKey());
        if (actual == null) {
          toInsert.add(entry.getValue());
        } else if (BsonDiff.identical(entry.getValue(), actual)) {
          tally.unchanged++;
        } else {
          toReplace.add(entry.getValue());
          if (!sameTopLevelFields(actual, entry.getValue())) {
            reordered.add(entry.getKey());
          }
        }
      }
      Set<String> retry = new HashSet<>();
      insert(toInsert, tally, retry);
      replace(toReplace, reordered, tally, retry);
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
   * updated; one that vanished meanwhile is upserted and counts as inserted. {@code reordered}
   * names those whose stored top-level fields were not Ferry's, in Ferry's order.
   */
  private void replace(
      List<RawBsonDocument> documents, Set<String> reordered, Tally tally, Set<String> retry) {
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
    // document's top-level field order (new fields appended, and no write at all when only the
    // order differs), so a document whose fields were reordered would be "changed" forever. That
    // can only happen where the stored fields were not already Ferry's, in Ferry's order: only
    // those are read back (MongoDB stores a replacement as sent, so normally nothing is), and
    // rewritten in two steps (empty them, then replace), which no server can merge with the old
    // order.
    List<RawBsonDocument> written = new ArrayList<>(documents.size());
    for (RawBsonDocument document : documents) {
      if (!failed.contains(id(document)) && reordered.contains(id(document))) {
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

  /** Whether both documents have the same top-level field names in the same order. */
  static boolean sameTopLevelFields(BsonDocument a, BsonDocument b) {
    return List.copyOf(a.keySet()).equals(List.copyOf(b.keySet()));
  }

  static String id(RawBsonDocument document) {
    return document.getString("_id").getValue();
  }

  /**
   * Stores new or changed rejects; a reject whose reasons and source equal {@code stored}'s (the
   * content read before, by uid) is left as it is.
   */
  void writeRejects(
      Collection<MappingResult.Rejected> rejected,
      Map<String, RawBsonDocument> stored,
      String runId,
      Instant now) {
    if (rejected.isEmpty()) {
      return;
    }
    List<ReplaceOneModel<RawBsonDocument>> models = new ArrayList<>();
    for (MappingResult.Rejected reject : rejected) {
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

  static void deleteByIds(MongoCollection<RawBsonDocument> collection, Collection<String> ids) {
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

  /** The documents with these string ids, keyed by id ({@code projection} null = whole). */
  static Map<String, RawBsonDocument> fetch(
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
}
