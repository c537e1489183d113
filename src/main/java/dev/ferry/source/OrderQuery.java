package dev.ferry.source;

import dev.ferry.engine.OrderSelection;
import dev.ferry.engine.UidRange;
import dev.ferry.source.SourceSchema.Column;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The SQL Ferry runs against a resolved source schema, with its bind values.
 *
 * <p>Every identifier comes from the catalog and is quoted; every value from the selection is a
 * bind parameter. Nothing here writes: the statements are plain {@code SELECT}s.
 */
final class OrderQuery {

  /** Result columns of {@link #stream}, 1-based. */
  static final int ORDER_UID = 1;

  static final int ORDERED_AT = 2;
  static final int ORDER_CLIENT_UID = 3;
  static final int LATITUDE = 4;
  static final int LONGITUDE = 5;
  static final int STATUS = 6;
  static final int CLIENT_UID = 7;
  static final int CLIENT_NAME = 8;
  static final int CLIENT_ADDRESS = 9;
  static final int CLIENT_PROMOTION = 10;
  static final int HAS_LINE = 11;
  static final int LINE_UID = 12;
  static final int LINE_PRODUCT_UID = 13;
  static final int LINE_QUANTITY = 14;
  static final int PRODUCT_UID = 15;
  static final int PRODUCT_NAME = 16;
  static final int PRODUCT_BRAND = 17;
  static final int PRODUCT_UNIT_PRICE = 18;
  static final int PRODUCT_TAX_RATE = 19;

  private static final Set<String> INTEGER_TYPES = Set.of("int2", "int4", "int8");

  private final String sql;
  private final List<Object> parameters;

  private OrderQuery(String sql, List<Object> parameters) {
    this.sql = sql;
    this.parameters = List.copyOf(parameters);
  }

  String sql() {
    return sql;
  }

