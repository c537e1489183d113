package dev.ferry.source;

import dev.ferry.source.CatalogSample.Cell;
import dev.ferry.source.SourceSchema.Table;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;

/**
 * A database browser's view of the source: schemas, relations, columns, indexes, the first rows of
 * a relation, and which relations Ferry would read.
 *
 * <p>Contract: strictly read-only. Every call runs in its own {@code REPEATABLE READ, READ ONLY}
 * transaction that is rolled back at the end, so the server refuses any write even through a view
 * that calls a writing function; nothing is created on the server (no temporary tables, no
 * functions). Only {@code pg_catalog} is queried for the structure: {@code information_schema}
 * hides materialized views and objects without privileges, which a browser must show. Every
 * statement is bounded by 30 seconds and waits at most 5 seconds for a lock, so a client's running
 * DDL or a slow view yields an error instead of a hung browser. Any column type is shown, because
 * types are rendered by the server ({@code format_type}, casts to text), never decoded by the
 * driver.
 *
 * <p>The instance methods open one connection from the {@link PostgresSettings} per call and close
 * it; they block and belong on a background thread. Connection failures are {@link
 * SourceException}s with {@link PostgresConnectionCheck#classify}'s message; failed queries are
 * {@link SourceException}s naming the database. The static methods do the same on a connection the
 * caller owns.
 */
public final class SchemaCatalog {

  /** The most rows {@link #firstRows} returns. */
  public static final int MAX_ROWS = 100;

  /** Text values longer than this many characters are cut in samples. */
  public static final int MAX_TEXT = 200;

  /** At most this many bytes of a {@code bytea} value are shown in samples. */
  public static final int MAX_BYTES = 32;

  // Kept in step with the class comment.
  private static final String STATEMENT_TIMEOUT = "30s";
  private static final String LOCK_TIMEOUT = "5s";

  // Longer than the statement timeout: the server should give up first and say why; the socket
  // timeout only catches a server (or tunnel) that went silent.
  private static final int SOCKET_TIMEOUT_SECONDS = 60;

  private static final String RELKINDS = "('r', 'v', 'm', 'p', 'f')";
  private static final String NOT_SYSTEM =
      "n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'";

  private static final String INFO_SQL =
      "SELECT current_database(), current_user, current_setting('server_version')";

  private static final String SCHEMAS_SQL =
      """
      SELECT n.nspname,
             pg_catalog.pg_get_userbyid(n.nspowner),
             pg_catalog.has_schema_privilege(n.oid, 'USAGE')
      FROM pg_catalog.pg_namespace n
      WHERE %s
      ORDER BY n.nspname COLLATE "C"
      """
          .formatted(NOT_SYSTEM);

  // Sizes come from relpages, not pg_total_relation_size(): that function locks the relation, and
  // a browser must not queue behind a client's ALTER TABLE.
  private static final String RELATIONS_SQL =
      """
      SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples,
             CASE WHEN c.relkind IN ('r', 'm') AND c.reltuples >= 0 THEN
               (c.relpages::bigint + COALESCE(t.relpages, 0)
                + COALESCE((SELECT sum(ic.relpages)
                            FROM pg_catalog.pg_index i
                            JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                            WHERE i.indrelid = c.oid), 0))
               * current_setting('block_size')::bigint
             END,
             pg_catalog.has_table_privilege(c.oid, 'SELECT'),
             pn.nspname, pc.relname,
             pg_catalog.obj_description(c.oid, 'pg_class')
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_catalog.pg_class t ON t.oid = c.reltoastrelid
      LEFT JOIN pg_catalog.pg_inherits inh ON c.relispartition AND inh.inhrelid = c.oid
      LEFT JOIN pg_catalog.pg_class pc ON pc.oid = inh.inhparent
      LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
      WHERE c.relkind IN %s AND %s
      ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"
      """
          .formatted(RELKINDS, NOT_SYSTEM);

