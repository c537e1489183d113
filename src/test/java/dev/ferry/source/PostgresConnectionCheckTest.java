package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.Workers;
import dev.ferry.core.Secret;
import dev.ferry.engine.ConnectionCheckResult;
import dev.ferry.engine.ConnectionFailure;
import dev.ferry.engine.OrderSelection;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each failure class the GUI and CLI explain, produced for real. */
class PostgresConnectionCheckTest {

  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = EmbeddedPostgresSupport.createDatabase();
  }

  @Test
  void connectsAndReportsTheServerVersionAndRoundTrip() {
    ConnectionCheckResult result = PostgresConnectionCheck.check(SourceTesting.settings(db));

    assertThat(result).isInstanceOf(ConnectionCheckResult.Connected.class);
    ConnectionCheckResult.Connected connected = (ConnectionCheckResult.Connected) result;
    assertThat(connected.serverVersion()).startsWith("15.");
    assertThat(connected.latency()).isPositive().isLessThan(Duration.ofSeconds(5));
    assertThat(result.message()).startsWith("Connected to PostgreSQL 15.");
  }

  @Test
  void classifiesAClosedPortAsRefused() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    ConnectionCheckResult.Failed failed =
        failed(url("127.0.0.1", closedPort, db.name()), db.user(), db.password());

    assertThat(failed.failure()).isEqualTo(ConnectionFailure.REFUSED);
    assertThat(failed.message())
        .startsWith("Nothing accepted the connection at 127.0.0.1:" + closedPort)
        .endsWith(
            "check the host and port, and that PostgreSQL is running and reachable from here.");
  }

  @Test
  void classifiesAWrongPasswordAsAuthFailed() {
    ConnectionCheckResult.Failed failed = failed(db.jdbcUrl(), db.user(), "wrong-password");

    assertThat(failed.failure()).isEqualTo(ConnectionFailure.AUTH_FAILED);
    assertThat(failed.message())
        .isEqualTo(
            "PostgreSQL at localhost:"
                + db.port()
                + " rejected the login of user \""
                + db.user()
                + "\"; check the user name and password.")
        .doesNotContain("wrong-password");
  }

  @Test
  void classifiesAMissingPasswordAsAuthFailed() {
    ConnectionCheckResult result =
        PostgresConnectionCheck.check(
            PostgresSettings.of(db.jdbcUrl(), db.user(), Optional.empty()));

    assertThat(result)
        .isInstanceOfSatisfying(
            ConnectionCheckResult.Failed.class,
            f -> {
              assertThat(f.failure()).isEqualTo(ConnectionFailure.AUTH_FAILED);
              assertThat(f.message()).contains("none was given");
            });
  }

  @Test
  void classifiesAnUnknownDatabase() {
    ConnectionCheckResult.Failed failed =
        failed(url("localhost", db.port(), "no_such_db"), db.user(), db.password());

    assertThat(failed.failure()).isEqualTo(ConnectionFailure.UNKNOWN_DATABASE);
    assertThat(failed.message())
        .isEqualTo(
            "Database \"no_such_db\" does not exist at localhost:"
                + db.port()
                + "; check the database name in the URL.");
  }

  /** The advice points at what the analyst typed: the URL (CLI, job file) or the form's fields. */
  @ParameterizedTest(name = "{0} given as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "3D000 | URL | check the database name in the URL.",
        "3D000 | FORM_FIELDS | check the Database field.",
        "unknown host | URL | check the host in the URL and your DNS or VPN.",
        "unknown host | FORM_FIELDS | check the Host field and your DNS or VPN.",
      })
  void aFailureNamesWhereTheAnalystGaveTheHostOrDatabase(
      String failure, PostgresConnectionCheck.Given given, String advice) {
    Throwable error =
        failure.equals("3D000")
            ? new SQLException("FATAL: database \"shop\" does not exist", "3D000")
            : new SQLException("boom", "08001", new UnknownHostException("db.invalid"));
    PostgresSettings settings =
        PostgresSettings.of(url("db.invalid", 5432, "shop"), "u", Optional.empty());

    String message =
        PostgresConnectionCheck.classify(error, settings, Duration.ofMillis(5), given).message();

    assertThat(message).endsWith("; " + advice);
    assertThat(message)
        .doesNotContain(given == PostgresConnectionCheck.Given.URL ? "field" : "URL");
  }

  @Test
  void classifiesAServerThatNeverAnswersAsTimeout() throws IOException {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept()); // accept, then say nothing
                  }
                } catch (IOException e) {
                  // closed
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      PostgresSettings settings =
          PostgresSettings.of(
                  url("127.0.0.1", silent.getLocalPort(), "x"), "u", Optional.of(Secret.of("p")))
              .withConnectTimeout(Duration.ofSeconds(1));

      long started = System.nanoTime();
      ConnectionCheckResult result = PostgresConnectionCheck.check(settings);

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(result)
          .isInstanceOfSatisfying(
              ConnectionCheckResult.Failed.class,
              f -> {
                assertThat(f.failure()).isEqualTo(ConnectionFailure.TIMEOUT);
                assertThat(f.message()).contains("timed out after 1 s");
              });
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void classifiesARequiredTlsTheServerLacksAsTls() {
    ConnectionCheckResult.Failed failed =
        failed(db.jdbcUrl() + "?sslmode=require", db.user(), db.password());

    assertThat(failed.failure()).isEqualTo(ConnectionFailure.TLS);
    assertThat(failed.message()).contains("check sslmode");
  }

  @Test
  void classifiesAnUnresolvableHost() {
    ConnectionCheckResult.Failed failed = failed(url("no-such-host.invalid", 5432, "d"), "u", "p");

    assertThat(failed.failure()).isEqualTo(ConnectionFailure.UNKNOWN_HOST);
    assertThat(failed.message()).contains("\"no-such-host.invalid\" could not be resolved");
  }

  @Test
  void theSourceReportsConnectionFailuresWithTheSameMessage() {
    PostgresSettings settings =
        PostgresSettings.of(db.jdbcUrl(), db.user(), Optional.of(Secret.of("wrong-password")))
            .withConnectTimeout(Duration.ofSeconds(2));

    try (PostgresOrderSource source = new PostgresOrderSource(settings, Workers.watchdogs())) {
      assertThatThrownBy(() -> source.open(OrderSelection.all()))
          .isInstanceOf(SourceException.class)
          .hasMessage(
              "PostgreSQL at localhost:"
                  + db.port()
                  + " rejected the login of user \""
                  + db.user()
                  + "\"; check the user name and password.");
    }
  }

  private static ConnectionCheckResult.Failed failed(String url, String user, String password) {
    ConnectionCheckResult result =
        PostgresConnectionCheck.check(
            PostgresSettings.of(url, user, Optional.of(Secret.of(password))));
    assertThat(result).isInstanceOf(ConnectionCheckResult.Failed.class);
    return (ConnectionCheckResult.Failed) result;
  }

  private static String url(String host, int port, String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }
}
