package dev.ferry.ui.analysis;

import dev.ferry.analysis.SourceAnalysis;
import dev.ferry.analysis.SourceAnalysis.Anomalies;
import dev.ferry.analysis.SourceAnalysis.ClientStats;
import dev.ferry.analysis.SourceAnalysis.ClientsReport;
import dev.ferry.analysis.SourceAnalysis.Column;
import dev.ferry.analysis.SourceAnalysis.ColumnProfile;
import dev.ferry.analysis.SourceAnalysis.DetectedRules;
import dev.ferry.analysis.SourceAnalysis.Promotion;
import dev.ferry.analysis.SourceAnalysis.Relation;
import dev.ferry.analysis.SourceAnalysis.RoleCandidate;
import dev.ferry.analysis.SourceAnalysis.RoleMatch;
import dev.ferry.analysis.SourceAnalysis.RoleRanking;
import dev.ferry.analysis.SourceAnalysis.Roles;
import dev.ferry.analysis.SourceAnalysis.TableProfile;
import dev.ferry.analysis.SourceAnalysis.ValueCount;
import dev.ferry.app.JobSettings;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.Secret;
import dev.ferry.core.TaxRateFormat;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import dev.ferry.source.RoleMapping;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A hand-made analysis of a small shop database, for view-model tests without a database. */
final class AnalysisFixtures {
  static final String PASSWORD = "s3cret-pw";

  private AnalysisFixtures() {}

  /** The session's job: a source with a password, a local target. */
  static JobSettings job() {
    return JobSettings.of(
        PostgresSettings.of(
            "jdbc:postgresql://db.example:5432/shop?sslmode=disable",
            "analyst",
            Optional.of(Secret.of(PASSWORD))),
        MongoSettings.of("mongodb://localhost:27017", "ferry_demo"),
        MappingSettings.defaults());
  }

  /** Ferry's four tables in public (all names default), plus a spare "sales" table. */
  static SourceAnalysis ready() {
    List<Relation> relations = new ArrayList<>();
    relations.add(relation("clients", "clients", "uid", "name", "address", "promotion_day"));
    relations.add(
        relation("products", "products", "uid", "name", "brand", "unit_price", "tax_rate"));
    relations.add(
        relation(
            "orders",
            "orders",
            "uid",
            "date_of_order",
            "client_uid",
            "latitude",
            "longitude",
            "status"));
    relations.add(
        relation("order_items", "order_items", "uid", "order_uid", "product_uid", "quantity"));
    relations.add(
        relation(
            "sales",
            null,
            "id",
            "ordered_at",
            "customer_id",
            "lat",
            "lng",
            "order_status",
            "Date_Of_Order"));
    relations.add(
        new Relation(
            "archive",
            "old_orders",
            "table",
            OptionalLong.empty(),
            true,
            Optional.empty(),
            Optional.empty(),
            List.of(column("uid"))));
    List<RoleMatch> tables = new ArrayList<>();
    for (Table t : Table.values()) {
      tables.add(new RoleMatch(t.defaultName(), t.defaultName(), "", "name"));
    }
    List<RoleMatch> fields = new ArrayList<>();
    Map<Table, String> tableNames = new EnumMap<>(Table.class);
    Map<Field, String> columns = new EnumMap<>(Field.class);
    for (Field f : Field.values()) {
      fields.add(
          new RoleMatch(
              f.qualifiedKey(),
              f.key(),
              f == Field.ORDER_DATE ? "timestamp without time zone" : "text",
              f == Field.ITEM_UID ? "primary key" : "name"));
      columns.put(f, f.key());
    }
    for (Table t : Table.values()) {
      tableNames.put(t, t.defaultName());
    }
    List<RoleRanking> rankings = new ArrayList<>();
    for (RoleMatch m : tables) {
      rankings.add(chosen(m.role(), m.name(), "", m.evidence()));
    }
    for (RoleMatch m : fields) {
      rankings.add(chosen(m.role(), m.name(), m.type(), m.evidence()));
    }
    Roles roles =
        new Roles(
            "public",
            "configured",
            tables,
            fields,
            List.of(),
            new RoleMapping(tableNames, columns),
            rankings);
    ClientStats good =
        client(
            "c-1",
            "Tienda El Sol",
            10,
            0,
            new Promotion("MON", Optional.empty(), "English", "every MONDAY", true, "UTC"));
    ClientStats funday =
        client(
            "c-13",
            "Abarrotes Lupita",
            7,
            2,
            new Promotion(
                "Funday",
                Optional.empty(),
                "unrecognised",
                "not understood: 'Funday'",
                false,
                "UTC"));
    ClientStats totals = client("(all)", null, 17, 2, null);
    ClientsReport report =
        new ClientsReport(
            "all 17 orders",
            "zone UTC, tax rates as percent",
            false,
            totals,
            List.of(good, funday),
            List.of());
    TableProfile profile =
        new TableProfile(
            "orders",
            "public.orders",
            OptionalLong.of(17),
            OptionalLong.of(17),
            17,
            false,
            "all rows",
            List.of(
                new ColumnProfile(
                    "status",
                    "text",
                    Optional.of("orders.status"),
                    1,
                    1.0 / 17,
                    3,
                    Optional.of("DELIVERED"),
                    Optional.of("shipped"),
                    List.of(new ValueCount("delivered", 10), new ValueCount("shipped", 4)),
                    "text")));
    return new SourceAnalysis(
        Instant.parse("2026-01-02T03:04:05Z"),
        "shop",
        "analyst",
        "15.19",
        "UTC",
        relations,
        List.of(),
        roles,
        List.of(profile),
        List.of(new SourceAnalysis.Join("orders.client_uid", "clients.uid", true)),
        Optional.of(report),
        new DetectedRules(
            Optional.of(TaxRateFormat.PERCENT),
            "distinct positive rates seen: 16, 8 (all above 1: percents)",
            "timestamp without time zone: wall-clock times",
            "English: 5, unrecognised: 2"),
        List.of(),
        List.of(
            new SourceAnalysis.Check(
                "every order_items.quantity value is a positive number",
                "yes",
                34,
                34,
                "every order_items.quantity value is a positive number: yes, 34 of 34")));
  }