  // LEFT JOIN pg_type: a column whose type cannot be looked up is still listed (as format_type's
  // "???") rather than silently dropped.
  private static final String COLUMNS_SQL =
      """
      SELECT a.attrelid, a.attname,
             pg_catalog.format_type(a.atttypid, a.atttypmod),
             t.typtype, t.typcategory,
             CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END,
             CASE WHEN t.typtype = 'e' THEN
               (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
                FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)
             END,
             NOT a.attnotnull,
             pg_catalog.pg_get_expr(d.adbin, d.adrelid),
             a.attidentity, a.attgenerated,
             pg_catalog.has_column_privilege(a.attrelid, a.attnum, 'SELECT'),
             pg_catalog.col_description(a.attrelid, a.attnum),
             EXISTS (SELECT 1 FROM pg_catalog.pg_constraint pk
                     WHERE pk.conrelid = a.attrelid AND pk.contype = 'p'
                       AND a.attnum = ANY (pk.conkey))
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN %s AND %s
      ORDER BY a.attrelid, a.attnum
      """
          .formatted(RELKINDS, NOT_SYSTEM);

  // A foreign key to a partitioned table is also stored once per partition (conparentid <> 0,
  // pointing at the partition); only the key the user declared is shown.
  private static final String FOREIGN_KEYS_SQL =
      """
      SELECT con.conrelid, a.attname, fn.nspname, fc.relname, fa.attname
      FROM pg_catalog.pg_constraint con
      CROSS JOIN LATERAL unnest(con.conkey, con.confkey) AS k(attnum, fattnum)
      JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
      JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
      JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
      JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.fattnum
      WHERE con.contype = 'f' AND NOT (con.conparentid <> 0 AND fc.relispartition)
      ORDER BY con.conrelid, con.conname COLLATE "C", k.attnum
      """;

  private static final String INDEXES_SQL =
      """
      SELECT i.indrelid, ic.relname, pg_catalog.pg_get_indexdef(i.indexrelid),
             i.indisunique, i.indisprimary
      FROM pg_catalog.pg_index i
      JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE %s
      ORDER BY i.indrelid, ic.relname COLLATE "C"
      """
          .formatted(NOT_SYSTEM);

  private static final String SAMPLE_COLUMNS_SQL =
      """
      SELECT a.attname,
             pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT'),
             COALESCE(bt.typname = 'bytea', false)
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_catalog.pg_attribute a
        ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_catalog.pg_type bt
        ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
      WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN %s
      ORDER BY a.attnum
      """
          .formatted(RELKINDS);

  private final PostgresSettings settings;

  /** A catalog reader for {@code settings}; nothing connects until a method is called. */
  public SchemaCatalog(PostgresSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Connects, reads the whole catalog and disconnects. Ferry's roles are resolved in the settings'
   * schema.
   *
   * @throws SourceException when the database cannot be reached or a catalog query fails
   */
  public CatalogSnapshot read() {
    return withConnection("read the catalog of", c -> read(c, settings.schema()));
  }

  /**
   * Connects, reads the first rows of {@code relation} and disconnects.
   *
   * @param limit how many rows, 1 to {@value #MAX_ROWS}
   * @throws SourceException when the database cannot be reached, the relation no longer exists or
   *     the query fails (e.g. a view that errors, or a lock held by someone else)
   */
  public CatalogSample firstRows(CatalogRelationRef relation, int limit) {
    checkLimit(limit);
    return withConnection("read rows of " + relation + " in", c -> firstRows(c, relation, limit));
  }

  /** {@link #firstRows(CatalogRelationRef, int)} for a schema and relation name (exact case). */
  public CatalogSample firstRows(String schema, String relation, int limit) {
    return firstRows(new CatalogRelationRef(schema, relation), limit);
  }

  /**
   * Reads the catalog on {@code connection} in a read-only transaction of its own.
   *
   * <p>The connection must not be inside a transaction; its auto-commit and read-only flags are
   * restored afterwards.
   *
   * @param ferrySchema the schema Ferry is configured to read, for {@link CatalogSnapshot#ferry}
   */
  public static CatalogSnapshot read(Connection connection, String ferrySchema)
      throws SQLException {
    Objects.requireNonNull(ferrySchema, "ferrySchema");
    return inReadOnlyTransaction(connection, () -> readCatalog(connection, ferrySchema));
  }

  /**
   * Reads the first rows of {@code relation} on {@code connection} in a read-only transaction of
   * its own (same conditions as {@link #read(Connection, String)}).
   *
   * @param limit how many rows, 1 to {@value #MAX_ROWS}
   * @throws SourceException when the relation does not exist (any more)
   */
  public static CatalogSample firstRows(
      Connection connection, CatalogRelationRef relation, int limit) throws SQLException {
    Objects.requireNonNull(relation, "relation");
    checkLimit(limit);
    return inReadOnlyTransaction(connection, () -> sample(connection, relation, limit));
  }

  // ---------------------------------------------------------------- the catalog

  private static CatalogSnapshot readCatalog(Connection connection, String ferrySchema)
      throws SQLException {
    String database;
    String user;
    String version;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(INFO_SQL)) {
      rs.next();
      database = rs.getString(1);
      user = rs.getString(2);
      version = rs.getString(3);
    }

    Map<Long, Map<String, Set<CatalogColumn.Reference>>> referencesByColumn = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(FOREIGN_KEYS_SQL)) {
      while (rs.next()) {
        referencesByColumn
            .computeIfAbsent(rs.getLong(1), r -> new HashMap<>())
            .computeIfAbsent(rs.getString(2), a -> new LinkedHashSet<>())
            .add(new CatalogColumn.Reference(rs.getString(3), rs.getString(4), rs.getString(5)));
      }
    }

