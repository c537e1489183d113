package dev.ferry.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of a "Test connection" against the source or the target, shared by both so that the
 * GUI and the CLI report them alike.
 *
 * <p>Contract: {@link #message()} is one sentence for the user — the server and its version with
 * the round trip, or what failed and what to check — and never contains a secret.
 */
public sealed interface ConnectionCheckResult {

  /** Whether the connection worked. */
  boolean ok();

  /** One sentence for the user. */
  String message();

  /**
   * The connection worked.
   *
   * @param product the server product, e.g. {@code PostgreSQL} or {@code MongoDB}
   * @param serverVersion the server's version, e.g. {@code 15.19}
   * @param latency the round-trip time of a trivial command on the open connection
   */
  record Connected(String product, String serverVersion, Duration latency)
      implements ConnectionCheckResult {
    public Connected {
      Objects.requireNonNull(product, "product");
      Objects.requireNonNull(serverVersion, "serverVersion");
      Objects.requireNonNull(latency, "latency");
    }

    @Override
    public boolean ok() {
      return true;
    }

    @Override
    public String message() {
      return "Connected to "
          + product
          + " "
          + serverVersion
          + " (round trip "
          + latency.toMillis()
          + " ms).";
    }
  }

  /**
   * The connection failed.
   *
   * @param failure the class of failure
   * @param message what failed and what to check, one sentence
   */
  record Failed(ConnectionFailure failure, String message) implements ConnectionCheckResult {
    public Failed {
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public boolean ok() {
      return false;
    }
  }
}
