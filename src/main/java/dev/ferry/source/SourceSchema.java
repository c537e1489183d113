package dev.ferry.source;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where each piece of an order lives in one particular source database: the resolved table and
 * column names and their PostgreSQL types, as found by {@link SourceSchemaResolver}.
 *
 * <p>Contract: every {@link Table} is present, and every {@link Field} that {@link Field#required()
 * is required} is present; optional fields (today only {@link Field#ITEM_UID}) are present exactly
 * when the table has such a column. Names are the real identifiers (exact case), ready to be
 * quoted. The record holds no connection and can be shown to the user.
 *
 * @param schema the schema name, exact case
 * @param tables each role's table, with all of its columns in declaration order
 * @param fields each resolved field's column
 */
public record SourceSchema(
    String schema, Map<Table, ResolvedTable> tables, Map<Field, Column> fields) {

  /** The four tables an order is assembled from. */
  public enum Table {
    CLIENTS("clients", "customers", "client", "customer"),
    PRODUCTS("products", "product", "articles"),
    ORDERS("orders", "order", "sales_orders", "purchase_orders"),
    ORDER_ITEMS(
        "order_items",
        "order_lines",
        "order_item",
        "order_line",
        "line_items",
        "order_details",
        "order_products");

    private final List<String> names;

    Table(String... names) {
      this.names = List.of(names);
    }

    /**
     * The table's expected name (matched exactly, else ignoring case); also its key in job files.
     */
    public String defaultName() {
      return names.get(0);
    }

    /** Accepted table names, in order of preference: the default name, then its synonyms. */
    public List<String> names() {
      return names;
    }

    /** The table role whose {@link #defaultName()} is {@code key}, if any. */
    public static Optional<Table> byKey(String key) {
      for (Table table : values()) {
        if (table.defaultName().equals(key)) {
          return Optional.of(table);
        }
      }
      return Optional.empty();
    }
  }

  /** How a column's values are read, which decides the PostgreSQL types accepted. */
  public enum Kind {
    /** Any type, read as PostgreSQL's text rendering (uuid, text, bigint ids all become text). */
    ID,
    /** Any type, read as its text rendering. */
    TEXT,
    /** Any type, read as text exactly as PostgreSQL renders it, so the core decides validity. */
    COORDINATE,
    /** Any type, read as text; a {@code date} renders as ISO {@code YYYY-MM-DD}. */
    PROMOTION,
    /** An exact or floating number type, read as a {@link java.math.BigDecimal} via its text. */
    NUMBER,
    /** {@code timestamp with time zone}, {@code timestamp without time zone} or {@code date}. */
    TIMESTAMP
  }

  /** Every column Ferry reads, with the table it belongs to and the names it may have. */
  public enum Field {
    CLIENT_UID(
        Table.CLIENTS,
        Kind.ID,
        true,
        "uid",
        "id",
        "client_uid",
        "client_id",
        "customer_uid",
        "customer_id"),
    CLIENT_NAME(
        Table.CLIENTS, Kind.TEXT, true, "name", "client_name", "customer_name", "full_name"),
    CLIENT_ADDRESS(
        Table.CLIENTS,
        Kind.TEXT,
        true,
        "address",
        "client_address",
        "customer_address",
        "street_address"),
    CLIENT_PROMOTION(
        Table.CLIENTS,
        Kind.PROMOTION,
        true,
        "promotion_day",
        "promotion_date",
        "promo_day",
        "promo_date",
        "promotion"),
    PRODUCT_UID(Table.PRODUCTS, Kind.ID, true, "uid", "id", "product_uid", "product_id"),
    PRODUCT_NAME(Table.PRODUCTS, Kind.TEXT, true, "name", "product_name", "title"),
    PRODUCT_BRAND(Table.PRODUCTS, Kind.TEXT, true, "brand", "brand_name", "manufacturer"),
    PRODUCT_UNIT_PRICE(Table.PRODUCTS, Kind.NUMBER, true, "unit_price", "price", "unitprice"),
    PRODUCT_TAX_RATE(Table.PRODUCTS, Kind.NUMBER, true, "tax_rate", "vat", "vat_rate", "tax"),
    ORDER_UID(Table.ORDERS, Kind.ID, true, "uid", "id", "order_uid", "order_id"),
    ORDER_DATE(
        Table.ORDERS,
        Kind.TIMESTAMP,
        true,
        "date_of_order",
        "order_date",
        "ordered_at",
        "created_at",
        "placed_at"),
    ORDER_CLIENT_UID(
        Table.ORDERS, Kind.ID, true, "client_uid", "client_id", "customer_uid", "customer_id"),
    ORDER_LATITUDE(Table.ORDERS, Kind.COORDINATE, true, "latitude", "lat"),
    ORDER_LONGITUDE(Table.ORDERS, Kind.COORDINATE, true, "longitude", "lng", "lon"),
    ORDER_STATUS(Table.ORDERS, Kind.TEXT, true, "status", "order_status", "state"),
    ITEM_UID(Table.ORDER_ITEMS, Kind.ID, false, "uid", "id", "line_uid", "line_id", "item_id"),
    ITEM_ORDER_UID(Table.ORDER_ITEMS, Kind.ID, true, "order_uid", "order_id"),
    ITEM_PRODUCT_UID(Table.ORDER_ITEMS, Kind.ID, true, "product_uid", "product_id"),
    ITEM_QUANTITY(Table.ORDER_ITEMS, Kind.NUMBER, true, "quantity", "qty", "units");

    private final Table table;
    private final Kind kind;
    private final boolean required;
    private final List<String> names;

    Field(Table table, Kind kind, boolean required, String... names) {
      this.table = table;
      this.kind = kind;
      this.required = required;
      this.names = List.of(names);
    }

    /** The table the column belongs to. */
    public Table table() {
      return table;
    }

    /** How values are read. */
    public Kind kind() {
      return kind;
    }

    /** Whether the source is unusable without it. */
    public boolean required() {
      return required;
    }

    /** Accepted column names, in order of preference: the default name, then its synonyms. */
    public List<String> names() {
      return names;
    }

    /** The field's key within its table in job files: its default column name, e.g. {@code uid}. */
    public String key() {
      return names.get(0);
    }

    /** {@code table.key}, e.g. {@code orders.date_of_order}. */
    public String qualifiedKey() {
      return table.defaultName() + "." + key();
    }

    /** The field of {@code table} whose {@link #key()} is {@code key}, if any. */
    public static Optional<Field> byKey(Table table, String key) {
      for (Field field : values()) {
        if (field.table == table && field.key().equals(key)) {
          return Optional.of(field);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * A column as the catalog describes it.
   *
   * @param name the column name, exact case
   * @param type the type as {@code format_type} renders it, e.g. {@code numeric(12,2)}; for a
   *     domain, its base type
   * @param baseType the base type's internal name, e.g. {@code numeric}, {@code timestamptz}
   */
  public record Column(String name, String type, String baseType) {
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(baseType, "baseType");
    }
  }

  /**
   * A resolved table.
   *
   * @param name the table (or view) name, exact case
   * @param columns all of its columns, in declaration order
   */
  public record ResolvedTable(String name, List<Column> columns) {
    public ResolvedTable {
      Objects.requireNonNull(name, "name");
      columns = List.copyOf(columns);
    }
  }

  public SourceSchema {
    Objects.requireNonNull(schema, "schema");
    EnumMap<Table, ResolvedTable> tableCopy = new EnumMap<>(Table.class);
    tableCopy.putAll(tables);
    EnumMap<Field, Column> fieldCopy = new EnumMap<>(Field.class);
    fieldCopy.putAll(fields);
    for (Table table : Table.values()) {
      if (!tableCopy.containsKey(table)) {
        throw new IllegalArgumentException("missing table " + table);
      }
    }
    for (Field field : Field.values()) {
      if (field.required() && !fieldCopy.containsKey(field)) {
        throw new IllegalArgumentException("missing required field " + field);
      }
    }
    tables = Collections.unmodifiableMap(tableCopy);
    fields = Collections.unmodifiableMap(fieldCopy);
  }

  /** The resolved name of {@code table}. */
  public String tableName(Table table) {
    return tables.get(table).name();
  }

  /** The column holding {@code field}, if the source has one. */
  public Optional<Column> column(Field field) {
    return Optional.ofNullable(fields.get(field));
  }

  /** The column holding a required (or known present) {@code field}. */
  public Column required(Field field) {
    Column column = fields.get(field);
    if (column == null) {
      throw new IllegalStateException(field + " is not present in this source");
    }
    return column;
  }

  /** Whether the source has a column for {@code field}. */
  public boolean has(Field field) {
    return fields.containsKey(field);
  }

  /** The optional fields this source lacks (for display). */
  public Set<Field> missingOptionalFields() {
    EnumSet<Field> missing = EnumSet.allOf(Field.class);
    missing.removeAll(fields.keySet());
    return Collections.unmodifiableSet(missing);
  }

  /** A one-line summary, e.g. for logs: tables and the types of the key columns. */
  public String summary() {
    return "schema "
        + schema
        + ": orders.uid "
        + required(Field.ORDER_UID).type()
        + ", orders."
        + required(Field.ORDER_DATE).name()
        + " "
        + required(Field.ORDER_DATE).type()
        + ", clients."
        + required(Field.CLIENT_PROMOTION).name()
        + " "
        + required(Field.CLIENT_PROMOTION).type()
        + ", order_items.uid "
        + (has(Field.ITEM_UID) ? "present" : "absent");
  }
}
