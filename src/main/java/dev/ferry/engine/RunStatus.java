package dev.ferry.engine;

/** The state of a run in the history. */
public enum RunStatus {
  RUNNING,
  COMPLETED,
  CANCELLED,
  FAILED,
  /**
   * Stopped reporting while running (killed, or cut off with no chance to record its end); set by a
   * later run, verification or the history once the run has been silent for {@link RunLog#SILENCE}.
   */
  ABANDONED;

  /** The lower-case name stored in {@code ferry_runs} and printed by the CLI. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
