package dev.ferry.app;

/**
 * A job file that cannot be used: unreadable, malformed, with an unknown key, a wrong value or
 * contradictory settings.
 *
 * <p>Contract: the message is one sentence that names the file, the line and the key (e.g. {@code
 * job.yaml line 12: unknown key "tabel" in source.roles.orders; known keys: table, columns.}), so
 * the user can fix it without guessing. Nothing is ever defaulted silently in its place.
 */
public class JobFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobFileException(String message) {
    super(message);
  }

  public JobFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
