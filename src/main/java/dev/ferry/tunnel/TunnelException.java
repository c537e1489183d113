package dev.ferry.tunnel;

import java.util.Objects;

/**
 * Opening or using an SSH tunnel failed.
 *
 * <p>Contract: the message is one sentence that names the cause and the action the user can take,
 * and it never contains a passphrase or password; {@link #failure()} classifies the cause for
 * programmatic reactions.
 */
public final class TunnelException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final TunnelFailure failure;

  /** Creates an exception with a user-facing message. */
  public TunnelException(TunnelFailure failure, String message) {
    this(failure, message, null);
  }

  /** Creates an exception with a user-facing message and the low-level cause for the log. */
  public TunnelException(TunnelFailure failure, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** The classified cause. */
  public TunnelFailure failure() {
    return failure;
  }
}
