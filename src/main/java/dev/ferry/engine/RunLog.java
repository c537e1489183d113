package dev.ferry.engine;

import java.util.List;

/**
 * The run history ({@code ferry_runs} in the target database).
 *
 * <p>Contract: {@link #save} inserts or replaces the record with the same id and notes when it was
 * saved (the run's heartbeat); {@link #recent} returns the newest runs first; {@link
 * #closeAbandoned} closes the records of runs that died without recording their end.
 */
public interface RunLog {

  /** Stores the run's current state. */
  void save(RunRecord run);

  /** The newest {@code limit} runs, newest first. */
  List<RunRecord> recent(int limit);

  /**
   * How long a running run may go without saving itself before it counts as abandoned. Runs save
   * themselves every few seconds, also while they wait for the source; waits on the target are
   * bounded by its read timeout, well inside this.
   */
  java.time.Duration SILENCE = java.time.Duration.ofMinutes(2);

  /**
   * Marks every run still recorded as running but silent for more than {@link #SILENCE} at {@code
   * now} as {@link RunStatus#ABANDONED}, ended when it was last seen; returns those runs.
   */
  List<RunRecord> closeAbandoned(java.time.Instant now);
}