  private static RoleRanking chosen(String role, String name, String type, String evidence) {
    return new RoleRanking(
        role,
        Optional.of(name),
        0.95,
        false,
        List.of(new RoleCandidate(name, type, 0.95, List.of(evidence))),
        "");
  }

  /**
   * The same database, but the evidence cannot tell which timestamp is the order date, and the
   * promotion values are weekday numbers: a role and a setting for the analyst.
   */
  static SourceAnalysis withChoices() {
    SourceAnalysis ok = ready();
    List<RoleRanking> rankings = new ArrayList<>();
    List<RoleMatch> fields = new ArrayList<>();
    for (RoleRanking r : ok.roles().rankings()) {
      if (r.role().equals("orders.date_of_order")) {
        rankings.add(
            new RoleRanking(
                r.role(),
                Optional.empty(),
                0,
                true,
                List.of(
                    new RoleCandidate(
                        "created_at",
                        "timestamp with time zone",
                        0.45,
                        List.of("a timestamp column")),
                    new RoleCandidate(
                        "shipped_at",
                        "timestamp with time zone",
                        0.44,
                        List.of("a timestamp column"))),
                "not sure: created_at has only 45 %"));
      } else {
        rankings.add(r);
      }
    }
    for (RoleMatch m : ok.roles().fields()) {
      if (!m.role().equals("orders.date_of_order")) {
        fields.add(m);
      }
    }
    Map<Field, String> columns = new EnumMap<>(Field.class);
    columns.putAll(ok.roles().mapping().columns());
    columns.remove(Field.ORDER_DATE);
    Roles roles =
        new Roles(
            "public",
            "configured",
            ok.roles().tables(),
            fields,
            List.of("table orders: not sure which column is orders.date_of_order"),
            new RoleMapping(ok.roles().mapping().tables(), columns),
            rankings);
    List<Relation> relations = new ArrayList<>();
    for (Relation r : ok.relations()) {
      relations.add(
          r.name().equals("orders")
              ? relation(
                  "orders",
                  "orders",
                  "uid",
                  "created_at",
                  "shipped_at",
                  "client_uid",
                  "latitude",
                  "longitude",
                  "status")
              : r);
    }
    return new SourceAnalysis(
        ok.generatedAt(),
        ok.database(),
        ok.user(),
        ok.serverVersion(),
        ok.serverTimeZone(),
        relations,
        ok.foreignKeys(),
        roles,
        List.of(),
        List.of(),
        Optional.empty(),
        new DetectedRules(Optional.empty(), "Ferry cannot read the source yet.", "", ""),
        List.of(
            new SourceAnalysis.Question(
                "mapping.weekday_numbers",
                "clients.promotion_day holds weekday numbers (1, 3, 7): how are they numbered?",
                List.of(
                    "iso: 1 = Monday … 7 = Sunday",
                    "sunday_zero: 0 = Sunday … 6 = Saturday",
                    "sunday_one: 1 = Sunday … 7 = Saturday",
                    "monday_zero: 0 = Monday … 6 = Sunday"))),
        List.of());
  }

