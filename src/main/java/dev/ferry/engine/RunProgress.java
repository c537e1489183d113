package dev.ferry.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A progress event, sent at least once per batch.
 *
 * @param runId the run
 * @param processed orders handled so far
 * @param total orders in the snapshot
 * @param counts counts so far
 * @param ordersPerSecond average rate since the start
 * @param elapsed time since the start
 * @param eta estimated time left, once a rate is known
 */
public record RunProgress(
    String runId,
    long processed,
    long total,
    RunCounts counts,
    double ordersPerSecond,
    Duration elapsed,
    Optional<Duration> eta) {
  public RunProgress {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(eta, "eta");
  }

  /** Share done, from 0 to 1 (1 for an empty source). */
  public double fraction() {
    return total == 0 ? 1.0 : Math.min(1.0, (double) processed / total);
  }

  static RunProgress of(String runId, long processed, long total, RunCounts counts, long nanos) {
    Duration elapsed = Duration.ofNanos(nanos);
    double seconds = nanos / 1e9;
    double rate = seconds > 0 ? processed / seconds : 0;
    Optional<Duration> eta =
        rate > 0
            ? Optional.of(Duration.ofMillis((long) ((total - processed) / rate * 1000)))
            : Optional.empty();
    return new RunProgress(runId, processed, total, counts, rate, elapsed, eta);
  }
}
