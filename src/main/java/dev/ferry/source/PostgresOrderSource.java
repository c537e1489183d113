package dev.ferry.source;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;
import dev.ferry.engine.ConnectionCheckResult;
import dev.ferry.engine.OrderReader;
import dev.ferry.engine.OrderSelection;
import dev.ferry.engine.OrderSource;
import dev.ferry.engine.SourceSnapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's PostgreSQL database as an {@link OrderSource}, strictly read-only.
 *
 * <p>Contract: every connection is read-only with autocommit off, and every transaction starts with
 * {@code SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY}, so even a mistaken statement
 * could not write; nothing is created on the server (no temporary tables, functions or prepared
 * server objects beyond the driver's own statement caching). {@link #open} resolves the schema
 * inside the new transaction — that first query fixes the snapshot — and returns a reader that
 * streams from that snapshot until it is closed. Tables and columns are found through the catalog
 * ({@link SourceSchemaResolver}); a mismatch is a {@link SourceSchemaException}, a connection
 * problem a {@link SourceException} whose message comes from {@link
 * PostgresConnectionCheck#classify}.
 *
 * <p>Connections come from a small HikariCP pool (at most {@value #MAX_CONNECTIONS}: a reader, a
 * verification query and a spare). A pool suits the snapshot: a reader simply keeps its connection
 * checked out for the snapshot's lifetime, Hikari never touches a connection in use, and it rolls
 * back and validates connections between users. The pool is built on first use, so constructing a
 * source never blocks on the network.
 */
public final class PostgresOrderSource implements OrderSource {

  /** The most connections this source ever opens at once. */
  public static final int MAX_CONNECTIONS = 3;

  private static final Logger LOG = LoggerFactory.getLogger(PostgresOrderSource.class);
  private static final String BEGIN_SNAPSHOT =
      "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
  // Only the session's rendering of floats: 1 (the server default) prints the shortest text that
  // reads back as the same double, which a database-level setting of 0 would round.
  private static final String EXACT_FLOATS = "SET LOCAL extra_float_digits = 1";
  static final int EXISTING_CHUNK = 10_000;

  /** What {@code pg_export_snapshot()} returns, e.g. {@code 00000003-0000001B-1}. */
  private static final java.util.regex.Pattern SNAPSHOT_ID =
      java.util.regex.Pattern.compile("[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+");

  private final PostgresSettings settings;
  private final Object poolLock = new Object();
  private HikariDataSource pool; // guarded by poolLock; built on first use
  private boolean closed; // guarded by poolLock

  /**
   * Runs the liveness checks of long waits (a query sorting before its first row): shared, owned by
   * the application, so that no reader starts threads of its own.
   */
  private final ScheduledExecutorService watchdogs;

  /**
   * A source for {@code settings}; no connection is made until it is used. {@code watchdogs} runs
   * the readers' liveness checks during long waits (a check blocks up to the connect and read
   * timeouts, so it must not be a pool that other work depends on).
   */
  public PostgresOrderSource(PostgresSettings settings, ScheduledExecutorService watchdogs) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.watchdogs = Objects.requireNonNull(watchdogs, "watchdogs");
  }

  private HikariConfig poolConfig() {
    HikariConfig config = new HikariConfig();
    config.setPoolName("ferry-source");
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    settings.password().ifPresent(p -> config.setPassword(p.revealAsString()));
    settings
        .driverProperties()
        .forEach(
            (key, value) -> {
              if (!"user".equals(key) && !"password".equals(key)) {
                config.addDataSourceProperty((String) key, value);
              }
            });
    config.setMaximumPoolSize(MAX_CONNECTIONS);
    config.setMinimumIdle(0);
    config.setReadOnly(true);
    config.setAutoCommit(false);
    config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
    // The pool is built on first use and tries its first connection once: a wrong password fails
    // at once with the driver's reason instead of being retried until the pool's timeout.
    config.setInitializationFailTimeout(1);
    config.setConnectionTimeout(settings.connectTimeout().plusSeconds(2).toMillis());
    return config;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Resolves the schema in the new snapshot; throws {@link SourceSchemaException} when tables or
   * columns are missing and {@link SourceException} when the database cannot be reached.
   */
  @Override
  public OrderReader open(OrderSelection selection) {
    Objects.requireNonNull(selection, "selection");
    Connection connection = borrow();
    try {
      beginSnapshot(connection);
      SourceSchema schema =
          new SourceSchemaResolver(settings.schema(), settings.roles()).resolve(connection);
      LOG.info(
          "Opened a snapshot of {} ({}) for {}",
          settings.describe(),
          schema.summary(),
          describe(selection));
      return new PostgresOrderReader(
          connection, schema, selection, settings, watchdogs, this::giveBack);
    } catch (SQLException e) {
      giveBack(connection, true);
      throw new SourceException(
          "Could not open a snapshot of " + settings.describe() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      giveBack(connection, false);
      throw e;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Resolves the schema in the new snapshot, like {@link #open}.
   */
  @Override
  public SourceSnapshot openSnapshot() {
    return openSnapshot(Optional.empty());
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code SET TRANSACTION SNAPSHOT} as the transaction's first statement: read-only, it needs
   * the exporting transaction to be open still.
   */
  @Override
  public SourceSnapshot openSnapshot(String snapshotId) {
    if (!SNAPSHOT_ID.matcher(snapshotId).matches()) {
      throw new IllegalArgumentException("not a PostgreSQL snapshot id: " + snapshotId);
    }
    return openSnapshot(Optional.of(snapshotId));
  }

  private SourceSnapshot openSnapshot(Optional<String> imported) {
    Connection connection = borrow();
    try {
      beginSnapshot(connection, imported);
      SourceSchema schema =
          new SourceSchemaResolver(settings.schema(), settings.roles()).resolve(connection);
      PostgresSnapshot snapshot =
          PostgresSnapshot.open(connection, schema, settings, watchdogs, this::giveBack);
      LOG.info(
          "Opened a snapshot of {} ({}); changes {}",
          settings.describe(),
          schema.summary(),
          snapshot.changeToken().isPresent() ? "can be told" : "cannot be told");
      return snapshot;
    } catch (SQLException e) {
      giveBack(connection, true);
      throw new SourceException(
          "Could not open a snapshot of " + settings.describe() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      giveBack(connection, false);
      throw e;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Compares {@code uid::text}, so uuid, text and integer ids all match their text form; one
   * {@code = ANY(?)} query per {@value #EXISTING_CHUNK} uids, in one read-only transaction.
   */
  @Override
  public Set<String> existingOrderIds(Collection<String> uids) {
    List<String> wanted = List.copyOf(uids);
    Set<String> found = new HashSet<>();
    if (wanted.isEmpty()) {
      return Set.of();
    }
    Connection connection = borrow();
    try {
      beginSnapshot(connection);
      SourceSchema schema =
          new SourceSchemaResolver(settings.schema(), settings.roles()).resolve(connection);
      for (int from = 0; from < wanted.size(); from += EXISTING_CHUNK) {
        List<String> chunk = wanted.subList(from, Math.min(wanted.size(), from + EXISTING_CHUNK));
        OrderQuery query = OrderQuery.existing(schema, chunk);
        try (PreparedStatement statement = query.prepare(connection);
            ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            found.add(rs.getString(1));
          }
        }
      }
      connection.rollback();
      return Set.copyOf(found);
    } catch (SQLException e) {
      throw new SourceException(
          "Could not look up order ids in " + settings.describe() + ": " + e.getMessage(), e);
    } finally {
      giveBack(connection, false);
    }
  }

  /** Resolves the schema in a short read-only transaction (for the GUI and diagnostics). */
  public SourceSchema inspectSchema() {
    Connection connection = borrow();
    try {
      beginSnapshot(connection);
      SourceSchema schema =
          new SourceSchemaResolver(settings.schema(), settings.roles()).resolve(connection);
      connection.rollback();
      return schema;
    } catch (SQLException e) {
      throw new SourceException(
          "Could not read the schema of " + settings.describe() + ": " + e.getMessage(), e);
    } finally {
      giveBack(connection, false);
    }
  }

  /** {@code host:port/database} (plus a non-default schema); never a password. */
  @Override
  public String describe() {
    return settings.describe();
  }

  /** The settings this source was built from. */
  public PostgresSettings settings() {
    return settings;
  }

  /** Closes the pool; readers still open lose their connections. Idempotent. */
  @Override
  public void close() {
    synchronized (poolLock) {
      closed = true;
      if (pool != null) {
        pool.close();
      }
    }
  }

  private Connection borrow() {
    long started = System.nanoTime();
    try {
      return pool().getConnection();
    } catch (SQLException | PoolInitializationException e) {
      ConnectionCheckResult.Failed failed =
          PostgresConnectionCheck.classify(
              e, settings, Duration.ofNanos(System.nanoTime() - started));
      throw new SourceException(failed.message(), e);
    }
  }

  /** A short form of the selection for logs: a uid list can be long. */
  static String describe(OrderSelection selection) {
    List<String> parts = new ArrayList<>();
    selection.uids().ifPresent(uids -> parts.add(uids.size() + " uids"));
    selection.clientUid().ifPresent(client -> parts.add("client " + client));
    selection.limit().ifPresent(n -> parts.add("first " + n));
    return parts.isEmpty() ? "all orders" : String.join(", ", parts);
  }

  private HikariDataSource pool() {
    synchronized (poolLock) {
      if (closed) {
        throw new IllegalStateException("The source " + settings.describe() + " is closed.");
      }
      if (pool == null) {
        pool = new HikariDataSource(poolConfig());
      }
      return pool;
    }
  }

  /**
   * Pins the transaction's mode before its first query. The pool already makes connections
   * read-only REPEATABLE READ; saying it again here keeps that true even if the pool's defaults
   * change, and makes the server refuse any write for the whole transaction.
   */
  private void beginSnapshot(Connection connection) throws SQLException {
    beginSnapshot(connection, Optional.empty());
  }

  private void beginSnapshot(Connection connection, Optional<String> imported) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(BEGIN_SNAPSHOT);
      if (imported.isPresent()) {
        // Before any query of the transaction; the id was checked against SNAPSHOT_ID.
        statement.execute("SET TRANSACTION SNAPSHOT '" + imported.get() + "'");
      }
      statement.execute(EXACT_FLOATS);
      // The server stops any statement that runs longer than the query bound, with its own error.
      statement.execute("SET LOCAL statement_timeout = " + settings.queryTimeout().toMillis());
    }
  }

  private void giveBack(Connection connection, boolean discard) {
    HikariDataSource current;
    synchronized (poolLock) {
      current = pool;
    }
    try {
      if (discard && current != null && !current.isClosed()) {
        // A cancelled or failed connection may still receive a late cancel; don't reuse it.
        current.evictConnection(connection);
      } else {
        connection.close();
      }
    } catch (SQLException e) {
      LOG.debug("Returning a connection failed: {}", e.getMessage());
    }
  }
}
