package dev.ferry.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run as stored in {@code ferry_runs}.
 *
 * @param id unique run id
 * @param startedAt when it started
 * @param endedAt when it ended, once it has
 * @param status running, completed, cancelled or failed
 * @param counts what it did
 * @param settings the settings used, never with secrets
 * @param promotionIssues clients whose promotion value was not understood
 * @param failure the one-sentence cause when it failed
 * @param sync how the run compared source and target, and which orders are gone from the source,
 *     once that is known
 */
public record RunRecord(
    String id,
    Instant startedAt,
    Optional<Instant> endedAt,
    RunStatus status,
    RunCounts counts,
    Map<String, String> settings,
    List<PromotionIssue> promotionIssues,
    Optional<String> failure,
    Optional<SyncReport> sync) {
  public RunRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(counts, "counts");
    settings = Map.copyOf(settings);
    promotionIssues = List.copyOf(promotionIssues);
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(sync, "sync");
  }

  /** A record without sync details (runs recorded before they are known). */
  public RunRecord(
      String id,
      Instant startedAt,
      Optional<Instant> endedAt,
      RunStatus status,
      RunCounts counts,
      Map<String, String> settings,
      List<PromotionIssue> promotionIssues,
      Optional<String> failure) {
    this(
        id,
        startedAt,
        endedAt,
        status,
        counts,
        settings,
        promotionIssues,
        failure,
        Optional.empty());
  }

  /** How long it ran (so far, for a running one: zero). */
  public Duration duration() {
    return endedAt.map(end -> Duration.between(startedAt, end)).orElse(Duration.ZERO);
  }
}
