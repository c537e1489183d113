package dev.ferry.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * Single read-only connections for tools that query the source directly (the profiler), outside the
 * order reader's pool.
 *
 * <p>Contract: the connection is read-only with auto-commit on, so that {@link
 * SchemaCatalog#read(Connection, String)} can open its own transactions; {@link #beginReadOnly}
 * starts a {@code REPEATABLE READ, READ ONLY} transaction with a statement timeout, so the server
 * refuses any write and no query runs away. Failures to connect are {@link SourceException}s with
 * {@link PostgresConnectionCheck#classify}'s message; the caller closes the connection.
 */
public final class SourceConnections {
  private static final int SOCKET_TIMEOUT_SECONDS = 600;

  private SourceConnections() {}

  /** Opens one read-only connection with {@code settings}. */
  public static Connection openReadOnly(PostgresSettings settings) {
    Properties properties = settings.driverProperties();
    properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
    properties.setProperty("readOnly", "true");
    long started = System.nanoTime();
    try {
      Connection connection = DriverManager.getConnection(settings.jdbcUrl(), properties);
      connection.setReadOnly(true);
      return connection;
    } catch (SQLException e) {
      throw new SourceException(
          PostgresConnectionCheck.classify(
                  e, settings, Duration.ofNanos(System.nanoTime() - started))
              .message(),
          e);
    }
  }

  /**
   * Starts a read-only snapshot transaction on {@code connection}, each statement bounded by {@code
   * statementTimeout}; roll it back to end it.
   */
  public static void beginReadOnly(Connection connection, Duration statementTimeout)
      throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      statement.execute("SET LOCAL statement_timeout = " + statementTimeout.toMillis());
      statement.execute("SET LOCAL lock_timeout = 5000");
      statement.execute("SET LOCAL extra_float_digits = 1");
    }
  }
}
