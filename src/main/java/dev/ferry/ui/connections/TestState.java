package dev.ferry.ui.connections;

/** Where a connection test of a form stands; the view styles its result line by it. */
public enum TestState {
  /** Not tested yet (or the result was cleared). */
  IDLE,
  /** The test runs. */
  TESTING,
  /** The server answered. */
  OK,
  /** The settings are invalid or the server did not answer as it should. */
  FAILED;

  /** {@link #OK} or {@link #FAILED}. */
  static TestState of(boolean ok) {
    return ok ? OK : FAILED;
  }
}
