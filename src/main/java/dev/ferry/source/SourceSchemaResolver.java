package dev.ferry.source;

import dev.ferry.source.SourceSchema.Column;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Kind;
import dev.ferry.source.SourceSchema.ResolvedTable;
import dev.ferry.source.SourceSchema.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Finds Ferry's tables and columns in one schema of a source database by reading the catalog.
 *
 * <p>Contract: {@link #resolve} runs read-only catalog queries on the given connection (inside the
 * caller's transaction) and returns a {@link SourceSchema}, or throws a {@link
 * SourceSchemaException} naming, in one sentence, everything that is missing, unreadable or of an
 * unusable type, together with what was found. Names are matched exactly first and, failing that,
 * ignoring case when that is unambiguous — clients sometimes create quoted mixed-case names. Tables
 * may be ordinary, partitioned or foreign tables, views or materialized views. Types are read from
 * {@code pg_catalog} rather than assumed, and domains count as their base type.
 */
public final class SourceSchemaResolver {

  // pg_catalog rather than information_schema: the latter hides materialized views and columns
  // the user has no privilege on, which would turn "no SELECT on clients" into "no table clients".
  private static final String COLUMNS_SQL =
      """
      SELECT c.relname,
             a.attname,
             format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END,
                         CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END),
             bt.typname,
             has_column_privilege(c.oid, a.attnum, 'SELECT')
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
      WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      ORDER BY c.relname, a.attnum
      """;

  private static final String SCHEMAS_SQL =
      """
      SELECT nspname FROM pg_catalog.pg_namespace
      WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
      ORDER BY nspname
      """;

  private static final Set<String> NUMBER_TYPES =
      Set.of("numeric", "int2", "int4", "int8", "float4", "float8", "money");
  private static final Set<String> TIMESTAMP_TYPES = Set.of("timestamptz", "timestamp", "date");

  private final String schemaName;

  /**
   * A resolver for the schema named {@code schemaName} (exact case, or unambiguous ignoring it).
   */
  public SourceSchemaResolver(String schemaName) {
    this.schemaName = Objects.requireNonNull(schemaName, "schemaName");
  }

  /** Reads the catalog on {@code connection} and resolves every table and field. */
  public SourceSchema resolve(Connection connection) throws SQLException {
    String schema = resolveSchemaName(connection);
    Map<String, List<CatalogColumn>> relations = readRelations(connection, schema);
    if (relations.isEmpty()) {
      throw new SourceSchemaException(
          "Schema \""
              + schema
              + "\" has no tables or views that this user can see (schemas found: "
              + String.join(", ", schemaNames(connection))
              + "); check the schema setting.");
    }

    List<String> problems = new ArrayList<>();
    EnumMap<Table, ResolvedTable> tables = new EnumMap<>(Table.class);
    EnumMap<Table, List<CatalogColumn>> tableColumns = new EnumMap<>(Table.class);
    for (Table table : Table.values()) {
      Optional<String> name = match(table.defaultName(), relations.keySet());
      if (name.isEmpty()) {
        problems.add(
            "no table "
                + table.defaultName()
                + " (found: "
                + String.join(", ", new TreeSet<>(relations.keySet()))
                + ")");
        continue;
      }
      List<CatalogColumn> columns = relations.get(name.get());
      tableColumns.put(table, columns);
      tables.put(
          table,
          new ResolvedTable(name.get(), columns.stream().map(CatalogColumn::column).toList()));
    }

    EnumMap<Field, Column> fields = new EnumMap<>(Field.class);
    Map<String, List<String>> unreadable = new LinkedHashMap<>();
    for (Field field : Field.values()) {
      List<CatalogColumn> columns = tableColumns.get(field.table());
      if (columns == null) {
        continue; // the missing table is already reported
      }
      Optional<CatalogColumn> found = find(field, columns);
      if (found.isEmpty()) {
        if (field.required()) {
          problems.add(
              "table "
                  + tables.get(field.table()).name()
                  + " has no column "
                  + String.join(" or ", field.names())
                  + " (it has: "
                  + columns.stream().map(c -> c.column().name()).collect(Collectors.joining(", "))
                  + ")");
        }
        continue;
      }
      CatalogColumn column = found.get();
      String qualified = tables.get(field.table()).name() + "." + column.column().name();
      typeProblem(field, column.column()).ifPresent(p -> problems.add(qualified + " " + p));
      if (!column.readable()) {
        unreadable
            .computeIfAbsent(tables.get(field.table()).name(), t -> new ArrayList<>())
            .add(column.column().name());
      }
      fields.put(field, column.column());
    }
    unreadable.forEach(
        (table, columns) ->
            problems.add(
                "this user has no SELECT privilege on "
                    + table
                    + " (columns "
                    + String.join(", ", columns)
                    + ")"));

    if (!problems.isEmpty()) {
      throw new SourceSchemaException(
          "Schema \"" + schema + "\" cannot be read: " + String.join("; ", problems) + ".");
    }
    return new SourceSchema(schema, tables, fields);
  }

  private String resolveSchemaName(Connection connection) throws SQLException {
    List<String> schemas = schemaNames(connection);
    return match(schemaName, schemas)
        .orElseThrow(
            () ->
                new SourceSchemaException(
                    "Schema \""
                        + schemaName
                        + "\" does not exist or is not visible to this user (schemas found: "
                        + String.join(", ", schemas)
                        + "); check the schema setting."));
  }

  private static List<String> schemaNames(Connection connection) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(SCHEMAS_SQL);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static Map<String, List<CatalogColumn>> readRelations(
      Connection connection, String schema) throws SQLException {
    Map<String, List<CatalogColumn>> relations = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
      statement.setString(1, schema);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          relations
              .computeIfAbsent(rs.getString(1), r -> new ArrayList<>())
              .add(
                  new CatalogColumn(
                      new Column(rs.getString(2), rs.getString(3), rs.getString(4)),
                      rs.getBoolean(5)));
        }
      }
    }
    return relations;
  }

  private static Optional<CatalogColumn> find(Field field, List<CatalogColumn> columns) {
    List<String> names = columns.stream().map(c -> c.column().name()).toList();
    for (String wanted : field.names()) {
      Optional<String> name = match(wanted, names);
      if (name.isPresent()) {
        return columns.stream().filter(c -> c.column().name().equals(name.get())).findFirst();
      }
    }
    return Optional.empty();
  }

  /** {@code wanted} exactly, else the single candidate equal to it ignoring case. */
  private static Optional<String> match(String wanted, java.util.Collection<String> candidates) {
    if (candidates.contains(wanted)) {
      return Optional.of(wanted);
    }
    List<String> folded =
        candidates.stream()
            .filter(c -> c.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT)))
            .toList();
    return folded.size() == 1 ? Optional.of(folded.get(0)) : Optional.empty();
  }

  /** Why a column's type cannot be read faithfully for {@code field}, if it cannot. */
  private static Optional<String> typeProblem(Field field, Column column) {
    Kind kind = field.kind();
    if (kind == Kind.NUMBER && !NUMBER_TYPES.contains(column.baseType())) {
      // Parsing numbers out of text would be interpretation, which belongs to the core.
      return Optional.of(
          "is " + column.type() + ", expected a number type (numeric, integer, ...)");
    }
    if (kind == Kind.TIMESTAMP && !TIMESTAMP_TYPES.contains(column.baseType())) {
      return Optional.of(
          "is "
              + column.type()
              + ", expected timestamp with time zone, timestamp without time zone or date");
    }
    return Optional.empty();
  }

  private record CatalogColumn(Column column, boolean readable) {}
}
