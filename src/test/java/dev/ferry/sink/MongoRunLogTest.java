package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import dev.ferry.engine.PromotionIssue;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.RunLog;
import dev.ferry.engine.RunRecord;
import dev.ferry.engine.RunStatus;
import dev.ferry.engine.SyncMode;
import dev.ferry.engine.SyncReport;
import dev.ferry.testing.MongoTestSupport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MongoRunLogTest {
  private static final Instant T0 = Instant.parse("2024-06-01T08:00:00.123Z");

  private MongoOrderSink sink;
  private RunLog log;
  private MongoClient inspector;
  private String database;

  @BeforeEach
  void open() {
    database = MongoTestSupport.freshDatabase();
    sink = new MongoOrderSink(MongoSettings.of(MongoTestSupport.connectionString(), database));
    log = sink.runLog();
    inspector = MongoTestSupport.client();
  }

  @AfterEach
  void close() {
    sink.close();
    inspector.close();
  }

  private static RunRecord running(String id, Instant startedAt) {
    return new RunRecord(
        id,
        startedAt,
        Optional.empty(),
        RunStatus.RUNNING,
        RunCounts.ZERO,
        Map.of("source", "db1:5432/shop", "batch_size", "1000"),
        List.of(),
        Optional.empty());
  }

  private static RunRecord finished(RunRecord run, RunStatus status, Optional<String> failure) {
    return new RunRecord(
        run.id(),
        run.startedAt(),
        Optional.of(run.startedAt().plusMillis(4_321)),
        status,
        new RunCounts(10, 2, 30, 1, 4, 0),
        run.settings(),
        List.of(new PromotionIssue("client-7", "someday")),
        failure,
        Optional.of(
            new SyncReport(
                SyncMode.INCREMENTAL,
                "only orders the source changed since the last completed run were read",
                List.of("gone-1", "gone-2", "gone-3", "gone-4"))));
  }

  @Test
  void aRunComesBackExactlyAsSavedWhileRunningAndWhenFailed() {
    RunRecord start = running("run-1", T0);
    log.save(start);
    assertThat(log.recent(10)).containsExactly(start);

    RunRecord failed = finished(start, RunStatus.FAILED, Optional.of("MongoDB went away."));
    log.save(failed);

    assertThat(log.recent(10)).containsExactly(failed);
    assertThat(failed.duration().toMillis()).isEqualTo(4_321);
  }

  @Test
  void theStoredDocumentHasTheDocumentedShape() {
    log.save(running("run-1", T0));
    BsonDocument stored =
        inspector
            .getDatabase(database)
            .getCollection("ferry_runs", BsonDocument.class)
            .find()
            .first();
    assertThat(stored.keySet())
        .containsExactly(
            "_id",
            "started_at",
            "ended_at",
            "status",
            "counts",
            "duration_ms",
            "settings",
            "promotion_issues",
            "failure",
            "sync");
    assertThat(stored.get("ended_at").isNull()).isTrue();
    assertThat(stored.getString("status").getValue()).isEqualTo("running");
    assertThat(stored.get("failure").isNull()).isTrue();

    log.save(finished(running("run-1", T0), RunStatus.COMPLETED, Optional.empty()));
    stored =
        inspector
            .getDatabase(database)
            .getCollection("ferry_runs", BsonDocument.class)
            .find()
            .first();
    assertThat(stored.getDocument("counts").values())
        .allMatch(v -> v.getBsonType() == BsonType.INT64);
    assertThat(stored.getDocument("counts").getInt64("inserted").getValue()).isEqualTo(10);
    assertThat(stored.getDocument("counts").keySet())
        .containsExactly("inserted", "updated", "unchanged", "rejected", "deleted", "stale");
    assertThat(stored.getDocument("counts").getInt64("deleted").getValue()).isEqualTo(4);
    assertThat(stored.getDocument("sync").toJson())
        .isEqualTo(
            "{\"mode\": \"incremental\", \"reason\": \"only orders the source changed since the"
                + " last completed run were read\", \"gone_from_source\": [\"gone-1\","
                + " \"gone-2\", \"gone-3\", \"gone-4\"]}");
    assertThat(stored.getInt64("duration_ms").getValue()).isEqualTo(4_321);
    assertThat(stored.getString("status").getValue()).isEqualTo("completed");
    assertThat(stored.getArray("promotion_issues").get(0).asDocument().toJson())
        .isEqualTo("{\"client_uid\": \"client-7\", \"value\": \"someday\"}");
    assertThat(inspector.getDatabase(database).getCollection("ferry_runs").countDocuments())
        .isEqualTo(1);
  }

  @Test
  void recentListsTheNewestRunsFirstUpToTheLimit() {
    log.save(running("run-b", T0.plusSeconds(60)));
    log.save(running("run-a", T0));
    log.save(running("run-c", T0.plusSeconds(120)));

    assertThat(log.recent(2)).extracting(RunRecord::id).containsExactly("run-c", "run-b");
    assertThat(log.recent(10)).extracting(RunRecord::id).containsExactly("run-c", "run-b", "run-a");
    assertThatThrownBy(() -> log.recent(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
