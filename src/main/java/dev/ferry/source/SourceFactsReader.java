package dev.ferry.source;

import dev.ferry.source.RoleDetector.ProfileRequest;
import dev.ferry.source.SourceFacts.ColumnFacts;
import dev.ferry.source.SourceFacts.ColumnRef;
import dev.ferry.source.SourceFacts.Inclusion;
import dev.ferry.source.SourceFacts.RelationFacts;
import dev.ferry.source.SourceFacts.ValueCount;
import dev.ferry.source.SourceFacts.ValueFacts;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@link SourceFacts} role detection weighs, strictly read-only and at a bounded cost.
 *
 * <p>Contract: only {@code SELECT}s, on the caller's connection and inside the caller's
 * transaction; nothing is created. The catalog is read from {@code pg_catalog} (every schema the
 * user may use, or one). Value profiles read at most {@value #PROFILE_ROWS} rows per relation
 * ({@code TABLESAMPLE SYSTEM ... REPEATABLE} for a larger table, the first rows of a view), and an
 * inclusion check at most {@value #INCLUSION_VALUES} distinct values. Each profiling query runs
 * under a {@value #QUERY_TIMEOUT_SECONDS}-second timeout inside a savepoint (when the connection is
 * in a transaction), so a slow view or a missing privilege costs that one fact — never the caller's
 * transaction; a relation that failed once is not queried again, and all profiling of one detection
 * stops after 45 seconds.
 */
final class SourceFactsReader {
  private static final Logger LOG = LoggerFactory.getLogger(SourceFactsReader.class);

  /** The most rows profiled per relation. */
  static final int PROFILE_ROWS = 10_000;

  /** The most distinct values checked per inclusion. */
  static final int INCLUSION_VALUES = 200;

  /** The most frequent values kept per column. */
  static final int TOP_VALUES = 40;

  /** The longest any profiling query may run. */
  static final int QUERY_TIMEOUT_SECONDS = 10;

  /** The longest all profiling of one detection may take; what is left is skipped. */
  static final long BUDGET_NANOS = 45_000_000_000L;

  private static final Set<String> NUMBERS =
      Set.of("int2", "int4", "int8", "numeric", "float4", "float8", "money");
  private static final Set<String> SKIPPED =
      Set.of("bytea", "json", "jsonb", "xml", "tsvector", "tsquery", "bool");

  private static final String COLUMNS_SQL =
      """
      SELECT n.nspname, c.relname, c.relkind, c.reltuples, a.attname,
             pg_catalog.format_type(
               CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END,
               CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END),
             bt.typname, bt.typtype = 'e',
             pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT'),
             EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k
                     WHERE k.conrelid = c.oid AND k.contype = 'p'
                       AND k.conkey = ARRAY[a.attnum]::int2[]),
             EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                     WHERE i.indrelid = c.oid AND i.indisunique AND i.indnkeyatts = 1
                       AND i.indkey[0] = a.attnum AND i.indpred IS NULL)
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      JOIN pg_catalog.pg_type bt
        ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
        AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
        AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')
        /*schema*/
      ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C", a.attnum
      """;

  // Single-column foreign keys; a key on a partitioned table is also stored per partition
  // (conparentid <> 0), and only the declared one counts.
  private static final String FOREIGN_KEYS_SQL =
      """
      SELECT n.nspname, c.relname, a.attname, fn.nspname, fc.relname, fa.attname
      FROM pg_catalog.pg_constraint con
      JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
      JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
      JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
      JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = con.confkey[1]
      WHERE con.contype = 'f' AND cardinality(con.conkey) = 1 AND con.conparentid = 0
      """;

  private final Connection connection;
  private final Map<String, Character> kinds = new HashMap<>();
  private final Set<String> failed = new java.util.HashSet<>();
  private long deadline = Long.MAX_VALUE;

  SourceFactsReader(Connection connection) {
    this.connection = connection;
  }

  /** The catalog facts of {@code schema}, or of every schema the user may use when empty. */
  SourceFacts catalog(Optional<String> schema) throws SQLException {
    Map<String, List<ColumnRef>> references = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(FOREIGN_KEYS_SQL)) {
      while (rs.next()) {
        references
            .computeIfAbsent(
                key(rs.getString(1), rs.getString(2), rs.getString(3)), k -> new ArrayList<>())
            .add(new ColumnRef(rs.getString(4), rs.getString(5), rs.getString(6)));
      }
    }
    Map<String, RelationBuilder> relations = new LinkedHashMap<>();
    String sql = COLUMNS_SQL.replace("/*schema*/", schema.isPresent() ? "AND n.nspname = ?" : "");
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      if (schema.isPresent()) {
        statement.setString(1, schema.get());
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String nsp = rs.getString(1);
          String rel = rs.getString(2);
          float tuples = rs.getFloat(4);
          RelationBuilder b =
              relations.computeIfAbsent(
                  nsp + "." + rel,
                  k ->
                      new RelationBuilder(
                          nsp,
                          rel,
                          tuples < 0
                              ? OptionalLong.empty()
                              : OptionalLong.of(Math.round((double) tuples))));
          kinds.put(nsp + "." + rel, rs.getString(3).charAt(0));
          String column = rs.getString(5);
          b.columns.add(
              new ColumnFacts(
                  column,
                  rs.getString(6),
                  rs.getString(7),
                  rs.getBoolean(8),
                  rs.getBoolean(10),
                  rs.getBoolean(11),
                  references.getOrDefault(key(nsp, rel, column), List.of()),
                  rs.getBoolean(9),
                  Optional.empty()));
        }
      }
    }
    return new SourceFacts(
        relations.values().stream().map(RelationBuilder::build).toList(), List.of());
  }

  private static String key(String schema, String table, String column) {
    return schema + "\u0000" + table + "\u0000" + column;
  }

  private record RelationBuilder(
      String schema, String name, OptionalLong estimate, List<ColumnFacts> columns) {
    RelationBuilder(String schema, String name, OptionalLong estimate) {
      this(schema, name, estimate, new ArrayList<>());
    }

    RelationFacts build() {
      return new RelationFacts(schema, name, estimate, columns);
    }
  }

  /** {@code facts} with the values of the requested relations profiled and inclusions checked. */
  SourceFacts profile(SourceFacts facts, ProfileRequest request) {
    deadline = System.nanoTime() + BUDGET_NANOS;
    List<RelationFacts> profiled = new ArrayList<>();
    for (String name : request.relations()) {
      facts
          .relation(request.schema(), name)
          .filter(r -> !r.profiled())
          .ifPresent(r -> profiled.add(profile(r)));
    }
    List<Inclusion> inclusions = new ArrayList<>();
    for (ColumnRef[] pair : request.inclusions()) {
      Optional<RelationFacts> from = facts.relation(pair[0].schema(), pair[0].table());
      Optional<RelationFacts> to = facts.relation(pair[1].schema(), pair[1].table());
      if (from.isEmpty() || to.isEmpty()) {
        continue;
      }
      ColumnFacts a = from.get().column(pair[0].column()).orElseThrow();
      ColumnFacts b = to.get().column(pair[1].column()).orElseThrow();
      inclusion(from.get(), a, to.get(), b).ifPresent(inclusions::add);
    }
    LOG.debug(
        "profiled {} relations and checked {} inclusions in {}",
        profiled.size(),
        inclusions.size(),
        request.schema());
    return facts.with(profiled, inclusions);
  }

  private RelationFacts profile(RelationFacts r) {
    List<ColumnFacts> columns =
        r.columns().stream()
            .filter(
                c -> c.readable() && !SKIPPED.contains(c.baseType()) && !c.type().endsWith("[]"))
            .toList();
    if (columns.isEmpty()) {
      return r;
    }
    String from = sample(r, columns);
    StringBuilder sql = new StringBuilder("SELECT count(*)");
    for (ColumnFacts c : columns) {
      String q = "s." + quote(c.name());
      sql.append(", count(").append(q).append("), count(DISTINCT ").append(q).append("::text)");
      if (NUMBERS.contains(c.baseType())) {
        String n = "money".equals(c.baseType()) ? q + "::numeric" : q;
        sql.append(", min(").append(n).append(")::text, max(").append(n).append(")::text");
      } else {
        sql.append(", NULL::text, NULL::text");
      }
    }
    sql.append(" FROM ").append(from);
    Map<String, ValueFacts> values = new HashMap<>();
    Optional<Boolean> done =
        guarded(
            "profile " + r.qualifiedName(),
            List.of(r.qualifiedName()),
            () -> {
              try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                try (ResultSet rs = statement.executeQuery(sql.toString())) {
                  rs.next();
                  long rows = rs.getLong(1);
                  int i = 2;
                  for (ColumnFacts c : columns) {
                    long present = rs.getLong(i++);
                    long distinct = rs.getLong(i++);
                    Optional<BigDecimal> min = decimal(rs.getString(i++));
                    Optional<BigDecimal> max = decimal(rs.getString(i++));
                    values.put(
                        c.name(),
                        new ValueFacts(rows, rows - present, distinct, min, max, List.of()));
                  }
                }
              }
              return true;
            });
    if (done.isEmpty()) {
      return r;
    }
    String relation = r.qualifiedName();
    List<ColumnFacts> result = new ArrayList<>();
    for (ColumnFacts c : r.columns()) {
      ValueFacts v = values.get(c.name());
      if (v == null) {
        result.add(c);
        continue;
      }
      boolean wantTop =
          !"uuid".equals(c.baseType()) && !c.baseType().startsWith("timestamp") && v.present() > 0;
      List<ValueCount> top = wantTop ? top(relation, from, c).orElse(List.of()) : List.of();
      result.add(
          c.withValues(new ValueFacts(v.rows(), v.nulls(), v.distinct(), v.min(), v.max(), top)));
    }
    return new RelationFacts(r.schema(), r.name(), r.rowEstimate(), result);
  }

  private Optional<List<ValueCount>> top(String relation, String from, ColumnFacts c) {
    String q = "s." + quote(c.name());
    String sql =
        "SELECT v, n FROM (SELECT left("
            + q
            + "::text, 60) AS v, count(*) AS n FROM "
            + from
            + " WHERE "
            + q
            + " IS NOT NULL GROUP BY 1) t ORDER BY n DESC, v COLLATE \"C\" LIMIT "
            + TOP_VALUES;
    return guarded(
        "read the values of " + c.name(),
        List.of(relation),
        () -> {
          List<ValueCount> top = new ArrayList<>();
          try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = statement.executeQuery(sql)) {
              while (rs.next()) {
                top.add(new ValueCount(rs.getString(1), rs.getLong(2)));
              }
            }
          }
          return top;
        });
  }

  private Optional<Inclusion> inclusion(
      RelationFacts from, ColumnFacts a, RelationFacts to, ColumnFacts b) {
    String fromColumn = quote(a.name());
    boolean sameFamily =
        a.baseType().equals(b.baseType())
            || (NUMBERS.contains(a.baseType()) && NUMBERS.contains(b.baseType()));
    String value = sameFamily ? "s.v" : "s.v::text";
    String key = sameFamily ? "x." + quote(b.name()) : "x." + quote(b.name()) + "::text";
    String sql =
        "SELECT count(*), coalesce(sum(CASE WHEN "
            + value
            + " IN (SELECT "
            + key
            + " FROM "
            + quoted(to)
            + " x) THEN 1 ELSE 0 END), 0) FROM (SELECT DISTINCT v FROM (SELECT "
            + fromColumn
            + " AS v FROM "
            + quoted(from)
            + sampling(from, PROFILE_ROWS)
            + " WHERE "
            + fromColumn
            + " IS NOT NULL LIMIT "
            + PROFILE_ROWS
            + ") d LIMIT "
            + INCLUSION_VALUES
            + ") s";
    return guarded(
        "check " + from.name() + "." + a.name() + " in " + to.name() + "." + b.name(),
        List.of(from.qualifiedName(), to.qualifiedName()),
        () -> {
          try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = statement.executeQuery(sql)) {
              rs.next();
              return new Inclusion(
                  new ColumnRef(from.schema(), from.name(), a.name()),
                  new ColumnRef(to.schema(), to.name(), b.name()),
                  rs.getLong(1),
                  rs.getLong(2));
            }
          }
        });
  }

  /** A bounded sample of {@code r}'s columns, as a subquery aliased {@code s}. */
  private String sample(RelationFacts r, List<ColumnFacts> columns) {
    String list = String.join(", ", columns.stream().map(c -> quote(c.name())).toList());
    return "(SELECT "
        + list
        + " FROM "
        + quoted(r)
        + sampling(r, PROFILE_ROWS)
        + " LIMIT "
        + PROFILE_ROWS
        + ") s";
  }

  /** A TABLESAMPLE clause when {@code r} is a large table, else nothing (the first rows). */
  private String sampling(RelationFacts r, int rows) {
    char kind = kinds.getOrDefault(r.qualifiedName(), 'v');
    boolean sampleable = kind == 'r' || kind == 'm' || kind == 'p';
    if (!sampleable || r.rowEstimate().isEmpty() || r.rowEstimate().getAsLong() <= rows * 2L) {
      return "";
    }
    double percent = Math.max(0.001, Math.min(100.0, rows * 200.0 / r.rowEstimate().getAsLong()));
    return String.format(Locale.ROOT, " TABLESAMPLE SYSTEM (%.3f) REPEATABLE (7)", percent);
  }

  private interface Query<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code query} so that its failure (a timeout, a privilege, a view that errors) loses only
   * this fact: inside a savepoint when the connection is in a transaction.
   */
  private <T> Optional<T> guarded(String what, List<String> relations, Query<T> query) {
    if (System.nanoTime() > deadline || relations.stream().anyMatch(failed::contains)) {
      LOG.debug("skipped: {}", what);
      return Optional.empty();
    }
    Savepoint savepoint = null;
    try {
      if (!connection.getAutoCommit()) {
        savepoint = connection.setSavepoint();
      }
      T result = query.run();
      if (savepoint != null) {
        connection.releaseSavepoint(savepoint);
      }
      return Optional.of(result);
    } catch (SQLException e) {
      LOG.debug("could not {}: {}", what, e.getMessage());
      // A relation that timed out or failed once would do so again: leave it alone.
      failed.addAll(relations);
      if (savepoint != null) {
        try {
          connection.rollback(savepoint);
        } catch (SQLException rollback) {
          LOG.debug("could not roll back to the savepoint: {}", rollback.getMessage());
        }
      }
      return Optional.empty();
    }
  }

  private static Optional<BigDecimal> decimal(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(text.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String quoted(RelationFacts r) {
    return quote(r.schema()) + "." + quote(r.name());
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
