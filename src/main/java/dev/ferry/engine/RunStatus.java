package dev.ferry.engine;

/** The state of a run in the history. */
public enum RunStatus {
  RUNNING,
  COMPLETED,
  CANCELLED,
  FAILED;

  /** The lower-case name stored in {@code ferry_runs} and printed by the CLI. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
