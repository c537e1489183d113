package dev.ferry.source;

import dev.ferry.core.Durations;
import dev.ferry.engine.OrderReader;
import dev.ferry.engine.OrderSelection;
import dev.ferry.engine.RunCancelledException;
import dev.ferry.engine.SourceSnapshot;
import dev.ferry.engine.UidRange;
import dev.ferry.source.SourceSchema.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One REPEATABLE READ, READ ONLY transaction of the source, serving a whole run: the count, the
 * order stream (all orders, or a batch of uids), id lookups and the change feed.
 *
 * <p>Changes are told from row versions: every row carries the id of the transaction that wrote it
 * ({@code xmin}), so the rows written since an earlier snapshot are exactly those whose {@code
 * xmin} lies at or above that snapshot's {@code xmin} (see {@link XidWindow}). A change token names
 * the server (its system identifier), the database, every relation the rules read (with partitions
 * and inheritance children, so attaching a table of old rows is noticed) and the snapshot's {@code
 * xmin}; a later snapshot accepts it only when all of that still holds. Views and foreign tables
 * have no row versions: a source with one gives no token.
 *
 * <p>Thread use: one thread reads at a time; {@link #cancel()} may come from any thread.
 */
final class PostgresSnapshot implements SourceSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSnapshot.class);
  private static final String TOKEN_VERSION = "pg1";
  private static final Set<Character> VERSIONED_KINDS = Set.of('r', 'p', 'm');

  private final Connection connection;
  private final PGConnection pgConnection;
  private final SourceSchema schema;
  private final PostgresSettings settings;
  private final String where;
  private final BiConsumer<Connection, Boolean> release;
  private final Identity identity;
  private final String schemaFingerprint;
  private final Object lifecycle = new Object();
  private volatile boolean cancelled;
  private boolean closed; // guarded by lifecycle

  private final ScheduledExecutorService watchdogs;

  private PostgresSnapshot(
      Connection connection,
      SourceSchema schema,
      PostgresSettings settings,
      ScheduledExecutorService watchdogs,
      BiConsumer<Connection, Boolean> release,
      Identity identity,
      String schemaFingerprint)
      throws SQLException {
    this.watchdogs = watchdogs;
    this.connection = connection;
    this.pgConnection = connection.unwrap(PGConnection.class);
    this.schema = schema;
    this.settings = settings;
    this.where = settings.describe();
    this.release = release;
    this.identity = identity;
    this.schemaFingerprint = schemaFingerprint;
  }

  /**
   * Wraps a connection whose snapshot transaction has begun and whose schema was resolved in it;
   * reads the snapshot's identity. {@code watchdogs} runs the liveness checks of its readers' long
   * waits; {@code release} gives the connection back (flag: cancelled).
   */
  static PostgresSnapshot open(
      Connection connection,
      SourceSchema schema,
      PostgresSettings settings,
      ScheduledExecutorService watchdogs,
      BiConsumer<Connection, Boolean> release)
      throws SQLException {
    Identity identity = Identity.read(connection, schema);
    String fingerprint = schema + "\nenums=" + enumLabels(connection, schema);
    return new PostgresSnapshot(
        connection, schema, settings, watchdogs, release, identity, fingerprint);
  }

  @Override
  public long count() {
    checkUsable();
    try (PreparedStatement counting =
            OrderQuery.count(schema, OrderSelection.all()).prepare(connection);
        ResultSet rs = counting.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw failure("counting orders", e);
    }
  }

  @Override
  public OrderReader read(OrderSelection selection) {
    checkUsable();
    try {
      return PostgresOrderReader.within(connection, schema, selection, settings, watchdogs);
    } catch (SQLException e) {
      throw failure("reading orders", e);
    }
  }

  @Override
  public Set<String> existingOrderIds(Collection<String> uids) {
    checkUsable();
    Set<String> found = new HashSet<>();
    List<String> wanted = List.copyOf(uids);
    for (int from = 0; from < wanted.size(); from += PostgresOrderSource.EXISTING_CHUNK) {
      List<String> chunk =
          wanted.subList(from, Math.min(wanted.size(), from + PostgresOrderSource.EXISTING_CHUNK));
      try (PreparedStatement statement = OrderQuery.existing(schema, chunk).prepare(connection);
          ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      } catch (SQLException e) {
        throw failure("looking up order ids", e);
      }
    }
    return found;
  }

  @Override
  public String schemaFingerprint() {
    return schemaFingerprint;
  }

  @Override
  public Optional<String> changeToken() {
    return identity.token();
  }

  @Override
  public String export() {
    checkUsable();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT pg_export_snapshot()")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw failure("sharing the snapshot", e);
    }
  }

  /** Beyond this many orders, split points come from a sample of about this many. */
  private static final long SPLIT_SAMPLE = 200_000;

  @Override
  public List<String> splitPoints(int parts) {
    checkUsable();
    if (parts < 2) {
      return List.of();
    }
    long total = count();
    List<String> points = new ArrayList<>();
    try (PreparedStatement statement =
            OrderQuery.splitPoints(schema, parts, total, SPLIT_SAMPLE).prepare(connection);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        if (rs.getString(1) != null) {
          points.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw failure("splitting the orders", e);
    }
    return points;
  }

  @Override
  public Optional<String> changesUnavailable(String token) {
    return window(token).left();
  }

  /** The window since {@code token}'s snapshot, or why there is none. */
  private Either window(String token) {
    Optional<Identity> earlier = Identity.parse(token);
    if (earlier.isEmpty()) {
      return Either.no("the last run's change token is from another version");
    }
    Optional<String> mismatch = identity.mismatch(earlier.get());
    if (mismatch.isPresent()) {
      return Either.no(mismatch.get());
    }
    long length = identity.xmax - earlier.get().xmin;
    if (length < 0 || length > XidWindow.MAX_LENGTH) {
      return Either.no(
          "the last completed run is too many transactions ago (" + length + ") to compare");
    }
    return new Either(
        Optional.empty(), Optional.of(XidWindow.between(earlier.get().xmin, identity.xmax)));
  }

  /** A window, or the sentence saying why there is none. */
  private record Either(Optional<String> left, Optional<XidWindow> right) {
    static Either no(String why) {
      return new Either(Optional.of(why), Optional.empty());
    }
  }

  @Override
  public FeedOrReason changesSince(String token, UidRange range) {
    checkUsable();
    Either either = window(token);
    if (either.right().isEmpty()) {
      return new FeedOrReason.Unavailable(either.left().orElseThrow());
    }
    XidWindow window = either.right().get();
    try {
      return new FeedOrReason.Feed(
          new PostgresChangeFeed(connection, schema, window, range, this::failure));
    } catch (SQLException e) {
      throw failure("finding changed orders", e);
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      try {
        pgConnection.cancelQuery();
        LOG.info("Cancel requested for the read from {}", where);
      } catch (SQLException e) {
        LOG.warn("Could not send a cancel request to {}: {}", where, e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.debug("Rollback on close failed: {}", e.getMessage());
    }
    release.accept(connection, cancelled);
  }

  private void checkUsable() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("The source snapshot is closed.");
      }
    }
    if (cancelled) {
      throw new RunCancelledException("Reading the source was cancelled.");
    }
  }

  private RuntimeException failure(String what, SQLException e) {
    if (cancelled) {
      return new RunCancelledException("Reading the source was cancelled.", e);
    }
    if ("57014".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("timeout")) {
      return new SourceException(
          "PostgreSQL at "
              + where
              + " stopped the query after "
              + Durations.describe(settings.queryTimeout())
              + " (the query timeout) while "
              + what
              + "; raise timeouts.query in the job file if the server needs longer, or ask its"
              + " administrator about indexes on the order tables.",
          e);
    }
    if ("57014".equals(e.getSQLState())) {
      return new RunCancelledException("Reading the source was cancelled.", e);
    }
    String message =
        e.getMessage() == null ? "no reason given" : e.getMessage().lines().findFirst().orElse("");
    return new SourceException("Failed " + what + " from " + where + ": " + message, e);
  }

  /** The labels of enum types among the columns read: renaming one changes text without rows. */
  private static String enumLabels(Connection connection, SourceSchema schema) throws SQLException {
    Set<String> types = new TreeSet<>();
    schema.tables().values().forEach(t -> t.columns().forEach(c -> types.add(c.baseType())));
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT t.typname || ':' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)"
                + " FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid"
                + " WHERE t.typname = ANY(?) GROUP BY t.typname ORDER BY t.typname")) {
      statement.setArray(1, connection.createArrayOf("text", types.toArray()));
      List<String> labels = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          labels.add(rs.getString(1));
        }
      }
      return String.join(";", labels);
    }
  }

  /**
   * Which server, database and relations a snapshot read, and its transaction-id bounds.
   *
   * @param system the cluster's system identifier, or "" when it cannot be read
   * @param relations per table role, its relation ids (with descendants), or "" when a relation has
   *     no row versions (a view, a foreign table)
   */
  private record Identity(
      String system, String database, Map<String, String> relations, long xmin, long xmax) {

    static Identity read(Connection connection, SourceSchema schema) throws SQLException {
      String system = "";
      String database;
      long xmin;
      long xmax;
      try (Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT CASE WHEN to_regprocedure('pg_control_system()') IS NULL THEN false"
                      + " ELSE has_function_privilege('pg_control_system()', 'execute') END,"
                      + " (SELECT oid::text FROM pg_database WHERE datname = current_database()),"
                      + " txid_snapshot_xmin(txid_current_snapshot()),"
                      + " txid_snapshot_xmax(txid_current_snapshot())")) {
        rs.next();
        boolean canReadSystem = rs.getBoolean(1);
        database = rs.getString(2);
        xmin = rs.getLong(3);
        xmax = rs.getLong(4);
        if (canReadSystem) {
          try (Statement s = connection.createStatement();
              ResultSet sys =
                  s.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            sys.next();
            system = sys.getString(1);
          }
        }
      }
      Map<String, String> relations = new LinkedHashMap<>();
      try (PreparedStatement statement =
          connection.prepareStatement(
              "WITH RECURSIVE tree(oid) AS (SELECT to_regclass(?)::oid UNION ALL"
                  + " SELECT i.inhrelid FROM pg_inherits i JOIN tree t ON i.inhparent = t.oid)"
                  + " SELECT string_agg(c.oid::text, ',' ORDER BY c.oid),"
                  + " bool_and(c.relkind IN ('r', 'p', 'm'))"
                  + " FROM tree JOIN pg_class c ON c.oid = tree.oid")) {
        for (Table table : Table.values()) {
          statement.setString(
              1,
              OrderQuery.quote(schema.schema()) + "." + OrderQuery.quote(schema.tableName(table)));
          try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            boolean versioned = rs.getBoolean(2) && rs.getString(1) != null;
            relations.put(table.name(), versioned ? rs.getString(1) : "");
          }
        }
      }
      return new Identity(system, database, relations, xmin, xmax);
    }

    Optional<String> token() {
      if (system.isEmpty()) {
        return Optional.empty();
      }
      StringBuilder token = new StringBuilder(TOKEN_VERSION);
      token.append(";system=").append(system).append(";database=").append(database);
      for (Map.Entry<String, String> relation : relations.entrySet()) {
        if (relation.getValue().isEmpty()) {
          return Optional.empty();
        }
        token.append(';').append(relation.getKey()).append('=').append(relation.getValue());
      }
      return Optional.of(token.append(";xmin=").append(xmin).toString());
    }

    static Optional<Identity> parse(String token) {
      String[] parts = token.split(";");
      if (parts.length < 4 || !TOKEN_VERSION.equals(parts[0])) {
        return Optional.empty();
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq < 0) {
          return Optional.empty();
        }
        values.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
      }
      String system = values.remove("system");
      String database = values.remove("database");
      String xmin = values.remove("xmin");
      if (system == null || database == null || xmin == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Identity(system, database, values, Long.parseLong(xmin), 0));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    /** Why a change token from {@code earlier} cannot be used with this snapshot, if it cannot. */
    Optional<String> mismatch(Identity earlier) {
      if (system.isEmpty()) {
        return Optional.of("this source's server identity cannot be read");
      }
      if (!system.equals(earlier.system) || !Objects.equals(database, earlier.database)) {
        return Optional.of(
            "the source database is not the one the last completed run read (restored or moved)");
      }
      for (Map.Entry<String, String> relation : relations.entrySet()) {
        if (relation.getValue().isEmpty()) {
          return Optional.of(
              "the source's "
                  + relation.getKey().toLowerCase(java.util.Locale.ROOT)
                  + " table is a view or foreign table, which has no row versions");
        }
        if (!relation.getValue().equals(earlier.relations.get(relation.getKey()))) {
          return Optional.of(
              "the source's "
                  + relation.getKey().toLowerCase(java.util.Locale.ROOT)
                  + " table was replaced or repartitioned since the last completed run");
        }
      }
      return Optional.empty();
    }
  }
}
