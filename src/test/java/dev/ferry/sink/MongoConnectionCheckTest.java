package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.ConnectionCheckResult;
import dev.ferry.engine.ConnectionFailure;
import dev.ferry.testing.MongoTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The target's connection check against the in-process wire server and against addresses that fail:
 * what the user reads is one sentence naming the problem and what to check, and the failure class
 * lets the GUI and CLI react to it.
 */
class MongoConnectionCheckTest {
  // Short timeouts: the failing cases wait for server selection to give up.
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static MongoSettings settings(String uri) {
    return MongoSettings.of(uri, MongoTestSupport.freshDatabase())
        .withTimeouts(TIMEOUT, TIMEOUT, TIMEOUT);
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void connectedReportsTheServerVersionAndTheRoundTrip() {
    ConnectionCheckResult result =
        MongoConnectionCheck.check(settings(MongoTestSupport.connectionString()));

    assertThat(result.ok()).as(result.message()).isTrue();
    ConnectionCheckResult.Connected connected = (ConnectionCheckResult.Connected) result;
    // The embedded server advertises a custom version (see EmbeddedMongoServer).
    assertThat(connected.serverVersion()).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(connected.latency()).isPositive().isLessThan(Duration.ofSeconds(5));
    assertThat(connected.message())
        .isEqualTo(
            "Connected to MongoDB "
                + connected.serverVersion()
                + " (round trip "
                + connected.latency().toMillis()
                + " ms).");
  }

  static Stream<Arguments> failures() {
    int closed = closedPort();
    Supplier<String> refused = () -> "mongodb://127.0.0.1:" + closed;
    return Stream.of(
        Arguments.of(
            "refused (closed port)",
            refused.get(),
            ConnectionFailure.REFUSED,
            "Nothing accepted the connection at 127.0.0.1:"
                + closed
                + "; check the host and port, and that MongoDB is running and reachable from here."),
        Arguments.of(
            "unknown host",
            "mongodb://db.ferry-test.invalid:27017",
            ConnectionFailure.UNKNOWN_HOST,
            "The MongoDB host db.ferry-test.invalid could not be resolved; check the host name in"
                + " the connection string and your DNS or VPN."),
        Arguments.of(
            "unknown SRV record",
            "mongodb+srv://cluster0.ferry-test.invalid",
            ConnectionFailure.UNKNOWN_HOST,
            "The MongoDB host cluster0.ferry-test.invalid could not be resolved; check the host"
                + " name in the connection string and your DNS or VPN."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void aFailureIsClassifiedAndExplainedInOneSentence(
      String name, String uri, ConnectionFailure failure, String message) {
    ConnectionCheckResult result = MongoConnectionCheck.check(settings(uri));

    assertThat(result.ok()).isFalse();
    assertThat(result).isInstanceOf(ConnectionCheckResult.Failed.class);
    assertThat(((ConnectionCheckResult.Failed) result).failure())
        .as(result.message())
        .isEqualTo(failure);
    assertThat(result.message()).isEqualTo(message);
    assertOneSentence(result.message());
  }

  /**
   * A malformed URI never reaches the check: the settings refuse it, in one sentence that quotes
   * the URI without its password, and the check has no chance to hang on it.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "http://db.example.com:27017",
        "mongodb://",
        "mongodb://db.example.com:99999",
        "mongodb+srv://cluster0.example.net:27017",
        "mongodb://alice:s3cret@db.example.com/?authMechanism=NOPE"
      })
  void aBadUriIsRejectedBeforeConnectingWithoutRevealingThePassword(String uri) {
    assertThatThrownBy(() -> settings(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(
            e -> {
              assertThat(e.getMessage())
                  .containsAnyOf(
                      "invalid MongoDB connection string",
                      "a MongoDB connection string starts with mongodb://")
                  .doesNotContain("s3cret");
              assertThat(e.getMessage()).doesNotContain("\n");
            });
  }

  @Test
  void anUnexpectedDriverErrorKeepsItsReasonAndPointsAtTheConnectionString() {
    MongoSettings settings = settings("mongodb://db.example.com:27017");

    ConnectionCheckResult.Failed failed =
        MongoConnectionCheck.classify(
            new IllegalArgumentException("state should be: open\nat line 2"), settings);

    assertThat(failed.failure()).isEqualTo(ConnectionFailure.OTHER);
    assertThat(failed.message())
        .isEqualTo(
            "Could not use MongoDB at db.example.com:27017 (state should be: open); check the"
                + " connection string.");
  }

  private static void assertOneSentence(String message) {
    assertThat(message).doesNotContain("\n").endsWith(".");
    // "what failed; what to check." — one clause each side of the semicolon.
    assertThat(message.split("; ")).hasSize(2);
    assertThat(message.substring(0, message.length() - 1)).doesNotContain(". ");
  }
}