  /**
   * The ready database whose products table holds, besides the tax_rate Ferry judged (fractions), a
   * column of percents and one of both.
   */
  static SourceAnalysis withTaxColumns() {
    SourceAnalysis ok = ready();
    TableProfile products =
        new TableProfile(
            "products",
            "public.products",
            OptionalLong.of(3),
            OptionalLong.of(3),
            3,
            false,
            "all rows",
            List.of(
                numbers("tax_rate", "0.16", "0.16", "0.16"),
                numbers("vat_percent", "8", "16", "16", "8"),
                numbers("mixed_rate", "0.08", "16", "0.08", "16")));
    List<TableProfile> profiles = new ArrayList<>(ok.profiles());
    profiles.add(products);
    return new SourceAnalysis(
        ok.generatedAt(),
        ok.database(),
        ok.user(),
        ok.serverVersion(),
        ok.serverTimeZone(),
        ok.relations(),
        ok.foreignKeys(),
        ok.roles(),
        profiles,
        ok.joins(),
        ok.clients(),
        new DetectedRules(
            Optional.of(TaxRateFormat.FRACTION),
            "distinct positive rates seen: 0.16",
            ok.rules().timestamps(),
            ok.rules().promotionSpellings()),
        List.of(),
        ok.checks());
  }

  private static ColumnProfile numbers(String name, String min, String max, String... top) {
    return new ColumnProfile(
        name,
        "numeric",
        Optional.empty(),
        0,
        0,
        top.length,
        Optional.of(min),
        Optional.of(max),
        java.util.Arrays.stream(top).map(v -> new ValueCount(v, 1)).toList(),
        "decimals (numeric)");
  }

  /** The same database, but Ferry found no order_items table. */
  static SourceAnalysis notReady() {
    SourceAnalysis ok = ready();
    Roles roles =
        new Roles(
            "public",
            "configured",
            List.of(),
            List.of(),
            List.of("no table plays order_items (found: clients, orders, products)"),
            new RoleMapping(Map.of(), Map.of()),
            List.of(
                new RoleRanking(
                    "order_items",
                    Optional.empty(),
                    0,
                    true,
                    List.of(),
                    "no relation of schema public has evidence for order_items")));
    return new SourceAnalysis(
        ok.generatedAt(),
        ok.database(),
        ok.user(),
        ok.serverVersion(),
        ok.serverTimeZone(),
        ok.relations(),
        ok.foreignKeys(),
        roles,
        List.of(),
        List.of(),
        Optional.empty(),
        new DetectedRules(Optional.empty(), "Ferry cannot read the source yet.", "", ""),
        List.of(),
        List.of());
  }

  private static Relation relation(String name, String role, String... columns) {
    return new Relation(
        "public",
        name,
        "table",
        OptionalLong.of(10),
        true,
        Optional.empty(),
        Optional.ofNullable(role),
        java.util.Arrays.stream(columns).map(AnalysisFixtures::column).toList());
  }

  private static Column column(String name) {
    return new Column(name, "text", "base", Optional.empty(), true, name.equals("uid"), List.of());
  }

  private static ClientStats client(
      String uid, String name, long orders, long rejected, Promotion promotion) {
    return new ClientStats(
        uid,
        Optional.ofNullable(name),
        name != null,
        orders,
        rejected,
        orders * 2,
        new BigDecimal("1234.50"),
        Optional.ofNullable(promotion),
        1,
        2,
        1,
        rejected == 0 ? Anomalies.NONE : new Anomalies(0, 0, 0, 0, 0, 0, rejected, 0, 0, 0),
        List.of("delivered"));
  }
}