    Map<Long, List<CatalogColumn>> columns = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(COLUMNS_SQL)) {
      while (rs.next()) {
        long relation = rs.getLong(1);
        String name = rs.getString(2);
        String domainBase = rs.getString(6);
        String enumLabels = rs.getString(7);
        Optional<String> detail =
            domainBase != null
                ? Optional.of("domain over " + domainBase)
                : Optional.ofNullable(enumLabels).map(labels -> "enum (" + labels + ")");
        Set<CatalogColumn.Reference> targets =
            referencesByColumn.getOrDefault(relation, Map.of()).getOrDefault(name, Set.of());
        columns
            .computeIfAbsent(relation, r -> new ArrayList<>())
            .add(
                new CatalogColumn(
                    name,
                    rs.getString(3),
                    CatalogColumn.TypeCategory.of(rs.getString(4), rs.getString(5)),
                    detail,
                    rs.getBoolean(8),
                    defaultClause(rs.getString(9), rs.getString(10), rs.getString(11)),
                    rs.getBoolean(14),
                    List.copyOf(targets),
                    rs.getBoolean(12),
                    Optional.ofNullable(rs.getString(13))));
      }
    }

    Map<Long, List<CatalogIndex>> indexes = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(INDEXES_SQL)) {
      while (rs.next()) {
        indexes
            .computeIfAbsent(rs.getLong(1), r -> new ArrayList<>())
            .add(
                new CatalogIndex(
                    rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5)));
      }
    }

    Map<String, List<CatalogRelation>> relations = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(RELATIONS_SQL)) {
      while (rs.next()) {
        long oid = rs.getLong(1);
        CatalogRelationRef ref = new CatalogRelationRef(rs.getString(2), rs.getString(3));
        CatalogRelation.Kind kind = CatalogRelation.Kind.of(rs.getString(4));
        float reltuples = rs.getFloat(5);
        // PostgreSQL 14+ stores -1 for "never analysed"; a view has no statistics at all.
        OptionalLong rows =
            reltuples < 0 || kind == CatalogRelation.Kind.VIEW
                ? OptionalLong.empty()
                : OptionalLong.of(Math.round((double) reltuples));
        long size = rs.getLong(6);
        OptionalLong sizeEstimate = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(size);
        String parentSchema = rs.getString(8);
        Optional<CatalogRelationRef> parent =
            parentSchema == null
                ? Optional.empty()
                : Optional.of(new CatalogRelationRef(parentSchema, rs.getString(9)));
        relations
            .computeIfAbsent(ref.schema(), s -> new ArrayList<>())
            .add(
                new CatalogRelation(
                    ref,
                    kind,
                    rows,
                    sizeEstimate,
                    rs.getBoolean(7),
                    parent,
                    Optional.ofNullable(rs.getString(10)),
                    columns.getOrDefault(oid, List.of()),
                    indexes.getOrDefault(oid, List.of())));
      }
    }

    List<CatalogSchema> schemas = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(SCHEMAS_SQL)) {
      while (rs.next()) {
        String name = rs.getString(1);
        schemas.add(
            new CatalogSchema(
                name, rs.getString(2), rs.getBoolean(3), relations.getOrDefault(name, List.of())));
      }
    }
    CatalogRoles roles = markRoles(connection, ferrySchema);
    return new CatalogSnapshot(database, user, version, schemas, roles);
  }

  private static Optional<String> defaultClause(
      String expression, String identity, String generated) {
    if ("a".equals(identity)) {
      return Optional.of("GENERATED ALWAYS AS IDENTITY");
    }
    if ("d".equals(identity)) {
      return Optional.of("GENERATED BY DEFAULT AS IDENTITY");
    }
    if ("s".equals(generated) && expression != null) {
      return Optional.of("GENERATED ALWAYS AS (" + expression + ") STORED");
    }
    return Optional.ofNullable(expression);
  }

  // ---------------------------------------------------------------- Ferry's roles

  /**
   * Asks {@link SourceSchemaResolver} — the very code a migration runs — whether Ferry can read
   * {@code ferrySchema}, so the browser and a run never disagree. When it cannot, the roles the
   * detection did choose are still marked.
   */
  private static CatalogRoles markRoles(Connection connection, String ferrySchema)
      throws SQLException {
    SourceSchemaResolver.Outcome outcome =
        new SourceSchemaResolver(ferrySchema).outcome(connection);
    EnumMap<Table, CatalogRelationRef> relations = new EnumMap<>(Table.class);
    RoleDetection detection = outcome.detection();
    for (Table table : Table.values()) {
      detection
          .tables()
          .get(table)
          .chosen()
          .ifPresent(
              name -> relations.put(table, new CatalogRelationRef(detection.schema(), name)));
    }
    if (outcome.resolution().isPresent()) {
      return new CatalogRoles(
          ferrySchema, relations, List.of(), Optional.of(outcome.resolution().get().schema()));
    }
    return new CatalogRoles(ferrySchema, relations, problems(outcome.message()), Optional.empty());
  }

  /**
   * The resolver's one-sentence message split into its problems. It lists them as {@code Schema "x"
   * cannot be read: a; b.}; any other message is a single problem (the schema itself).
   */
  static List<String> problems(String message) {
    String marker = " cannot be read: ";
    int at = message.indexOf(marker);
    if (at < 0) {
      return List.of(message);
    }
    String body = message.substring(at + marker.length());
    if (body.endsWith(".")) {
      body = body.substring(0, body.length() - 1);
    }
    return List.of(body.split("; "));
  }

  // ---------------------------------------------------------------- samples

  private static CatalogSample sample(Connection connection, CatalogRelationRef relation, int limit)
      throws SQLException {
    List<String> shown = new ArrayList<>();
    List<Boolean> bytea = new ArrayList<>();
    List<String> hidden = new ArrayList<>();
    boolean exists = false;
    try (PreparedStatement statement = connection.prepareStatement(SAMPLE_COLUMNS_SQL)) {
      statement.setString(1, relation.schema());
      statement.setString(2, relation.name());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          exists = true;
          String column = rs.getString(1);
          if (column == null) {
            continue; // a relation without columns
          }
          if (rs.getBoolean(2)) {
            shown.add(column);
            bytea.add(rs.getBoolean(3));
          } else {
            hidden.add(column);
          }
        }
      }
    }
    if (!exists) {
      throw new SourceException(
          "There is no table or view "
              + relation
              + " (it may have been dropped or renamed since the catalog was read).");
    }
    if (shown.isEmpty() && !hidden.isEmpty()) {
      // Selecting nothing would still need a privilege the user lacks; there is nothing to show.
      return new CatalogSample(relation, List.of(), List.of(), false, hidden);
    }

    // Values are cut on the server: previewing a table of documents or images must not pull
    // megabytes per cell through a tunnel. Casting to text renders any type, however exotic.
    List<String> expressions = new ArrayList<>();
    for (int i = 0; i < shown.size(); i++) {
      String column = CatalogRelationRef.quoteIdentifier(shown.get(i));
      if (bytea.get(i)) {
        expressions.add("pg_catalog.octet_length(" + column + ")");
        expressions.add(
            "pg_catalog.substring(" + column + ", 1, " + MAX_BYTES + ")::pg_catalog.text");
      } else {
        expressions.add("pg_catalog.left(" + column + "::pg_catalog.text, " + (MAX_TEXT + 1) + ")");
      }
    }
    String sql =
        "SELECT "
            + String.join(", ", expressions)
            + " FROM "
            + relation.quoted()
            + " LIMIT "
            + (limit + 1);

    List<List<Cell>> rows = new ArrayList<>();
    boolean more = false;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        if (rows.size() == limit) {
          more = true;
          break;
        }
        List<Cell> row = new ArrayList<>(shown.size());
        int index = 1;
        for (int i = 0; i < shown.size(); i++) {
          if (bytea.get(i)) {
            long length = rs.getLong(index++);
            boolean isNull = rs.wasNull();
            String hex = rs.getString(index++);
            row.add(isNull ? Cell.NULL : byteaCell(hex, length));
          } else {
            String text = rs.getString(index++);
            row.add(text == null ? Cell.NULL : textCell(text));
          }
        }
        rows.add(row);
      }
    }
    return new CatalogSample(relation, shown, rows, more, hidden);
  }

  private static Cell textCell(String text) {
    if (text.codePointCount(0, text.length()) <= MAX_TEXT) {
      return new Cell(Optional.of(text), false);
    }
    return new Cell(
        Optional.of(text.substring(0, text.offsetByCodePoints(0, MAX_TEXT)) + "…"), true);
  }

  private static Cell byteaCell(String hex, long length) {
    if (length <= MAX_BYTES) {
      return new Cell(Optional.of(hex), false);
    }
    return new Cell(Optional.of(hex + "… (" + length + " bytes)"), true);
  }

  // ---------------------------------------------------------------- transactions

  private interface Work<T> {
    T run() throws SQLException;
  }

  private interface ConnectionWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in a fresh read-only transaction and rolls it back. {@code bytea_output} is
   * pinned because a server configured for the {@code escape} format would otherwise break the hex
   * display; {@code extra_float_digits} because a database-level 0 would round floats in samples.
   */
  private static <T> T inReadOnlyTransaction(Connection connection, Work<T> work)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    boolean readOnly = connection.isReadOnly();
    connection.setAutoCommit(false);
    connection.setReadOnly(true);
    try {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        statement.execute("SET LOCAL statement_timeout = '" + STATEMENT_TIMEOUT + "'");
        statement.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
        statement.execute("SET LOCAL bytea_output = 'hex'");
        statement.execute("SET LOCAL extra_float_digits = 1");
      }
      return work.run();
    } finally {
      try {
        connection.rollback();
      } finally {
        connection.setReadOnly(readOnly);
        connection.setAutoCommit(autoCommit);
      }
    }
  }

  private <T> T withConnection(String what, ConnectionWork<T> work) {
    Connection connection = connect();
    try (connection) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new SourceException(
          "Could not " + what + " " + settings.describe() + ": " + e.getMessage(), e);
    }
  }

  private Connection connect() {
    Properties properties = settings.driverProperties();
    properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
    long started = System.nanoTime();
    try {
      return DriverManager.getConnection(settings.jdbcUrl(), properties);
    } catch (SQLException e) {
      throw new SourceException(
          PostgresConnectionCheck.classify(
                  e, settings, Duration.ofNanos(System.nanoTime() - started))
              .message(),
          e);
    }
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_ROWS) {
      throw new IllegalArgumentException(
          "The row limit must be between 1 and " + MAX_ROWS + ", not " + limit + ".");
    }
  }
}
