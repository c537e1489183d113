package dev.ferry.source;

/**
 * Reading the source failed for a reason other than cancellation.
 *
 * <p>Contract: the message is one sentence a user can act on (what failed, what to check) and never
 * contains a password; the driver's exception, if any, is the cause.
 */
public class SourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
