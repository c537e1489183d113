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
 * unusable type, together with what was found. A {@link RoleMapping} names tables and columns
 * outright; everything it leaves out is detected: by name — the default name first, then its
 * synonyms ({@link Table#names()}, {@link Field#names()}: {@code customers}, {@code order_lines},
 * {@code price}, {@code vat}, ...) — and, when no name fits, by keys and types (order items are the
 * table with foreign keys to orders and products, ids are single-column primary keys, references
 * are single foreign keys, the order date is the only timestamp column). Names are matched exactly
 * first and, failing that, ignoring case when that is unambiguous — clients sometimes create quoted
 * mixed-case names. Tables may be ordinary, partitioned or foreign tables, views or materialized
 * views. Types are read from {@code pg_catalog} rather than assumed, and domains count as their
 * base type.
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

  // Single-column primary and foreign keys: the evidence used when no name matches a role.
  private static final String KEYS_SQL =
      """
      SELECT c.relname, a.attname, con.contype, fc.relname
      FROM pg_catalog.pg_constraint con
      JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
      LEFT JOIN pg_catalog.pg_class fc
        ON fc.oid = con.confrelid AND fc.relnamespace = c.relnamespace
      WHERE n.nspname = ? AND con.contype IN ('p', 'f') AND cardinality(con.conkey) = 1
      ORDER BY c.relname, con.conname
      """;

  private static final Set<String> NUMBER_TYPES =
      Set.of("numeric", "int2", "int4", "int8", "float4", "float8", "money");
  private static final Set<String> TIMESTAMP_TYPES = Set.of("timestamptz", "timestamp", "date");

  private final String schemaName;
  private final RoleMapping mapping;

  /**
   * A resolver for the schema named {@code schemaName} (exact case, or unambiguous ignoring it).
   */
  public SourceSchemaResolver(String schemaName) {
    this(schemaName, RoleMapping.DETECT);
  }

  /** A resolver that takes the tables and columns {@code mapping} names, detecting the rest. */
  public SourceSchemaResolver(String schemaName, RoleMapping mapping) {
    this.schemaName = Objects.requireNonNull(schemaName, "schemaName");
    this.mapping = Objects.requireNonNull(mapping, "mapping");
  }

  /**
   * How each table and column was found.
   *
   * @param schema the resolved schema
   * @param tableEvidence per role, e.g. {@code "name"}, {@code "synonym of order_items"}, {@code
   *     "mapped"}, {@code "foreign keys to orders and products"}
   * @param fieldEvidence per resolved field, likewise
   */
  public record Resolution(
      SourceSchema schema, Map<Table, String> tableEvidence, Map<Field, String> fieldEvidence) {
    public Resolution {
      Objects.requireNonNull(schema, "schema");
      tableEvidence = Map.copyOf(tableEvidence);
      fieldEvidence = Map.copyOf(fieldEvidence);
    }
  }

  /** Reads the catalog on {@code connection} and resolves every table and field. */
  public SourceSchema resolve(Connection connection) throws SQLException {
    return explain(connection).schema();
  }

  /** {@link #resolve}, also saying how each table and column was found. */
  public Resolution explain(Connection connection) throws SQLException {
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
    Keys keys = readKeys(connection, schema);

    List<String> problems = new ArrayList<>();
    EnumMap<Table, String> tableNames = new EnumMap<>(Table.class);
    EnumMap<Table, String> tableEvidence = new EnumMap<>(Table.class);
    for (Table table : Table.values()) {
      Optional<String> mapped = mapping.table(table);
      if (mapped.isPresent()) {
        Optional<String> name = match(mapped.get(), relations.keySet());
        if (name.isEmpty()) {
          problems.add(
              "no table "
                  + mapped.get()
                  + " (mapped as "
                  + table.defaultName()
                  + "; found: "
                  + String.join(", ", new TreeSet<>(relations.keySet()))
                  + ")");
        } else {
          tableNames.put(table, name.get());
          tableEvidence.put(table, "mapped");
        }
        continue;
      }
      for (String wanted : table.names()) {
        Optional<String> name = match(wanted, relations.keySet());
        if (name.isPresent() && !tableNames.containsValue(name.get())) {
          tableNames.put(table, name.get());
          tableEvidence.put(
              table, wanted.equals(table.defaultName()) ? "name" : "synonym " + wanted);
          break;
        }
      }
    }
    detectTablesByForeignKeys(relations.keySet(), keys, tableNames, tableEvidence);
    for (Table table : Table.values()) {
      if (!tableNames.containsKey(table) && mapping.table(table).isEmpty()) {
        problems.add(
            "no table "
                + table.defaultName()
                + (table.names().size() > 1
                    ? " (nor "
                        + String.join(", ", table.names().subList(1, table.names().size()))
                        + ")"
                    : "")
                + " (found: "
                + String.join(", ", new TreeSet<>(relations.keySet()))
                + ")");
      }
    }

    EnumMap<Table, ResolvedTable> tables = new EnumMap<>(Table.class);
    tableNames.forEach(
        (table, name) ->
            tables.put(
                table,
                new ResolvedTable(
                    name, relations.get(name).stream().map(CatalogColumn::column).toList())));

    EnumMap<Field, Column> fields = new EnumMap<>(Field.class);
    EnumMap<Field, String> fieldEvidence = new EnumMap<>(Field.class);
    Map<String, List<String>> unreadable = new LinkedHashMap<>();
    for (Field field : Field.values()) {
      String tableName = tableNames.get(field.table());
      if (tableName == null) {
        continue; // the missing table is already reported
      }
      List<CatalogColumn> columns = relations.get(tableName);
      Optional<String> mapped = mapping.column(field);
      Optional<CatalogColumn> found;
      String evidence;
      if (mapped.isPresent()) {
        found = byName(mapped.get(), columns);
        evidence = "mapped";
        if (found.isEmpty()) {
          problems.add(
              "table "
                  + tableName
                  + " has no column "
                  + mapped.get()
                  + " (mapped as "
                  + field.qualifiedKey()
                  + "; it has: "
                  + columns.stream().map(c -> c.column().name()).collect(Collectors.joining(", "))
                  + ")");
          continue;
        }
      } else {
        Optional<String> name = find(field, columns, fields, mapping);
        if (name.isPresent()) {
          found = byName(name.get(), columns);
          evidence = name.get().equalsIgnoreCase(field.key()) ? "name" : "synonym " + name.get();
        } else {
          Optional<Evidence> fallback =
              fallback(field, tableName, columns, keys, tableNames, fields);
          found = fallback.map(Evidence::column);
          evidence = fallback.map(Evidence::why).orElse("");
        }
      }
      if (found.isEmpty()) {
        if (field.required()) {
          problems.add(
              "table "
                  + tableName
                  + " has no column "
                  + String.join(" or ", field.names())
                  + " (it has: "
                  + columns.stream().map(c -> c.column().name()).collect(Collectors.joining(", "))
                  + ")");
        }
        continue;
      }
      CatalogColumn column = found.get();
      String qualified = tableName + "." + column.column().name();
      typeProblem(field, column.column()).ifPresent(p -> problems.add(qualified + " " + p));
      if (!column.readable()) {
        unreadable.computeIfAbsent(tableName, t -> new ArrayList<>()).add(column.column().name());
      }
      fields.put(field, column.column());
      fieldEvidence.put(field, evidence);
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
    return new Resolution(new SourceSchema(schema, tables, fields), tableEvidence, fieldEvidence);
  }

  /**
   * Order items are the table with foreign keys to both orders and products; clients the table the
   * orders reference that is neither products nor order items. Only for roles no name found.
   */
  private static void detectTablesByForeignKeys(
      Set<String> relations,
      Keys keys,
      EnumMap<Table, String> tableNames,
      EnumMap<Table, String> evidence) {
    String orders = tableNames.get(Table.ORDERS);
    String products = tableNames.get(Table.PRODUCTS);
    if (!tableNames.containsKey(Table.ORDER_ITEMS) && orders != null && products != null) {
      List<String> candidates =
          relations.stream()
              .filter(r -> !tableNames.containsValue(r))
              .filter(r -> keys.references(r).containsAll(List.of(orders, products)))
              .toList();
      if (candidates.size() == 1) {
        tableNames.put(Table.ORDER_ITEMS, candidates.get(0));
        evidence.put(Table.ORDER_ITEMS, "foreign keys to " + orders + " and " + products);
      }
    }
    if (!tableNames.containsKey(Table.CLIENTS) && orders != null) {
      List<String> candidates =
          keys.references(orders).stream()
              .filter(r -> !tableNames.containsValue(r) && !r.equals(orders))
              .distinct()
              .toList();
      if (candidates.size() == 1) {
        tableNames.put(Table.CLIENTS, candidates.get(0));
        evidence.put(Table.CLIENTS, "referenced by " + orders);
      }
    }
  }

  /**
   * A column found without its name: a single-column primary key for an id, the single foreign key
   * to the right table for a reference, the only timestamp-like column for the order date.
   */
  private static Optional<Evidence> fallback(
      Field field,
      String tableName,
      List<CatalogColumn> columns,
      Keys keys,
      Map<Table, String> tableNames,
      Map<Field, Column> taken) {
    Optional<String> name = Optional.empty();
    String why = "";
    switch (field) {
      case CLIENT_UID, PRODUCT_UID, ORDER_UID -> {
        name = Optional.ofNullable(keys.primaryKeys.get(tableName));
        why = "primary key";
      }
      case ORDER_CLIENT_UID -> {
        name = keys.columnReferencing(tableName, tableNames.get(Table.CLIENTS));
        why = "foreign key to " + tableNames.get(Table.CLIENTS);
      }
      case ITEM_ORDER_UID -> {
        name = keys.columnReferencing(tableName, tableNames.get(Table.ORDERS));
        why = "foreign key to " + tableNames.get(Table.ORDERS);
      }
      case ITEM_PRODUCT_UID -> {
        name = keys.columnReferencing(tableName, tableNames.get(Table.PRODUCTS));
        why = "foreign key to " + tableNames.get(Table.PRODUCTS);
      }
      case ORDER_DATE -> {
        List<String> timestamps =
            columns.stream()
                .map(CatalogColumn::column)
                .filter(c -> TIMESTAMP_TYPES.contains(c.baseType()))
                .map(Column::name)
                .toList();
        name = timestamps.size() == 1 ? Optional.of(timestamps.get(0)) : Optional.empty();
        why = "only timestamp column";
      }
      default -> {
        // no evidence but the name for the other fields
      }
    }
    String reason = why;
    return name.filter(n -> taken.values().stream().noneMatch(c -> c.name().equals(n)))
        .flatMap(n -> byName(n, columns))
        .map(c -> new Evidence(c, reason));
  }

  private record Evidence(CatalogColumn column, String why) {}

  /** Single-column primary keys and foreign keys within the schema. */
  private record Keys(Map<String, String> primaryKeys, Map<String, List<String[]>> foreignKeys) {
    /** The tables {@code table} references. */
    List<String> references(String table) {
      return foreignKeys.getOrDefault(table, List.of()).stream().map(fk -> fk[1]).toList();
    }

    /** The single column of {@code table} with a foreign key to {@code target}. */
    Optional<String> columnReferencing(String table, String target) {
      if (target == null) {
        return Optional.empty();
      }
      List<String> found =
          foreignKeys.getOrDefault(table, List.of()).stream()
              .filter(fk -> fk[1].equals(target))
              .map(fk -> fk[0])
              .distinct()
              .toList();
      return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }
  }

  private static Keys readKeys(Connection connection, String schema) throws SQLException {
    Map<String, String> primaryKeys = new LinkedHashMap<>();
    Map<String, List<String[]>> foreignKeys = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(KEYS_SQL)) {
      statement.setString(1, schema);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          if ("p".equals(rs.getString(3))) {
            primaryKeys.put(rs.getString(1), rs.getString(2));
          } else if (rs.getString(4) != null) {
            foreignKeys
                .computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                .add(new String[] {rs.getString(2), rs.getString(4)});
          }
        }
      }
    }
    return new Keys(primaryKeys, foreignKeys);
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

  /** The first of the field's names the table has, skipping columns already taken. */
  private static Optional<String> find(
      Field field, List<CatalogColumn> columns, Map<Field, Column> taken, RoleMapping mapping) {
    List<String> names =
        columns.stream()
            .map(c -> c.column().name())
            .filter(
                n ->
                    mapping.columns().entrySet().stream()
                        .noneMatch(
                            e ->
                                e.getKey().table() == field.table()
                                    && e.getValue().equalsIgnoreCase(n)))
            .filter(
                n ->
                    taken.entrySet().stream()
                        .noneMatch(
                            e ->
                                e.getKey().table() == field.table()
                                    && e.getValue().name().equals(n)))
            .toList();
    for (String wanted : field.names()) {
      Optional<String> name = match(wanted, names);
      if (name.isPresent()) {
        return name;
      }
    }
    return Optional.empty();
  }

  private static Optional<CatalogColumn> byName(String wanted, List<CatalogColumn> columns) {
    Optional<String> name = match(wanted, columns.stream().map(c -> c.column().name()).toList());
    return name.flatMap(n -> columns.stream().filter(c -> c.column().name().equals(n)).findFirst());
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
