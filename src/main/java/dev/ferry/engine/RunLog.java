package dev.ferry.engine;

import java.util.List;

/**
 * The run history ({@code ferry_runs} in the target database).
 *
 * <p>Contract: {@link #save} inserts or replaces the record with the same id; {@link #recent}
 * returns the newest runs first.
 */
public interface RunLog {

  /** Stores the run's current state. */
  void save(RunRecord run);

  /** The newest {@code limit} runs, newest first. */
  List<RunRecord> recent(int limit);
}
