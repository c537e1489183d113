package dev.ferry.sink;

import dev.ferry.engine.ConnectionCheckResult;
import dev.ferry.engine.ConnectionFailure;
import java.util.Objects;

/**
 * Talking to the target failed: the message is {@link MongoFailures}' one sentence (what failed,
 * what to check), the driver's exception is the cause and {@link #failure()} its class.
 *
 * <p>Contract: the message never holds the driver's raw text nor a credential, so any layer may
 * show it as it is (the engine records {@code getMessage()} as a run's failure). Wrap a driver
 * exception with {@link #of}: {@code catch (MongoException | BSONException e) { throw
 * MongoTargetException.of(e, settings); }}.
 */
public final class MongoTargetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ConnectionFailure failure;

  public MongoTargetException(ConnectionFailure failure, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /**
   * {@code error}, met while talking to the target of {@code settings}, as one sentence; an {@code
   * error} that already is a {@link MongoTargetException} is returned as it is.
   */
  public static MongoTargetException of(Throwable error, MongoSettings settings) {
    if (error instanceof MongoTargetException known) {
      return known;
    }
    ConnectionCheckResult.Failed failed = MongoFailures.classify(error, settings);
    return new MongoTargetException(failed.failure(), failed.message(), error);
  }

  /** The class of the failure. */
  public ConnectionFailure failure() {
    return failure;
  }
}
