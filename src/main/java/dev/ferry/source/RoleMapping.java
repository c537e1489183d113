package dev.ferry.source;

import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which table plays which role and which column holds which field, as the user (or a job file)
 * says, overriding Ferry's detection by name, foreign key and type.
 *
 * <p>Contract: any subset may be given; a role or field left out is detected as usual ({@link
 * SourceSchemaResolver}). Names are matched exactly, else ignoring case when that is unambiguous,
 * and a mapped name that does not exist is an error, never a silent fallback to detection. The
 * mapping is consistent: no table plays two roles and no column holds two fields of its table
 * (compared ignoring case) — a contradiction is refused with a message naming both.
 *
 * @param tables the relation name per role
 * @param columns the column name per field
 */
public record RoleMapping(Map<Table, String> tables, Map<Field, String> columns) {

  /** Nothing mapped: detect everything. */
  public static final RoleMapping DETECT = new RoleMapping(Map.of(), Map.of());

  public RoleMapping {
    EnumMap<Table, String> tableCopy = new EnumMap<>(Table.class);
    tableCopy.putAll(tables);
    EnumMap<Field, String> columnCopy = new EnumMap<>(Field.class);
    columnCopy.putAll(columns);
    Map<String, Table> seenTables = new HashMap<>();
    tableCopy.forEach(
        (table, name) -> {
          requireName(name, table.defaultName());
          Table other = seenTables.putIfAbsent(name.toLowerCase(Locale.ROOT), table);
          if (other != null) {
            throw new IllegalArgumentException(
                "Table \""
                    + name
                    + "\" is mapped to both "
                    + other.defaultName()
                    + " and "
                    + table.defaultName()
                    + "; each role needs its own table.");
          }
        });
    Map<String, Field> seenColumns = new HashMap<>();
    columnCopy.forEach(
        (field, name) -> {
          requireName(name, field.qualifiedKey());
          String key = field.table() + "." + name.toLowerCase(Locale.ROOT);
          Field other = seenColumns.putIfAbsent(key, field);
          if (other != null) {
            throw new IllegalArgumentException(
                "Column \""
                    + name
                    + "\" is mapped to both "
                    + other.qualifiedKey()
                    + " and "
                    + field.qualifiedKey()
                    + "; each field needs its own column.");
          }
        });
    tables = Collections.unmodifiableMap(tableCopy);
    columns = Collections.unmodifiableMap(columnCopy);
  }

  private static void requireName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isBlank()) {
      throw new IllegalArgumentException("The name mapped to " + what + " must not be blank.");
    }
  }

  /** The table mapped to {@code role}, if any. */
  public Optional<String> table(Table role) {
    return Optional.ofNullable(tables.get(role));
  }

  /** The column mapped to {@code field}, if any. */
  public Optional<String> column(Field field) {
    return Optional.ofNullable(columns.get(field));
  }

  /** Whether nothing is mapped. */
  public boolean isEmpty() {
    return tables.isEmpty() && columns.isEmpty();
  }

  /** The mapping that reproduces {@code schema} exactly: every role and every present field. */
  public static RoleMapping of(SourceSchema schema) {
    Map<Table, String> tables = new EnumMap<>(Table.class);
    for (Table table : Table.values()) {
      tables.put(table, schema.tableName(table));
    }
    Map<Field, String> columns = new EnumMap<>(Field.class);
    schema.fields().forEach((field, column) -> columns.put(field, column.name()));
    return new RoleMapping(tables, columns);
  }

  /** A short description for logs, e.g. {@code orders=sales, orders.uid=id}. */
  @Override
  public String toString() {
    if (isEmpty()) {
      return "detect";
    }
    List<String> parts = new java.util.ArrayList<>();
    tables.forEach((t, n) -> parts.add(t.defaultName() + "=" + n));
    columns.forEach((f, n) -> parts.add(f.qualifiedKey() + "=" + n));
    return String.join(", ", parts);
  }
}
