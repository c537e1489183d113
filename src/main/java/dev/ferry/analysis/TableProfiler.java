package dev.ferry.analysis;

import dev.ferry.analysis.SourceAnalysis.ColumnProfile;
import dev.ferry.analysis.SourceAnalysis.TableProfile;
import dev.ferry.analysis.SourceAnalysis.ValueCount;
import dev.ferry.source.CatalogColumn;
import dev.ferry.source.CatalogRelation;
import dev.ferry.source.SourceSchema.Field;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Profiles one relation with plain {@code SELECT}s, at a bounded cost.
 *
 * <p>Contract: at most {@link AnalysisOptions#sampleRows} rows are profiled. A relation whose
 * estimate is larger is sampled with {@code TABLESAMPLE SYSTEM ... REPEATABLE} (tables,
 * materialized and partitioned tables: the same pages on every run of the same data) or by its
 * first rows (views, foreign tables, and relations never analysed), and the profile says which.
 * Every value is compared and shown as PostgreSQL's text rendering, so no column type — arrays,
 * enums, domains, JSON, bytea, tsvector, ranges — can break the profile; min and max are given only
 * for ordered types. Only the columns the user may read are profiled. The caller owns the
 * connection and its read-only transaction.
 */
final class TableProfiler {
  private static final int FORMAT_VALUES = 200;
  private static final int SHOWN_LENGTH = 60;
  private static final Set<String> ORDERED =
      Set.of(
          "smallint",
          "integer",
          "bigint",
          "numeric",
          "real",
          "double precision",
          "money",
          "date",
          "timestamp without time zone",
          "timestamp with time zone",
          "time without time zone",
          "time with time zone",
          "interval",
          "text",
          "character varying",
          "character",
          "name");

  private final Connection connection;
  private final AnalysisOptions options;
  private final Map<Field, List<ValueCount>> fieldValues = new java.util.EnumMap<>(Field.class);

  TableProfiler(Connection connection, AnalysisOptions options) {
    this.connection = connection;
    this.options = options;
  }

  TableProfile profile(String role, CatalogRelation relation, Map<String, Field> fields)
      throws SQLException {
    List<CatalogColumn> columns =
        relation.columns().stream().filter(CatalogColumn::selectable).toList();
    String list =
        columns.isEmpty()
            ? "1"
            : String.join(", ", columns.stream().map(c -> quote(c.name())).toList());
    int n = options.sampleRows();
    OptionalLong estimate = relation.rowEstimate();
    boolean sampleable =
        relation.kind() == CatalogRelation.Kind.TABLE
            || relation.kind() == CatalogRelation.Kind.MATERIALIZED_VIEW
            || relation.kind() == CatalogRelation.Kind.PARTITIONED_TABLE;
    String from;
    OptionalLong rowCount = OptionalLong.empty();
    boolean sampled;
    String sampling;
    if (estimate.isPresent() && estimate.getAsLong() > n && sampleable) {
      double percent = Math.max(0.001, Math.min(100.0, n * 100.0 / estimate.getAsLong()));
      String p = String.format(Locale.ROOT, "%.3f", percent);
      from =
          "(SELECT "
              + list
              + " FROM "
              + relation.ref().quoted()
              + " TABLESAMPLE SYSTEM ("
              + p
              + ") REPEATABLE (42) LIMIT "
              + n
              + ") s";
      sampled = true;
      sampling =
          "sampled: TABLESAMPLE SYSTEM (" + p + " %) of about " + estimate.getAsLong() + " rows";
    } else {
      long probe =
          scalarLong(
              "SELECT count(*) FROM (SELECT 1 FROM "
                  + relation.ref().quoted()
                  + " LIMIT "
                  + (n + 1)
                  + ") p");
      if (probe <= n) {
        from = "(SELECT " + list + " FROM " + relation.ref().quoted() + ") s";
        rowCount = OptionalLong.of(probe);
        sampled = false;
        sampling = "all rows";
      } else {
        from = "(SELECT " + list + " FROM " + relation.ref().quoted() + " LIMIT " + n + ") s";
        sampled = true;
        sampling = "sampled: the first " + n + " rows the server returned (no usable estimate)";
      }
    }

    long rows;
    List<ColumnProfile> profiles = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT count(*)");
    for (CatalogColumn column : columns) {
      String q = "s." + quote(column.name());
      sql.append(", count(*) - count(").append(q).append(")");
      sql.append(", count(DISTINCT ").append(q).append("::text)");
      if (ordered(column)) {
        // Text compares by code point, so the report does not depend on the server's locale.
        String v = textual(column) ? q + " COLLATE \"C\"" : q;
        sql.append(", left(min(").append(v).append(")::text, ").append(SHOWN_LENGTH).append(")");
        sql.append(", left(max(").append(v).append(")::text, ").append(SHOWN_LENGTH).append(")");
      } else {
        sql.append(", NULL::text, NULL::text");
      }
    }
    sql.append(" FROM ").append(from);
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql.toString())) {
      rs.next();
      rows = rs.getLong(1);
      int index = 2;
      for (CatalogColumn column : columns) {
        long nulls = rs.getLong(index++);
        long distinct = rs.getLong(index++);
        Optional<String> min = Optional.ofNullable(rs.getString(index++));
        Optional<String> max = Optional.ofNullable(rs.getString(index++));
        List<ValueCount> values = values(column, from);
        Optional<Field> field = Optional.ofNullable(fields.get(column.name()));
        field.ifPresent(f -> fieldValues.put(f, values));
        profiles.add(
            new ColumnProfile(
                column.name(),
                column.type(),
                field.map(Field::qualifiedKey),
                nulls,
                rows == 0 ? 0.0 : (double) nulls / rows,
                distinct,
                min,
                max,
                values.subList(0, Math.min(options.topValues(), values.size())),
                ValueFormats.detect(
                    field,
                    column.type(),
                    column.category().name().toLowerCase(Locale.ROOT),
                    column.detail(),
                    values)));
      }
    }
    return new TableProfile(
        role, relation.ref().toString(), rowCount, estimate, rows, sampled, sampling, profiles);
  }

  /** The most frequent values of each Ferry field profiled so far (up to 200 per field). */
  Map<Field, List<ValueCount>> fieldValues() {
    return fieldValues;
  }

  /** The most frequent values (cut), most frequent first, ties by code point. */
  List<ValueCount> values(CatalogColumn column, String from) throws SQLException {
    String q = "s." + quote(column.name());
    String sql =
        "SELECT v, n FROM (SELECT left("
            + q
            + "::text, "
            + SHOWN_LENGTH
            + ") AS v, count(*) AS n FROM "
            + from
            + " WHERE "
            + q
            + " IS NOT NULL GROUP BY 1) t ORDER BY n DESC, v COLLATE \"C\" LIMIT "
            + FORMAT_VALUES;
    List<ValueCount> values = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        values.add(new ValueCount(rs.getString(1), rs.getLong(2)));
      }
    }
    return values;
  }

  private static boolean textual(CatalogColumn column) {
    String type =
        column.category() == CatalogColumn.TypeCategory.DOMAIN
            ? column.detail().orElse("").replaceFirst("^domain over ", "")
            : column.type();
    return column.category() != CatalogColumn.TypeCategory.ENUM
        && (type.startsWith("text") || type.startsWith("character") || type.equals("name"));
  }

  private static boolean ordered(CatalogColumn column) {
    String type = column.type().toLowerCase(Locale.ROOT);
    if (column.category() == CatalogColumn.TypeCategory.ENUM) {
      return true;
    }
    if (column.category() == CatalogColumn.TypeCategory.DOMAIN) {
      type = column.detail().map(d -> d.replaceFirst("^domain over ", "")).orElse("");
    } else if (column.category() != CatalogColumn.TypeCategory.BASE) {
      return false;
    }
    String base = type.replaceAll("\\(\\d+(,\\s*\\d+)?\\)", "").strip();
    return ORDERED.contains(base);
  }

  private long scalarLong(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
