package dev.ferry.analysis;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * One client's orders as data, and the SQL that stores them in a database of a given shape: table
 * and column names, schema, id, timestamp, tax and promotion types, declared keys and decoys. Every
 * shape of the same {@link Data} must migrate to exactly the same documents as the {@link
 * Shape#standard standard} shape.
 */
final class ShapedDatabase {

  private ShapedDatabase() {}

  /** How ids are stored. */
  enum Ids {
    BIGINT,
    TEXT,
    UUID
  }

  /** How the order date is stored. */
  enum Stamp {
    TIMESTAMPTZ,
    TIMESTAMP,
    DATE
  }

  /** How the promotion day is stored. */
  enum Promo {
    ENGLISH,
    SPANISH,
    PORTUGUESE,
    ISO_NUMBER,
    DATE
  }

  /** How tax rates are stored. */
  enum Tax {
    FRACTION,
    PERCENT,
    MIXED
  }

  record Client(
      String id, String name, String address, Optional<DayOfWeek> day, Optional<LocalDate> date) {}

  record Product(String id, String name, Optional<String> brand, String price, String fraction) {}

  record Line(String id, String product, int quantity) {}

  record Order(
      String id,
      LocalDateTime at,
      String client,
      String latitude,
      String longitude,
      String status,
      List<Line> lines) {}

  /** The logical data: the same orders whatever the shape. */
  record Data(List<Client> clients, List<Product> products, List<Order> orders) {

    /**
     * Deterministic data.
     *
     * @param ids how ids look (the standard shape stores them as text)
     * @param dates whether promotions are dates (else weekdays)
     * @param midnight whether orders are placed at midnight (for a {@code date} order column)
     */
    static Data generate(Ids ids, boolean dates, boolean midnight) {
      Random random = new Random(42);
      List<Client> clients = new ArrayList<>();
      String[] names = {"Ana", "Beto", "Caro", "Dani", "Eva", "Fede"};
      for (int i = 0; i < names.length; i++) {
        Optional<DayOfWeek> day =
            dates ? Optional.empty() : Optional.of(DayOfWeek.of(1 + (i * 3) % 7));
        Optional<LocalDate> date =
            dates ? Optional.of(LocalDate.of(2024, 3, 4).plusDays(i * 2L)) : Optional.empty();
        clients.add(new Client(id(ids, 'c', i + 1), names[i], "Calle " + (i + 1), day, date));
      }
      List<Product> products = new ArrayList<>();
      String[][] p = {
        {"Agua", "Ciel", "10.50", "0.16"},
        {"Pan", "Bimbo", "3.15", "0.08"},
        {"Sal", "", "25.00", "0.16"},
        {"Café", "Pilão", "7.45", "0.00"},
        {"Té", "Lipton", "99.99", "0.16"},
      };
      for (int i = 0; i < p.length; i++) {
        products.add(
            new Product(
                id(ids, 'p', i + 1),
                p[i][0],
                p[i][1].isEmpty() ? Optional.empty() : Optional.of(p[i][1]),
                p[i][2],
                p[i][3]));
      }
      List<Order> orders = new ArrayList<>();
      String[] statuses = {"delivered", "pending", "shipped"};
      int line = 0;
      for (int i = 0; i < 24; i++) {
        LocalDateTime at =
            LocalDate.of(2024, 3, 4)
                .plusDays(i % 14)
                .atTime(midnight ? 0 : (7 + i * 5) % 24, midnight ? 0 : (i * 17) % 60);
        List<Product> shuffled = new ArrayList<>(products);
        java.util.Collections.shuffle(shuffled, random);
        List<Product> chosen = new ArrayList<>(shuffled.subList(0, 1 + random.nextInt(3)));
        chosen.sort((a, b) -> a.id().compareTo(b.id()));
        List<Line> lines = new ArrayList<>();
        for (Product product : chosen) {
          lines.add(new Line(id(ids, 'l', ++line), product.id(), 1 + random.nextInt(5)));
        }
        orders.add(
            new Order(
                id(ids, 'o', i + 1),
                at,
                clients.get(i % clients.size()).id(),
                String.format(Locale.ROOT, "%.4f", 19.2 + random.nextInt(500) / 1000.0),
                String.format(Locale.ROOT, "%.4f", -99.3 + random.nextInt(500) / 1000.0),
                statuses[i % statuses.length],
                lines));
      }
      return new Data(clients, products, orders);
    }

    /** Ids whose text order is their numeric order (fixed width). */
    private static String id(Ids ids, char kind, int n) {
      int base =
          switch (kind) {
            case 'c' -> 1_000;
            case 'p' -> 2_000;
            case 'o' -> 3_000;
            default -> 4_000;
          };
      return switch (ids) {
        case BIGINT -> Integer.toString(base + n);
        case TEXT -> kind + "-" + String.format(Locale.ROOT, "%04d", n);
        case UUID -> String.format(Locale.ROOT, "%08x-0000-4000-8000-%012x", base, n);
      };
    }
  }

  /**
   * Table and column names and types of one shape.
   *
   * @param schema the schema holding the tables
   * @param clients table name, then uid, name, address, promotion columns
   * @param products table name, then uid, name, brand, price, tax columns
   * @param orders table name, then uid, date, client, latitude, longitude, status columns
   * @param items table name, then uid ("" for none), order, product, quantity columns
   * @param keys whether primary and foreign keys are declared ("pk" only, "all", or "none")
   * @param extra more SQL (decoys, unrelated tables), run after the tables
   */
  record Shape(
      String schema,
      Ids ids,
      Stamp stamp,
      Promo promo,
      Tax tax,
      String[] clients,
      String[] products,
      String[] orders,
      String[] items,
      String keys,
      String extra) {

    static Shape standard(Ids ids, Stamp stamp, Promo promo) {
      return new Shape(
          "public",
          ids,
          stamp,
          promo,
          Tax.FRACTION,
          new String[] {"clients", "uid", "name", "address", "promotion_day"},
          new String[] {"products", "uid", "name", "brand", "unit_price", "tax_rate"},
          new String[] {
            "orders", "uid", "date_of_order", "client_uid", "latitude", "longitude", "status"
          },
          new String[] {"order_items", "uid", "order_uid", "product_uid", "quantity"},
          "all",
          "");
    }

    /** The data this shape holds. */
    Data data() {
      return Data.generate(ids, promo == Promo.DATE, stamp == Stamp.DATE);
    }

    /** The SQL creating and filling the tables (run as superuser). */
    String sql(Data data) {
      String idType =
          switch (ids) {
            case BIGINT -> "bigint";
            case TEXT -> "text";
            case UUID -> "uuid";
          };
      boolean pk = !keys.equals("none");
      boolean fk = keys.equals("all");
      String s = schema.equals("public") ? "" : q(schema) + ".";
      StringBuilder sql = new StringBuilder();
      if (!schema.equals("public")) {
        sql.append("CREATE SCHEMA ").append(q(schema)).append(";\n");
      }
      String promoType =
          switch (promo) {
            case ISO_NUMBER -> "smallint";
            case DATE -> "date";
            default -> "text";
          };
      sql.append("CREATE TABLE ")
          .append(s)
          .append(q(clients[0]))
          .append(" (")
          .append(q(clients[1]))
          .append(' ')
          .append(idType)
          .append(pk ? " PRIMARY KEY" : "")
          .append(", ")
          .append(q(clients[2]))
          .append(" text, ")
          .append(q(clients[3]))
          .append(" text, ")
          .append(q(clients[4]))
          .append(' ')
          .append(promoType)
          .append(");\n");
      String taxType = tax == Tax.FRACTION ? "numeric(6,4)" : "numeric(6,2)";
      sql.append("CREATE TABLE ")
          .append(s)
          .append(q(products[0]))
          .append(" (")
          .append(q(products[1]))
          .append(' ')
          .append(idType)
          .append(pk ? " PRIMARY KEY" : "")
          .append(", ")
          .append(q(products[2]))
          .append(" text, ")
          .append(q(products[3]))
          .append(" text, ")
          .append(q(products[4]))
          .append(" numeric(10,2), ")
          .append(q(products[5]))
          .append(' ')
          .append(taxType)
          .append(");\n");
      String stampType =
          switch (stamp) {
            case TIMESTAMPTZ -> "timestamptz";
            case TIMESTAMP -> "timestamp";
            case DATE -> "date";
          };
      sql.append("CREATE TABLE ")
          .append(s)
          .append(q(orders[0]))
          .append(" (")
          .append(q(orders[1]))
          .append(' ')
          .append(idType)
          .append(pk ? " PRIMARY KEY" : "")
          .append(", ")
          .append(q(orders[2]))
          .append(' ')
          .append(stampType)
          .append(", ")
          .append(q(orders[3]))
          .append(' ')
          .append(idType)
          .append(fk ? " REFERENCES " + s + q(clients[0]) : "")
          .append(", ")
          .append(q(orders[4]))
          .append(" double precision, ")
          .append(q(orders[5]))
          .append(" numeric(9,4), ")
          .append(q(orders[6]))
          .append(" text");
      for (int i = 7; i < orders.length; i++) {
        sql.append(", ").append(q(orders[i])).append(' ').append(stampType);
      }
      sql.append(");\n");
      boolean itemUid = !items[1].isEmpty();
      sql.append("CREATE TABLE ").append(s).append(q(items[0])).append(" (");
      if (itemUid) {
        sql.append(q(items[1]))
            .append(' ')
            .append(idType)
            .append(pk ? " PRIMARY KEY" : "")
            .append(", ");
      }
      sql.append(q(items[2]))
          .append(' ')
          .append(idType)
          .append(fk ? " REFERENCES " + s + q(orders[0]) : "")
          .append(", ")
          .append(q(items[3]))
          .append(' ')
          .append(idType)
          .append(fk ? " REFERENCES " + s + q(products[0]) : "")
          .append(", ")
          .append(q(items[4]))
          .append(" integer);\n");

      for (Client c : data.clients()) {
        sql.append("INSERT INTO ")
            .append(s)
            .append(q(clients[0]))
            .append(" VALUES (")
            .append(lit(c.id()))
            .append(", ")
            .append(lit(c.name()))
            .append(", ")
            .append(lit(c.address()))
            .append(", ")
            .append(promotion(c))
            .append(");\n");
      }
      int n = 0;
      for (Product p : data.products()) {
        String rate = tax == Tax.FRACTION ? p.fraction() : percent(p.fraction());
        if (tax == Tax.MIXED && n++ % 2 == 1) {
          rate = p.fraction();
        }
        sql.append("INSERT INTO ")
            .append(s)
            .append(q(products[0]))
            .append(" VALUES (")
            .append(lit(p.id()))
            .append(", ")
            .append(lit(p.name()))
            .append(", ")
            .append(p.brand().map(ShapedDatabase::lit).orElse("NULL"))
            .append(", ")
            .append(p.price())
            .append(", ")
            .append(rate)
            .append(");\n");
      }
      for (Order o : data.orders()) {
        String at =
            switch (stamp) {
              case TIMESTAMPTZ -> lit(o.at() + "+00");
              case TIMESTAMP -> lit(o.at().toString());
              case DATE -> lit(o.at().toLocalDate().toString());
            };
        sql.append("INSERT INTO ")
            .append(s)
            .append(q(orders[0]))
            .append(" VALUES (")
            .append(lit(o.id()))
            .append(", ")
            .append(at)
            .append(", ")
            .append(lit(o.client()))
            .append(", ")
            .append(o.latitude())
            .append(", ")
            .append(o.longitude())
            .append(", ")
            .append(lit(o.status()));
        for (int i = 7; i < orders.length; i++) {
          // Another timestamp: a day later, so it is clearly not the order date.
          sql.append(", ")
              .append(lit(o.at().plusDays(1) + (stamp == Stamp.TIMESTAMPTZ ? "+00" : "")));
        }
        sql.append(");\n");
        for (Line l : o.lines()) {
          sql.append("INSERT INTO ").append(s).append(q(items[0])).append(" VALUES (");
          if (itemUid) {
            sql.append(lit(l.id())).append(", ");
          }
          sql.append(lit(o.id()))
              .append(", ")
              .append(lit(l.product()))
              .append(", ")
              .append(l.quantity())
              .append(");\n");
        }
      }
      sql.append(extra).append("\nANALYZE;\n");
      return sql.toString();
    }

    private String promotion(Client c) {
      if (c.date().isPresent()) {
        return lit(c.date().get().toString());
      }
      DayOfWeek day = c.day().orElseThrow();
      return switch (promo) {
        case ENGLISH, DATE -> lit(day.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case SPANISH -> lit(day.getDisplayName(TextStyle.FULL, Locale.forLanguageTag("es")));
        case PORTUGUESE -> lit(day.getDisplayName(TextStyle.FULL, Locale.forLanguageTag("pt")));
        case ISO_NUMBER -> Integer.toString(day.getValue());
      };
    }

    private static String percent(String fraction) {
      return new java.math.BigDecimal(fraction).movePointRight(2).toPlainString();
    }
  }

  static String q(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  static String lit(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
