package dev.ferry.app;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Creates and fills a realistic client database for the demo, tests and the benchmark.
 *
 * <p>Contract: the data is a pure function of {@code orders} and {@code seed} (same uids, values
 * and anomalies every time), so that seeding a fresh database and migrating again shows Ferry's
 * idempotency. It writes only to the database it is given — never to a client's source. The shape
 * follows what client databases look like: uuid ids, money as {@code numeric}, {@code timestamp
 * without time zone} order dates, promotion days in mixed spellings, no foreign key from orders to
 * clients, and a few broken rows (about 1 % of orders) that Ferry must reject: a missing client, a
 * missing product, a zero, negative or null quantity, a product without price or tax rate.
 */
public final class DemoDataGenerator {
  private static final String[] BRANDS = {
    "Acme", "Bimbo", "Lala", "Nestlé", "Sabritas", "Jumex", "Herdez", "Gamesa", "Alpura", "Costeña"
  };
  private static final String[] PROMOTION_VALUES = {
    "MON",
    "Tue",
    "wed",
    "Thursday",
    "FRIDAY",
    " saturday ",
    "Sun",
    "lunes",
    "sexta-feira",
    "2026-11-27",
    "",
    "someday",
    "Funday"
  };
  private static final String[] STATUSES = {
    "delivered", "delivered", "delivered", "shipped", "pending", "cancelled", "DELIVERED"
  };
  private static final String[] STREETS = {
    "Av. Reforma", "Calle Madero", "Insurgentes Sur", "Av. Juárez", "Calle 5 de Mayo", "Río Lerma"
  };
  private static final String[] FIRST = {
    "Abarrotes", "Tienda", "Mini Súper", "Comercial", "Depósito", "Miscelánea"
  };
  private static final String[] LAST = {
    "La Esperanza", "El Sol", "Don Pepe", "Santa Fe", "Las Palmas", "El Buen Precio", "Lupita"
  };
  private static final String[] PRODUCTS = {
    "Pan blanco", "Leche entera", "Jugo de mango", "Papas clásicas", "Galletas María",
    "Frijoles refritos", "Atún en agua", "Café molido", "Yogur natural", "Salsa verde"
  };

  private DemoDataGenerator() {}

