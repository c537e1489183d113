package dev.ferry.engine;

/** Thrown inside a run when it was cancelled; the run then ends with status cancelled. */
public class RunCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RunCancelledException(String message) {
    super(message);
  }

  public RunCancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}
