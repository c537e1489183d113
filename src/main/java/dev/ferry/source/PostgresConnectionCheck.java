package dev.ferry.source;

import dev.ferry.engine.ConnectionCheckResult;
import dev.ferry.engine.ConnectionFailure;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries the source connection once and says, in one sentence, what is wrong if it fails.
 *
 * <p>Contract: {@link #check} never throws for connection problems; it returns either {@link
 * ConnectionCheckResult.Connected} with the server version and the round-trip time of a trivial
 * query, or {@link ConnectionCheckResult.Failed} with a {@link ConnectionFailure} class and a
 * message naming what failed and what to check. It opens one connection (no pool), runs only {@code
 * SELECT} and closes it. Messages never contain the password. {@link #classify} gives the same
 * answer for an exception met elsewhere (a pool or a reader), so the GUI's Test button and the
 * CLI's errors speak alike.
 */
public final class PostgresConnectionCheck {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresConnectionCheck.class);

  private PostgresConnectionCheck() {}

  /**
   * Where the analyst gave the host and the database, so that a failure points at what they typed:
   * a URL (command line, job file) or the desktop app's form fields.
   */
  public enum Given {
    /** {@code --pg-url} or a job file's {@code source.url}. */
    URL("the host in the URL", "the database name in the URL"),
    /** The desktop app's PostgreSQL form (a pasted URL is taken apart into its fields). */
    FORM_FIELDS("the Host field", "the Database field");

    private final String host;
    private final String database;

    Given(String host, String database) {
      this.host = host;
      this.database = database;
    }
  }

  /** Connects once with {@code settings} (given as a URL), measures a round trip, disconnects. */
  public static ConnectionCheckResult check(PostgresSettings settings) {
    return check(settings, Given.URL);
  }

  /**
   * Connects once with {@code settings}, measures a round trip and disconnects; a failure names
   * what to check as {@code given} says the analyst entered it.
   */
  public static ConnectionCheckResult check(PostgresSettings settings, Given given) {
    Properties properties = settings.driverProperties();
    // A check must not hang on a server that accepts TCP but never answers a query either.
    properties.setProperty("socketTimeout", Integer.toString(settings.connectTimeoutSeconds()));
    long started = System.nanoTime();
    try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), properties);
        Statement statement = connection.createStatement()) {
      String version;
      try (ResultSet rs = statement.executeQuery("SHOW server_version")) {
        rs.next();
        version = rs.getString(1);
      }
      long before = System.nanoTime();
      try (ResultSet rs = statement.executeQuery("SELECT 1")) {
        rs.next();
      }
      Duration latency = Duration.ofNanos(System.nanoTime() - before);
      LOG.info(
          "Connected to {}: PostgreSQL {}, round trip {}", settings.describe(), version, latency);
      return new ConnectionCheckResult.Connected("PostgreSQL", version, latency);
    } catch (SQLException e) {
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      ConnectionCheckResult.Failed failed = classify(e, settings, elapsed, given);
      LOG.info("Connection check of {} failed: {}", settings.describe(), failed.failure(), e);
      return failed;
    }
  }

  /**
   * Classifies a connection failure met anywhere (driver, pool) for {@code settings}. {@code
   * elapsed} is how long the attempt took; it tells a login timeout (which PgJDBC reports without a
   * cause) from other failures.
   */
  public static ConnectionCheckResult.Failed classify(
      Throwable error, PostgresSettings settings, Duration elapsed) {
    return classify(error, settings, elapsed, Given.URL);
  }

  /** {@link #classify(Throwable, PostgresSettings, Duration)}, naming what to check as given. */
  public static ConnectionCheckResult.Failed classify(
      Throwable error, PostgresSettings settings, Duration elapsed, Given given) {
    String where = settings.host() + ":" + settings.port();
    String state = sqlState(error);
    Throwable cause = error;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) {
        return new ConnectionCheckResult.Failed(
            ConnectionFailure.UNKNOWN_HOST,
            "The host name \""
                + settings.host()
                + "\" could not be resolved; check "
                + given.host
                + " and your DNS or VPN.");
      }
      if (t instanceof SSLException) {
        return tls(where, t);
      }
      if (t instanceof SocketTimeoutException) {
        return timeout(where, settings);
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return new ConnectionCheckResult.Failed(
            ConnectionFailure.REFUSED,
            "Nothing accepted the connection at "
                + where
                + " ("
                + t.getMessage()
                + "); check the host and port, and that PostgreSQL is running and reachable from here.");
      }
      cause = t;
    }
    // The driver's own message is the innermost SQLException (a pool wraps it in its own).
    String reason = firstLine(driverException(error).getMessage());
    if (state != null) {
      switch (state) {
        case "28P01":
          return auth(settings, where);
        case "28000":
          if (reason.contains("pg_hba.conf")) {
            return new ConnectionCheckResult.Failed(
                ConnectionFailure.AUTH_FAILED,
                "PostgreSQL at "
                    + where
                    + " does not admit user \""
                    + settings.user()
                    + "\" from this machine (pg_hba.conf); ask the database administrator to allow this client or check sslmode.");
          }
          return auth(settings, where);
        case "3D000":
          return new ConnectionCheckResult.Failed(
              ConnectionFailure.UNKNOWN_DATABASE,
              "Database \""
                  + settings.database()
                  + "\" does not exist at "
                  + where
                  + "; check "
                  + given.database
                  + ".");
        case "08004":
          // PgJDBC uses "rejected" both for "server does not support SSL" and "no password given".
          if (reason.toLowerCase(Locale.ROOT).contains("ssl") || requiresTls(settings)) {
            return tls(where, error);
          }
          if (settings.password().isEmpty()) {
            return new ConnectionCheckResult.Failed(
                ConnectionFailure.AUTH_FAILED,
                "PostgreSQL at "
                    + where
                    + " asks user \""
                    + settings.user()
                    + "\" for a password but none was given; enter the password.");
          }
          break;
        case "08001":
          if (elapsed.compareTo(settings.connectTimeout().multipliedBy(9).dividedBy(10)) >= 0) {
            return timeout(where, settings);
          }
          break;
        default:
          break;
      }
    }
    if (elapsed.compareTo(settings.connectTimeout()) >= 0
        && state != null
        && state.startsWith("08")) {
      return timeout(where, settings);
    }
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.OTHER,
        "Could not connect to "
            + settings.describe()
            + ": "
            + stripPeriod(reason.isEmpty() ? String.valueOf(cause) : reason)
            + ".");
  }

  private static ConnectionCheckResult.Failed auth(PostgresSettings settings, String where) {
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.AUTH_FAILED,
        "PostgreSQL at "
            + where
            + " rejected the login of user \""
            + settings.user()
            + "\"; check the user name and password.");
  }

  private static ConnectionCheckResult.Failed tls(String where, Throwable t) {
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.TLS,
        "The TLS/SSL connection to "
            + where
            + " could not be established ("
            + stripPeriod(firstLine(t.getMessage()))
            + "); check sslmode and the server's certificate settings.");
  }

  private static ConnectionCheckResult.Failed timeout(String where, PostgresSettings settings) {
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.TIMEOUT,
        "Connecting to "
            + where
            + " timed out after "
            + settings.connectTimeoutSeconds()
            + " s; check the host and port, firewalls, and the VPN or SSH tunnel.");
  }

  private static boolean requiresTls(PostgresSettings settings) {
    String url = settings.jdbcUrl().toLowerCase(Locale.ROOT);
    return url.contains("sslmode=require")
        || url.contains("sslmode=verify-ca")
        || url.contains("sslmode=verify-full")
        || url.contains("ssl=true");
  }

  private static String sqlState(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  private static Throwable driverException(Throwable error) {
    Throwable innermost = error;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        innermost = t;
      }
    }
    return innermost;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return (newline >= 0 ? message.substring(0, newline) : message).strip();
  }

  private static String stripPeriod(String text) {
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }
}