  /** Prepares the statement and binds the parameters. */
  PreparedStatement prepare(Connection connection) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < parameters.size(); i++) {
        Object value = parameters.get(i);
        if (value instanceof String[] array) {
          statement.setArray(i + 1, connection.createArrayOf("text", array));
        } else if (value instanceof Integer n) {
          statement.setInt(i + 1, n);
        } else if (value instanceof Long n) {
          statement.setLong(i + 1, n);
        } else {
          statement.setString(i + 1, (String) value);
        }
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  /**
   * All selected orders with their client, lines and products, one row per line (one row with null
   * line columns for an order without lines), sorted by order uid as text by code point and then in
   * a deterministic line order.
   */
  static OrderQuery stream(SourceSchema schema, OrderSelection selection) {
    List<Object> parameters = new ArrayList<>();
    String orders = selectedOrders(schema, selection, parameters, true);

    String clientUid = col("c", schema.required(Field.CLIENT_UID));
    String lineOrderUid = col("i", schema.required(Field.ITEM_ORDER_UID));
    String lineProductUid = col("i", schema.required(Field.ITEM_PRODUCT_UID));
    String productUid = col("p", schema.required(Field.PRODUCT_UID));

    StringBuilder sql = new StringBuilder();
    sql.append("SELECT o.order_uid, o.ordered_at, o.client_uid, o.latitude, o.longitude, o.status")
        .append(", ")
        .append(clientUid)
        .append("::text, ")
        .append(text("c", schema, Field.CLIENT_NAME))
        .append(", ")
        .append(text("c", schema, Field.CLIENT_ADDRESS))
        .append(", ")
        .append(text("c", schema, Field.CLIENT_PROMOTION))
        // The join key is never null on a joined row, so this tells "no lines" from a null line.
        .append(", (")
        .append(lineOrderUid)
        .append(" IS NOT NULL), ")
        .append(schema.has(Field.ITEM_UID) ? text("i", schema, Field.ITEM_UID) : "NULL::text")
        .append(", ")
        .append(lineProductUid)
        .append("::text, ")
        .append(number("i", schema, Field.ITEM_QUANTITY))
        .append(", ")
        .append(productUid)
        .append("::text, ")
        .append(text("p", schema, Field.PRODUCT_NAME))
        .append(", ")
        .append(text("p", schema, Field.PRODUCT_BRAND))
        .append(", ")
        .append(number("p", schema, Field.PRODUCT_UNIT_PRICE))
        .append(", ")
        .append(number("p", schema, Field.PRODUCT_TAX_RATE))
        .append("\nFROM (")
        .append(orders)
        .append(") o\nLEFT JOIN ")
        .append(table(schema, Table.CLIENTS))
        .append(" c ON ")
        .append(
            equal(
                clientUid,
                schema.required(Field.CLIENT_UID),
                "o.client_key",
                schema.required(Field.ORDER_CLIENT_UID)))
        .append("\nLEFT JOIN ")
        .append(table(schema, Table.ORDER_ITEMS))
        .append(" i ON ")
        .append(
            equal(
                lineOrderUid,
                schema.required(Field.ITEM_ORDER_UID),
                "o.order_key",
                schema.required(Field.ORDER_UID)))
        .append("\nLEFT JOIN ")
        .append(table(schema, Table.PRODUCTS))
        .append(" p ON ")
        .append(
            equal(
                productUid,
                schema.required(Field.PRODUCT_UID),
                lineProductUid,
                schema.required(Field.ITEM_PRODUCT_UID)))
        .append("\nORDER BY ")
        .append(uuidIds(schema) ? "o.order_key" : "o.order_uid COLLATE \"C\"");
    for (String key : lineOrder(schema)) {
      sql.append(", ").append(key);
    }
    return new OrderQuery(sql.toString(), parameters);
  }

  /** How many orders {@link #stream} returns. */
  static OrderQuery count(SourceSchema schema, OrderSelection selection) {
    List<Object> parameters = new ArrayList<>();
    String orders = selectedOrders(schema, selection, parameters, false);
    return new OrderQuery("SELECT count(*) FROM (" + orders + ") o", parameters);
  }

  /** Which of the given uids exist as orders (compared as text). */
  static OrderQuery existing(SourceSchema schema, List<String> uids) {
    String uid = col("s", schema.required(Field.ORDER_UID));
    List<Object> parameters = new ArrayList<>();
    parameters.add(possibleIds(schema.required(Field.ORDER_UID), uids));
    return new OrderQuery(
        "SELECT "
            + uid
            + "::text FROM "
            + table(schema, Table.ORDERS)
            + " s WHERE "
            + uidIn(schema.required(Field.ORDER_UID), uid),
        parameters);
  }

  /**
   * Conditions keeping {@code key} (an order-uid column, qualified) inside {@code range}: native
   * comparisons for uuid keys (their own order is code-point order of their text), text in C
   * collation otherwise.
   */
  private static void rangeConditions(
      SourceSchema schema,
      String key,
      UidRange range,
      List<String> conditions,
      List<Object> parameters) {
    boolean uuid = uuidIds(schema);
    String left = uuid ? key : key + "::text COLLATE \"C\"";
    String bound = uuid ? "CAST(? AS uuid)" : "?";
    range
        .from()
        .ifPresent(
            from -> {
              conditions.add(left + " >= " + bound);
              parameters.add(from);
            });
    range
        .until()
        .ifPresent(
            until -> {
              conditions.add(left + " < " + bound);
              parameters.add(until);
            });
  }

  /**
   * At most {@code parts - 1} order uids that cut the orders into about equal parts: quantiles of
   * every uid, or of a sample of about {@code sample} rows on a larger table.
   */
  static OrderQuery splitPoints(SourceSchema schema, int parts, long total, long sample) {
    String uid = col("s", schema.required(Field.ORDER_UID));
    String order = uuidIds(schema) ? uid : uid + "::text COLLATE \"C\"";
    StringBuilder fractions = new StringBuilder();
    for (int i = 1; i < parts; i++) {
      fractions.append(i == 1 ? "" : ", ").append((double) i / parts);
    }
    String from = table(schema, Table.ORDERS) + " s";
    if (total > sample) {
      from += " TABLESAMPLE SYSTEM (" + Math.max(0.0001, 100.0 * sample / total) + ")";
    }
    return new OrderQuery(
        "SELECT DISTINCT unnest(percentile_disc(ARRAY["
            + fractions
            + "]::float8[]) WITHIN GROUP (ORDER BY "
            + order
            + "))::text FROM "
            + from,
        List.of());
  }

  /**
   * Every order, in uid order, with whether its row or its client's row may have been written since
   * a transaction-id window began (or its client is missing): the first half of a change feed.
   * Parameters: the window's start (low 32 bits) and length, twice.
   */
  static OrderQuery orderChanges(SourceSchema schema, XidWindow window) {
    return orderChanges(schema, window, UidRange.ALL);
  }

  /** {@link #orderChanges(SourceSchema, XidWindow)} for the orders in {@code range}. */
  static OrderQuery orderChanges(SourceSchema schema, XidWindow window, UidRange range) {
    String uid = col("s", schema.required(Field.ORDER_UID));
    Column clientKey = schema.required(Field.CLIENT_UID);
    String clientUid = col("c", clientKey);
    List<Object> parameters = new ArrayList<>();
    String sql =
        "SELECT "
            + uid
            + "::text, ("
            + window.isNew("s", parameters)
            + " OR "
            + clientUid
            + " IS NULL OR "
            + window.isNew("c", parameters)
            + ")\nFROM "
            + table(schema, Table.ORDERS)
            + " s\nLEFT JOIN "
            + table(schema, Table.CLIENTS)
            + " c ON "
            + equal(
                clientUid,
                clientKey,
                col("s", schema.required(Field.ORDER_CLIENT_UID)),
                schema.required(Field.ORDER_CLIENT_UID))
            + where(schema, uid, range, parameters)
            + "\nORDER BY "
            + (uuidIds(schema) ? uid : uid + "::text COLLATE \"C\"");
    return new OrderQuery(sql, parameters);
  }

  /** {@code WHERE} with the range conditions on {@code key}, or nothing for every uid. */
  private static String where(
      SourceSchema schema, String key, UidRange range, List<Object> parameters) {
    List<String> conditions = new ArrayList<>();
    rangeConditions(schema, key, range, conditions, parameters);
    return conditions.isEmpty() ? "" : "\nWHERE " + String.join(" AND ", conditions);
  }

  /**
   * Per order uid (as text), how many lines it has and whether a line or a line's product may have
   * been written since the window began (or a product is missing), in uid order: the second half of
   * a change feed. Lines are grouped by their own order-uid column when that matches the orders'
   * uid text for text; otherwise through a join with the orders.
   */
  static OrderQuery lineChanges(SourceSchema schema, XidWindow window) {
    return lineChanges(schema, window, UidRange.ALL);
  }

  /** {@link #lineChanges(SourceSchema, XidWindow)} for the orders in {@code range}. */
  static OrderQuery lineChanges(SourceSchema schema, XidWindow window, UidRange range) {
    Column orderKey = schema.required(Field.ORDER_UID);
    Column lineOrder = schema.required(Field.ITEM_ORDER_UID);
    Column productKey = schema.required(Field.PRODUCT_UID);
    Column lineProduct = schema.required(Field.ITEM_PRODUCT_UID);
    String productUid = col("p", productKey);
    List<Object> parameters = new ArrayList<>();
    String changed =
        "bool_or("
            + window.isNew("i", parameters)
            + " OR "
            + productUid
            + " IS NULL OR "
            + window.isNew("p", parameters)
            + ")";
    String products =
        " LEFT JOIN "
            + table(schema, Table.PRODUCTS)
            + " p ON "
            + equal(productUid, productKey, col("i", lineProduct), lineProduct);
    boolean textSafe =
        orderKey.baseType().equals(lineOrder.baseType())
            && TEXT_SAFE_KEYS.contains(orderKey.baseType());
    String key = textSafe ? col("i", lineOrder) : col("s", orderKey);
    StringBuilder sql = new StringBuilder("SELECT ");
    sql.append(key).append("::text, count(*), ").append(changed).append("\nFROM ");
    if (textSafe) {
      sql.append(table(schema, Table.ORDER_ITEMS)).append(" i").append(products);
      sql.append("\nWHERE ").append(key).append(" IS NOT NULL");
      List<String> conditions = new ArrayList<>();
      rangeConditions(schema, key, range, conditions, parameters);
      conditions.forEach(c -> sql.append(" AND ").append(c));
    } else {
      sql.append(table(schema, Table.ORDERS))
          .append(" s JOIN ")
          .append(table(schema, Table.ORDER_ITEMS))
          .append(" i ON ")
          .append(equal(col("i", lineOrder), lineOrder, col("s", orderKey), orderKey))
          .append(products)
          .append(where(schema, key, range, parameters));
    }
    sql.append("\nGROUP BY ").append(key).append("\nORDER BY ");
    sql.append("uuid".equals(orderKey.baseType()) ? key : key + "::text COLLATE \"C\"");
    return new OrderQuery(sql.toString(), parameters);
  }

  /**
   * Id types whose text form is equal exactly when the values are (so grouping lines by their
   * order-uid text gives the same groups as the reader's join).
   */
  private static final Set<String> TEXT_SAFE_KEYS =
      Set.of("uuid", "text", "varchar", "int2", "int4", "int8");

  /** Key types a text array can be cast to, so that a uid lookup uses the key's index. */
  private static final Set<String> CASTABLE_KEYS =
      Set.of("uuid", "text", "varchar", "int2", "int4", "int8");

  /**
   * {@code uid = ANY(?)} for a text array of uids: cast to the key's own type where that is exact,
   * so the primary key's index serves it; compared as text otherwise.
   */
  private static String uidIn(Column key, String expression) {
    if (CASTABLE_KEYS.contains(key.baseType())) {
      String type = key.baseType().startsWith("int") ? "int8" : key.baseType();
      return expression + " = ANY(CAST(? AS text[])::" + type + "[])";
    }
    return expression + "::text = ANY(?)";
  }

  private static final Pattern CANONICAL_UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern CANONICAL_INTEGER = Pattern.compile("0|-?[1-9][0-9]{0,18}");

  /**
   * The uids that can be the text form of a key of this type. Only those can match (a key's text
   * form is canonical: lower-case uuids, integers without leading zeros), and only those can be
   * cast to the key's type for an index lookup: any other string would make the cast fail.
   */
  private static String[] possibleIds(Column key, List<String> uids) {
    Predicate<String> possible =
        switch (key.baseType()) {
          case "uuid" -> uid -> CANONICAL_UUID.matcher(uid).matches();
          case "int2", "int4", "int8" -> OrderQuery::canonicalInteger;
          default -> uid -> true;
        };
    return uids.stream().filter(possible).toArray(String[]::new);
  }

  private static boolean canonicalInteger(String uid) {
    if (!CANONICAL_INTEGER.matcher(uid).matches()) {
      return false;
    }
    try {
      Long.parseLong(uid);
      return true;
    } catch (NumberFormatException tooLarge) {
      return false;
    }
  }

  /**
   * Whether order uids are {@code uuid}: their own order (bytes) is the order of their text form by
   * code point (lower-case hex, dashes at fixed places), so queries sort by the column itself,
   * which its index serves, instead of sorting every row by text.
   */
  static boolean uuidIds(SourceSchema schema) {
    return "uuid".equals(schema.required(Field.ORDER_UID).baseType());
  }

  /**
   * The orders side: only the columns needed, filtered and limited here so that a LIMIT counts
   * orders, not joined lines.
   */
  private static String selectedOrders(
      SourceSchema schema, OrderSelection selection, List<Object> parameters, boolean columns) {
    String uid = col("s", schema.required(Field.ORDER_UID));
    String clientUid = col("s", schema.required(Field.ORDER_CLIENT_UID));
    StringBuilder sql = new StringBuilder("SELECT ");
    if (columns) {
      sql.append(uid)
          .append(" AS order_key, ")
          .append(uid)
          .append("::text AS order_uid, ")
          .append(col("s", schema.required(Field.ORDER_DATE)))
          .append(" AS ordered_at, ")
          .append(clientUid)
          .append(" AS client_key, ")
          .append(clientUid)
          .append("::text AS client_uid, ")
          .append(text("s", schema, Field.ORDER_LATITUDE))
          .append(" AS latitude, ")
          .append(text("s", schema, Field.ORDER_LONGITUDE))
          .append(" AS longitude, ")
          .append(text("s", schema, Field.ORDER_STATUS))
          .append(" AS status");
    } else {
      sql.append("1");
    }
    sql.append(" FROM ").append(table(schema, Table.ORDERS)).append(" s");
    List<String> conditions = new ArrayList<>();
    selection
        .uids()
        .ifPresent(
            uids -> {
              Column key = schema.required(Field.ORDER_UID);
              conditions.add(uidIn(key, uid));
              parameters.add(possibleIds(key, uids));
            });
    rangeConditions(schema, uid, selection.range(), conditions, parameters);
    selection
        .clientUid()
        .ifPresent(
            client -> {
              conditions.add(clientUid + "::text = ?");
              parameters.add(client);
            });
    if (!conditions.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", conditions));
    }
    if (selection.limit().isPresent()) {
      sql.append(" ORDER BY ")
          .append(uuidIds(schema) ? uid : uid + "::text COLLATE \"C\"")
          .append(" LIMIT ?");
      parameters.add(selection.limit().getAsInt());
    }
    return sql.toString();
  }

  /**
   * Line order within an order: the line uid when there is one, then product uid and quantity, and
   * — without a line uid — every remaining column as text, so that even lines that differ only in
   * extra columns come out in the same order on every run. Physical order (ctid) is not used: it
   * changes with VACUUM and updates.
   */
  private static List<String> lineOrder(SourceSchema schema) {
    List<String> keys = new ArrayList<>();
    schema
        .column(Field.ITEM_UID)
        .ifPresent(uid -> keys.add(col("i", uid) + "::text COLLATE \"C\""));
    Column product = schema.required(Field.ITEM_PRODUCT_UID);
    Column quantity = schema.required(Field.ITEM_QUANTITY);
    keys.add(col("i", product) + "::text COLLATE \"C\"");
    keys.add(col("i", quantity));
    if (!schema.has(Field.ITEM_UID)) {
      Column orderUid = schema.required(Field.ITEM_ORDER_UID);
      for (Column column : schema.tables().get(Table.ORDER_ITEMS).columns()) {
        if (!column.equals(orderUid) && !column.equals(product) && !column.equals(quantity)) {
          keys.add(col("i", column) + "::text COLLATE \"C\"");
        }
      }
    }
    return keys;
  }

  /**
   * Join condition: native equality when both sides have the same type (so indexes apply),
   * otherwise equality of the text renderings (uuid vs text ids cannot be compared natively).
   */
  private static String equal(String left, Column leftColumn, String right, Column rightColumn) {
    boolean sameType =
        leftColumn.baseType().equals(rightColumn.baseType())
            || (INTEGER_TYPES.contains(leftColumn.baseType())
                && INTEGER_TYPES.contains(rightColumn.baseType()));
    return sameType ? left + " = " + right : left + "::text = " + right + "::text";
  }

  private static String text(String alias, SourceSchema schema, Field field) {
    return col(alias, schema.required(field)) + "::text";
  }

  /**
   * Numbers travel as text and become BigDecimal in Java: exact for numeric (scale kept), the
   * shortest exact rendering for floats; money has a locale-formatted text form, so it goes through
   * numeric first.
   */
  private static String number(String alias, SourceSchema schema, Field field) {
    Column column = schema.required(field);
    String cast = "money".equals(column.baseType()) ? "::numeric::text" : "::text";
    return col(alias, column) + cast;
  }

  private static String col(String alias, Column column) {
    return alias + "." + quote(column.name());
  }

  private static String table(SourceSchema schema, Table table) {
    return quote(schema.schema()) + "." + quote(schema.tableName(table));
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
