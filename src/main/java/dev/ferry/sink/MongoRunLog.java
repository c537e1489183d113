package dev.ferry.sink;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import dev.ferry.engine.PromotionIssue;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.RunLog;
import dev.ferry.engine.RunRecord;
import dev.ferry.engine.RunStatus;
import dev.ferry.engine.SyncMode;
import dev.ferry.engine.SyncReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * The run history in {@code ferry_runs}, next to the target collection.
 *
 * <p>Contract: one document per run — {@code {_id: run id, started_at, ended_at (null while
 * running), status ("running"/"completed"/"cancelled"/"failed"/"abandoned"), counts: {inserted,
 * updated, unchanged, rejected, deleted, stale} (Int64), duration_ms (Int64), settings: {name:
 * string} (sorted by name), promotion_issues: [{client_uid, value}], failure (string or null), sync
 * ({mode, reason, gone_from_source: [uid]} or null), last_seen_at (when it was last saved: the
 * run's heartbeat)}}. {@link #save} replaces the document with the same id (upsert); {@link
 * #recent} returns newest first by {@code started_at}, then by id. Instants are stored as BSON
 * dates, so they come back truncated to milliseconds. Settings must already be free of secrets (the
 * caller's duty, see {@link RunRecord}).
 */
public final class MongoRunLog implements RunLog {
  /** The collection name. */
  public static final String COLLECTION = "ferry_runs";

  private final MongoCollection<BsonDocument> runs;
  private final Clock clock;

  /** Turns driver failures into one-sentence {@link MongoTargetException}s. */
  private final Guard guard;

  /** Runs an operation on the target, translating its failures (see {@link MongoOrderSink}). */
  interface Guard {
    <T> T run(Supplier<T> operation);
  }

  MongoRunLog(MongoCollection<BsonDocument> runs, Clock clock, Guard guard) {
    this.runs = Objects.requireNonNull(runs, "runs");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  @Override
  public void save(RunRecord run) {
    guard.run(
        () -> {
          saveUnguarded(run);
          return null;
        });
  }

  @Override
  public List<RunRecord> recent(int limit) {
    return guard.run(() -> recentUnguarded(limit));
  }

  @Override
  public List<RunRecord> closeAbandoned(Instant now) {
    return guard.run(() -> closeAbandonedUnguarded(now));
  }

  private void saveUnguarded(RunRecord run) {
    BsonDocument document = toBson(run).append("last_seen_at", date(clock.instant()));
    runs.replaceOne(Filters.eq("_id", run.id()), document, new ReplaceOptions().upsert(true));
  }

  private List<RunRecord> closeAbandonedUnguarded(Instant now) {
    Instant cutoff = now.minus(SILENCE);
    List<RunRecord> closed = new ArrayList<>();
    for (BsonDocument document : runs.find(Filters.eq("status", RunStatus.RUNNING.label()))) {
      // Records written before heartbeats existed have only their start.
      String seenField = document.containsKey("last_seen_at") ? "last_seen_at" : "started_at";
      BsonValue seen = document.get(seenField);
      if (seen == null || !seen.isDateTime()) {
        continue;
      }
      Instant lastSeen = Instant.ofEpochMilli(seen.asDateTime().getValue());
      if (!lastSeen.isBefore(cutoff)) {
        continue;
      }
      RunRecord running = fromBson(document);
      RunRecord abandoned =
          new RunRecord(
              running.id(),
              running.startedAt(),
              Optional.of(lastSeen),
              RunStatus.ABANDONED,
              running.counts(),
              running.settings(),
              running.promotionIssues(),
              Optional.of(
                  "The run stopped reporting at "
                      + lastSeen
                      + " (killed, or cut off before it could record its end); the counts are"
                      + " those of its last report, and the next run completes the job."),
              running.sync());
      // Only if it is still the same silent running record (it may have just woken up).
      long matched =
          runs.replaceOne(
                  Filters.and(
                      Filters.eq("_id", running.id()),
                      Filters.eq("status", RunStatus.RUNNING.label()),
                      Filters.eq(seenField, seen)),
                  toBson(abandoned).append("last_seen_at", seen))
              .getMatchedCount();
      if (matched == 1) {
        closed.add(abandoned);
      }
    }
    return closed;
  }

  private List<RunRecord> recentUnguarded(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    List<RunRecord> out = new ArrayList<>();
    for (BsonDocument document :
        runs.find().sort(Sorts.descending("started_at", "_id")).limit(limit)) {
      out.add(fromBson(document));
    }
    return out;
  }

  /** The stored form of {@code run}. */
  static BsonDocument toBson(RunRecord run) {
    BsonDocument settings = new BsonDocument();
    new TreeMap<>(run.settings()).forEach((k, v) -> settings.append(k, new BsonString(v)));
    BsonArray issues = new BsonArray();
    for (PromotionIssue issue : run.promotionIssues()) {
      issues.add(
          new BsonDocument()
              .append("client_uid", new BsonString(issue.clientUid()))
              .append("value", new BsonString(issue.value())));
    }
    RunCounts counts = run.counts();
    return new BsonDocument()
        .append("_id", new BsonString(run.id()))
        .append("started_at", date(run.startedAt()))
        .append("ended_at", run.endedAt().<BsonValue>map(MongoRunLog::date).orElse(BsonNull.VALUE))
        .append("status", new BsonString(run.status().label()))
        .append(
            "counts",
            new BsonDocument()
                .append("inserted", new BsonInt64(counts.inserted()))
                .append("updated", new BsonInt64(counts.updated()))
                .append("unchanged", new BsonInt64(counts.unchanged()))
                .append("rejected", new BsonInt64(counts.rejected()))
                .append("deleted", new BsonInt64(counts.deleted()))
                .append("stale", new BsonInt64(counts.stale())))
        .append("duration_ms", new BsonInt64(run.duration().toMillis()))
        .append("settings", settings)
        .append("promotion_issues", issues)
        .append("failure", run.failure().<BsonValue>map(BsonString::new).orElse(BsonNull.VALUE))
        .append("sync", run.sync().<BsonValue>map(MongoRunLog::sync).orElse(BsonNull.VALUE));
  }

  private static BsonDocument sync(SyncReport report) {
    BsonArray gone = new BsonArray();
    report.goneFromSource().forEach(uid -> gone.add(new BsonString(uid)));
    return new BsonDocument()
        .append("mode", new BsonString(report.mode().label()))
        .append("reason", new BsonString(report.reason()))
        .append("gone_from_source", gone);
  }

  private static Optional<SyncReport> sync(BsonValue value) {
    if (value == null || !value.isDocument()) {
      return Optional.empty();
    }
    BsonDocument document = value.asDocument();
    List<String> gone = new ArrayList<>();
    for (BsonValue uid : document.getArray("gone_from_source", new BsonArray())) {
      if (uid.isString() && gone.size() < SyncReport.MAX_LISTED) {
        gone.add(uid.asString().getValue());
      }
    }
    try {
      return Optional.of(
          new SyncReport(
              SyncMode.valueOf(document.getString("mode").getValue().toUpperCase(Locale.ROOT)),
              document.getString("reason", new BsonString("")).getValue(),
              gone));
    } catch (RuntimeException unreadable) {
      return Optional.empty(); // written by another version; the rest of the record still counts
    }
  }

  /** Reads a stored run back. */
  static RunRecord fromBson(BsonDocument document) {
    BsonDocument counts = document.getDocument("counts", new BsonDocument());
    Map<String, String> settings = new TreeMap<>();
    document
        .getDocument("settings", new BsonDocument())
        .forEach((k, v) -> settings.put(k, v.isString() ? v.asString().getValue() : v.toString()));
    List<PromotionIssue> issues = new ArrayList<>();
    for (BsonValue value : document.getArray("promotion_issues", new BsonArray())) {
      BsonDocument issue = value.asDocument();
      issues.add(
          new PromotionIssue(
              issue.getString("client_uid").getValue(), issue.getString("value").getValue()));
    }
    return new RunRecord(
        document.getString("_id").getValue(),
        Instant.ofEpochMilli(document.getDateTime("started_at").getValue()),
        optionalDate(document.get("ended_at")),
        RunStatus.valueOf(document.getString("status").getValue().toUpperCase(Locale.ROOT)),
        new RunCounts(
            count(counts, "inserted"),
            count(counts, "updated"),
            count(counts, "unchanged"),
            count(counts, "rejected"),
            count(counts, "deleted"),
            count(counts, "stale")),
        settings,
        issues,
        optionalString(document.get("failure")),
        sync(document.get("sync")));
  }

  private static BsonDateTime date(Instant instant) {
    return new BsonDateTime(instant.toEpochMilli());
  }

  private static Optional<Instant> optionalDate(BsonValue value) {
    return value != null && value.isDateTime()
        ? Optional.of(Instant.ofEpochMilli(value.asDateTime().getValue()))
        : Optional.empty();
  }

  private static Optional<String> optionalString(BsonValue value) {
    return value != null && value.isString()
        ? Optional.of(value.asString().getValue())
        : Optional.empty();
  }

  private static long count(BsonDocument counts, String name) {
    BsonValue value = counts.get(name);
    return value != null && value.isNumber() ? value.asNumber().longValue() : 0L;
  }
}