  /** The tables Ferry reads, as a client database would have them. */
  public static void createSchema(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE TABLE clients (uid uuid PRIMARY KEY, name text NOT NULL, address text,"
              + " promotion_day text, email text, created_at timestamptz NOT NULL DEFAULT now())");
      s.execute(
          "CREATE TABLE products (uid uuid PRIMARY KEY, name text NOT NULL, brand text,"
              + " unit_price numeric(12,2), tax_rate numeric(6,4), sku text)");
      s.execute(
          "CREATE TABLE orders (uid uuid PRIMARY KEY, date_of_order timestamp NOT NULL,"
              + " client_uid uuid, latitude numeric(9,6), longitude numeric(9,6), status text,"
              + " channel text)");
      s.execute(
          "CREATE TABLE order_items (uid uuid PRIMARY KEY, order_uid uuid NOT NULL REFERENCES"
              + " orders(uid), product_uid uuid, quantity integer)");
      s.execute("CREATE INDEX order_items_order_uid ON order_items(order_uid)");
    }
  }

  /**
   * Fills the tables with {@code orders} orders (clients and products scale with it).
   *
   * @return how many rows were written per table
   */
  public static Counts seed(Connection connection, int orders, long seed)
      throws SQLException, IOException {
    Random random = new Random(seed);
    int clients = Math.max(20, orders / 40);
    int products = Math.max(30, Math.min(2000, orders / 10));
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();

    UUID[] clientIds = new UUID[clients];
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < clients; i++) {
      clientIds[i] = uuid(random);
      String promotion = PROMOTION_VALUES[random.nextInt(PROMOTION_VALUES.length)];
      rows.append(clientIds[i])
          .append('\t')
          .append(FIRST[random.nextInt(FIRST.length)])
          .append(' ')
          .append(LAST[random.nextInt(LAST.length)])
          .append(' ')
          .append(i + 1)
          .append('\t')
          .append(STREETS[random.nextInt(STREETS.length)])
          .append(' ')
          .append(1 + random.nextInt(400))
          .append(", CDMX")
          .append('\t')
          .append(i % 17 == 5 ? "\\N" : promotion)
          .append('\t')
          .append("client")
          .append(i + 1)
          .append("@example.com")
          .append('\n');
    }
    copy.copyIn(
        "COPY clients (uid, name, address, promotion_day, email) FROM STDIN",
        new StringReader(rows.toString()));

    UUID[] productIds = new UUID[products];
    rows.setLength(0);
    for (int i = 0; i < products; i++) {
      productIds[i] = uuid(random);
      BigDecimal price =
          BigDecimal.valueOf(50 + random.nextInt(50_000), 2).setScale(2, RoundingMode.UNNECESSARY);
      String rate = random.nextInt(4) == 0 ? "0" : random.nextInt(3) == 0 ? "0.08" : "0.16";
      boolean brokenPrice = i == products - 1;
      boolean brokenRate = i == products - 2;
      rows.append(productIds[i])
          .append('\t')
          .append(PRODUCTS[random.nextInt(PRODUCTS.length)])
          .append(' ')
          .append(100 + i)
          .append('g')
          .append('\t')
          .append(i % 23 == 0 ? "\\N" : BRANDS[random.nextInt(BRANDS.length)])
          .append('\t')
          .append(brokenPrice ? "\\N" : price.toPlainString())
          .append('\t')
          .append(brokenRate ? "\\N" : rate)
          .append('\t')
          .append("SKU-")
          .append(10_000 + i)
          .append('\n');
    }
    copy.copyIn(
        "COPY products (uid, name, brand, unit_price, tax_rate, sku) FROM STDIN",
        new StringReader(rows.toString()));

    long items = 0;
    StringBuilder orderRows = new StringBuilder();
    StringBuilder itemRows = new StringBuilder();
    LocalDateTime start = LocalDate.of(2026, 1, 1).atStartOfDay();
    for (int i = 0; i < orders; i++) {
      UUID orderId = uuid(random);
      int anomaly = random.nextInt(1000);
      String client =
          anomaly == 1 ? uuid(random).toString() : clientIds[random.nextInt(clients)].toString();
      LocalDateTime when = start.plusSeconds(random.nextInt(330 * 24 * 3600));
      double lat = 19.2 + random.nextDouble() * 0.4;
      double lon = -99.3 + random.nextDouble() * 0.4;
      orderRows
          .append(orderId)
          .append('\t')
          .append(when)
          .append('\t')
          .append(client)
          .append('\t')
          .append(i % 97 == 3 ? "\\N" : String.format(java.util.Locale.ROOT, "%.6f", lat))
          .append('\t')
          .append(i % 97 == 3 ? "\\N" : String.format(java.util.Locale.ROOT, "%.6f", lon))
          .append('\t')
          .append(STATUSES[random.nextInt(STATUSES.length)])
          .append('\t')
          .append(random.nextBoolean() ? "web" : "store")
          .append('\n');
      int lines = anomaly < 8 ? 0 : 1 + random.nextInt(5);
      for (int l = 0; l < lines; l++) {
        String product =
            anomaly == 2 && l == 0
                ? uuid(random).toString()
                : productIds[random.nextInt(products)].toString();
        String quantity =
            switch (anomaly == 3 && l == 0 ? random.nextInt(3) : 3) {
              case 0 -> "0";
              case 1 -> "-1";
              case 2 -> "\\N";
              default -> Integer.toString(1 + random.nextInt(random.nextInt(10) == 0 ? 24 : 6));
            };
        itemRows
            .append(uuid(random))
            .append('\t')
            .append(orderId)
            .append('\t')
            .append(product)
            .append('\t')
            .append(quantity)
            .append('\n');
        items++;
      }
      if (orderRows.length() > 1 << 20) {
        flush(copy, orderRows, itemRows);
      }
    }
    flush(copy, orderRows, itemRows);
    try (Statement s = connection.createStatement()) {
      s.execute("ANALYZE");
    }
    return new Counts(clients, products, orders, items);
  }

  private static void flush(CopyManager copy, StringBuilder orderRows, StringBuilder itemRows)
      throws SQLException, IOException {
    copy.copyIn(
        "COPY orders (uid, date_of_order, client_uid, latitude, longitude, status, channel)"
            + " FROM STDIN",
        new StringReader(orderRows.toString()));
    copy.copyIn(
        "COPY order_items (uid, order_uid, product_uid, quantity) FROM STDIN",
        new StringReader(itemRows.toString()));
    orderRows.setLength(0);
    itemRows.setLength(0);
  }

  private static UUID uuid(Random random) {
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(most, least);
  }

  /**
   * Rows written.
   *
   * @param clients client rows
   * @param products product rows
   * @param orders order rows
   * @param items order_items rows
   */
  public record Counts(long clients, long products, long orders, long items) {}
}
