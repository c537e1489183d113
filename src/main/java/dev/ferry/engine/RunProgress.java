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
 * @param phase what the run is doing now, so that a screen can say it before the first batch
 */
public record RunProgress(
    String runId,
    long processed,
    long total,
    RunCounts counts,
    double ordersPerSecond,
    Duration elapsed,
    Optional<Duration> eta,
    Phase phase) {

  /** What a run is doing. */
  public enum Phase {
    /** Opening the source's snapshot and counting its orders. */
    OPENING("opening the source snapshot and counting its orders"),
    /** Reading the target's sync state and deciding how to compare. */
    PLANNING("reading the target's sync state"),
    /** Waiting for the first orders (the source may be sorting them, or finding changes). */
    FIRST_BATCH("reading the first orders (the source sorts or compares them first)"),
    /** Writing batches. */
    RUNNING("writing"),
    /** Every order done; recording the run. */
    FINISHING("recording the run");

    private final String description;

    Phase(String description) {
      this.description = description;
    }

    /** What it means, in words for a status line. */
    public String description() {
      return description;
    }
  }

  public RunProgress {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(eta, "eta");
    Objects.requireNonNull(phase, "phase");
  }

  /** A progress event while batches are written. */
  public RunProgress(
      String runId,
      long processed,
      long total,
      RunCounts counts,
      double ordersPerSecond,
      Duration elapsed,
      Optional<Duration> eta) {
    this(runId, processed, total, counts, ordersPerSecond, elapsed, eta, Phase.RUNNING);
  }

  /** Share done, from 0 to 1 (1 for an empty source). */
  public double fraction() {
    return total == 0 ? 1.0 : Math.min(1.0, (double) processed / total);
  }

  static RunProgress of(String runId, long processed, long total, RunCounts counts, long nanos) {
    return of(runId, processed, total, counts, nanos, Phase.RUNNING);
  }

  static RunProgress of(
      String runId, long processed, long total, RunCounts counts, long nanos, Phase phase) {
    Duration elapsed = Duration.ofNanos(nanos);
    double seconds = nanos / 1e9;
    double rate = seconds > 0 ? processed / seconds : 0;
    Optional<Duration> eta =
        rate > 0
            ? Optional.of(Duration.ofMillis((long) ((total - processed) / rate * 1000)))
            : Optional.empty();
    return new RunProgress(runId, processed, total, counts, rate, elapsed, eta, phase);
  }
}
