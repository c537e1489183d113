package dev.ferry.analysis;

import dev.ferry.analysis.SourceAnalysis.Check;
import dev.ferry.analysis.SourceAnalysis.Column;
import dev.ferry.analysis.SourceAnalysis.DetectedRules;
import dev.ferry.analysis.SourceAnalysis.ForeignKey;
import dev.ferry.analysis.SourceAnalysis.Join;
import dev.ferry.analysis.SourceAnalysis.Question;
import dev.ferry.analysis.SourceAnalysis.Relation;
import dev.ferry.analysis.SourceAnalysis.RoleCandidate;
import dev.ferry.analysis.SourceAnalysis.RoleMatch;
import dev.ferry.analysis.SourceAnalysis.RoleRanking;
import dev.ferry.analysis.SourceAnalysis.Roles;
import dev.ferry.analysis.SourceAnalysis.TableProfile;
import dev.ferry.analysis.SourceAnalysis.ValueCount;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.PromotionDay;
import dev.ferry.core.SourceOrder;
import dev.ferry.core.TaxRateFormat;
import dev.ferry.core.WeekdayNumbering;
import dev.ferry.engine.OrderReader;
import dev.ferry.engine.OrderSelection;
import dev.ferry.source.CatalogColumn;
import dev.ferry.source.CatalogRelation;
import dev.ferry.source.CatalogRelationRef;
import dev.ferry.source.CatalogSchema;
import dev.ferry.source.CatalogSnapshot;
import dev.ferry.source.MappingCheck;
import dev.ferry.source.PostgresOrderSource;
import dev.ferry.source.PostgresSettings;
import dev.ferry.source.RoleDetection;
import dev.ferry.source.RoleDetection.Ranking;
import dev.ferry.source.RoleMapping;
import dev.ferry.source.SchemaCatalog;
import dev.ferry.source.SourceConnections;
import dev.ferry.source.SourceException;
import dev.ferry.source.SourceSchema;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import dev.ferry.source.SourceSchemaResolver;
import dev.ferry.source.SourceSchemaResolver.Outcome;
import dev.ferry.source.SourceSchemaResolver.Resolution;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code inspect}: the catalog, Ferry's roles, the profiles of its tables and the per-client
 * report, all read-only.
 *
 * <p>Contract: {@link #analyze} blocks (run it off the UI thread) and returns a complete {@link
 * SourceAnalysis} even when Ferry cannot read the source — the roles then list the problems and
 * there are no profiles or client report. Every query runs in a {@code READ ONLY} transaction (the
 * catalog and profiles on one connection, the client report on the order reader's snapshot); cost
 * is bounded by {@link AnalysisOptions}. Connection failures are {@link SourceException}s.
 */
public final class SourceAnalyzer {
  private static final Logger LOG = LoggerFactory.getLogger(SourceAnalyzer.class);

  private SourceAnalyzer() {}

  /**
   * Analyzes the source {@code settings} describe, judging orders with {@code mapping}.
   *
   * @param settings the source, its schema and role mapping
   * @param mapping the rules the per-client report applies (zone, tax format, overrides)
   * @param watchdogs runs the liveness checks while the per-client read waits for its first row
   *     (see {@link PostgresOrderSource})
   */
  public static SourceAnalysis analyze(
      PostgresSettings settings,
      MappingSettings mapping,
      AnalysisOptions options,
      ScheduledExecutorService watchdogs) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(watchdogs, "watchdogs");
    try (Connection connection = SourceConnections.openReadOnly(settings)) {
      CatalogSnapshot catalog = SchemaCatalog.read(connection, settings.schema());
      SourceConnections.beginReadOnly(connection, options.statementTimeout());
      try {
        return analyze(connection, catalog, settings, mapping, options, watchdogs);
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw new SourceException(
          "Could not analyze " + settings.describe() + ": " + e.getMessage(), e);
    }
  }

  private static SourceAnalysis analyze(
      Connection connection,
      CatalogSnapshot catalog,
      PostgresSettings settings,
      MappingSettings mapping,
      AnalysisOptions options,
      ScheduledExecutorService watchdogs)
      throws SQLException {
    String serverZone = scalar(connection, "SELECT current_setting('TimeZone')");
    ResolvedRoles found = resolve(connection, settings, options);

    List<TableProfile> profiles = new ArrayList<>();
    List<Join> joins = new ArrayList<>();
    Map<Field, List<ValueCount>> values = new EnumMap<>(Field.class);
    Optional<SourceAnalysis.ClientsReport> clients = Optional.empty();
    DetectedRules rules =
        new DetectedRules(Optional.empty(), "Ferry cannot read the source yet.", "", "");
    List<Question> questions = new ArrayList<>();
    List<Check> checks = new ArrayList<>();
    // The chosen tables are profiled even when a role is still open: their values say what the
    // analyst will be asked (mixed tax rates, weekday numbers).
    RoleMapping chosen = found.roles.mapping();
    String schemaName = found.roles.schema();
    TableProfiler profiler = new TableProfiler(connection, options);
    for (Table table : Table.values()) {
      Optional<CatalogRelation> relation =
          chosen.table(table).flatMap(n -> catalog.relation(new CatalogRelationRef(schemaName, n)));
      if (relation.isEmpty()) {
        continue;
      }
      Map<String, Field> fields = new HashMap<>();
      chosen
          .columns()
          .forEach(
              (f, c) -> {
                if (f.table() == table) {
                  fields.put(c, f);
                }
              });
      LOG.info("Profiling {} ({})", relation.get().ref(), table.defaultName());
      profiles.add(profiler.profile(table.defaultName(), relation.get(), fields));
    }
    values.putAll(profiler.fieldValues());
    if (!profiles.isEmpty()) {
      Optional<String> orderDateType =
          found.roles.fields().stream()
              .filter(m -> m.role().equals(Field.ORDER_DATE.qualifiedKey()))
              .map(RoleMatch::type)
              .findFirst();
      rules = rules(orderDateType, values, serverZone, profiles, options.detectTaxRate());
      questions.addAll(questions(chosen, values, rules, mapping, options));
    }
    if (found.resolution.isPresent()) {
      SourceSchema schema = found.resolution.get().schema();
      joins.add(join(catalog, schema, Field.ORDER_CLIENT_UID, Field.CLIENT_UID));
      joins.add(join(catalog, schema, Field.ITEM_ORDER_UID, Field.ORDER_UID));
      joins.add(join(catalog, schema, Field.ITEM_PRODUCT_UID, Field.PRODUCT_UID));
      PostgresSettings resolved = settings.withSchema(schema.schema()).withRoles(settings.roles());
      MappingSettings judged =
          options.detectTaxRate()
              ? rules.taxRate().map(mapping::withTaxRate).orElse(mapping)
              : mapping;
      LOG.info("Checking the mapping against the data");
      for (MappingCheck.Result r : MappingCheck.check(connection, schema, judged)) {
        checks.add(
            new Check(
                r.claim(),
                r.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                r.passed(),
                r.total(),
                r.sentence()));
      }
      clients = Optional.of(clients(resolved, judged, options, watchdogs));
    }

    return new SourceAnalysis(
        options.clock().instant(),
        catalog.database(),
        catalog.user(),
        catalog.serverVersion(),
        serverZone,
        relations(catalog, found),
        foreignKeys(catalog),
        found.roles,
        profiles,
        joins,
        clients,
        rules,
        questions,
        checks);
  }

  private record ResolvedRoles(Roles roles, Optional<Resolution> resolution) {}

  /**
   * The roles in the configured schema or, when allowed, wherever the evidence is strongest (the
   * configured schema first); never a dead end: an unresolved role comes with its candidates.
   */
  private static ResolvedRoles resolve(
      Connection connection, PostgresSettings settings, AnalysisOptions options)
      throws SQLException {
    SourceSchemaResolver resolver = new SourceSchemaResolver(settings.schema(), settings.roles());
    Outcome outcome =
        (options.detectSchema() ? resolver.searchingOtherSchemas() : resolver).outcome(connection);
    RoleDetection d = outcome.detection();
    List<RoleMatch> tables = new ArrayList<>();
    for (Table table : Table.values()) {
      Ranking r = d.tables().get(table);
      r.chosen()
          .ifPresent(
              name -> tables.add(new RoleMatch(table.defaultName(), name, "", r.evidence())));
    }
    List<RoleMatch> fields = new ArrayList<>();
    for (Field field : Field.values()) {
      Ranking r = d.fields().get(field);
      if (r.chosen().isPresent() && d.tables().get(field.table()).chosen().isPresent()) {
        String type = r.chosenCandidate().map(RoleDetection.Candidate::type).orElse("");
        fields.add(new RoleMatch(field.qualifiedKey(), r.chosen().get(), type, r.evidence()));
      }
    }
    List<RoleRanking> rankings = new ArrayList<>();
    d.tables().values().forEach(r -> rankings.add(ranking(r)));
    d.fields().values().forEach(r -> rankings.add(ranking(r)));
    Roles roles =
        new Roles(
            d.schema(),
            d.schemaEvidence(),
            tables,
            fields,
            outcome.problems(),
            outcome.resolution().map(r -> RoleMapping.of(r.schema())).orElse(d.chosenMapping()),
            rankings);
    return new ResolvedRoles(roles, outcome.resolution());
  }

  private static RoleRanking ranking(Ranking r) {
    return new RoleRanking(
        r.key(),
        r.chosen(),
        round(r.confidence()),
        r.unresolved(),
        r.candidates().stream()
            .map(c -> new RoleCandidate(c.name(), c.type(), round(c.confidence()), c.evidence()))
            .toList(),
        r.note());
  }

  private static double round(double share) {
    return Math.round(share * 100) / 100.0;
  }

  private static Join join(CatalogSnapshot catalog, SourceSchema schema, Field from, Field to) {
    String fromTable = schema.tableName(from.table());
    String toTable = schema.tableName(to.table());
    String fromColumn = schema.required(from).name();
    String toColumn = schema.required(to).name();
    boolean declared =
        catalog
            .relation(new CatalogRelationRef(schema.schema(), fromTable))
            .flatMap(r -> r.column(fromColumn))
            .map(
                c ->
                    c.references()
                        .contains(new CatalogColumn.Reference(schema.schema(), toTable, toColumn)))
            .orElse(false);
    return new Join(fromTable + "." + fromColumn, toTable + "." + toColumn, declared);
  }

  private static DetectedRules rules(
      Optional<String> orderDateType,
      Map<Field, List<ValueCount>> values,
      String serverZone,
      List<TableProfile> profiles,
      boolean detectTax) {
    List<ValueCount> rates = values.getOrDefault(Field.PRODUCT_TAX_RATE, List.of());
    // Mixed rates (0.16 next to 16) are not decided here: the analyst is asked.
    Optional<TaxRateFormat> tax =
        ValueFormats.taxRates(rates).filter(t -> t != TaxRateFormat.AUTO || !detectTax);
    String taxEvidence =
        rates.isEmpty()
            ? "no tax rates to judge by"
            : "distinct positive rates seen: "
                + String.join(
                    ", ",
                    rates.stream()
                        .map(ValueCount::value)
                        .filter(v -> ValueFormats.decimal(v).map(d -> d.signum() > 0).orElse(false))
                        .sorted()
                        .limit(10)
                        .toList())
                + tax.map(
                        t ->
                            switch (t) {
                              case FRACTION -> " (all at most 1: fractions)";
                              case PERCENT -> " (all above 1: percents)";
                              case AUTO -> " (both fractions and percents: mixed)";
                            })
                    .orElse(
                        ValueFormats.taxRates(rates).isPresent()
                            ? " (both fractions and percents: mixed; choose how to read them)"
                            : "");
    String type = orderDateType.orElse("");
    String timestamps;
    if (type.isEmpty()) {
      timestamps = "not known until the order date column is chosen";
    } else if (type.startsWith("timestamp with time zone")) {
      timestamps =
          "timestamp with time zone: absolute instants; the source zone only decides the date of"
              + " the promotion day";
    } else if (type.startsWith("timestamp")) {
      timestamps =
          "timestamp without time zone: wall-clock times, read in the source zone (the server's"
              + " TimeZone is "
              + serverZone
              + "); set source.zone to the zone the application wrote them in";
    } else {
      timestamps = "date: no time of day; orders are placed at midnight in the source zone";
    }
    String promotion =
        ValueFormats.promotion(values.getOrDefault(Field.CLIENT_PROMOTION, List.of()));
    boolean sampled =
        profiles.stream()
            .filter(p -> p.role().equals(Table.PRODUCTS.defaultName()))
            .anyMatch(TableProfile::sampled);
    return new DetectedRules(
        tax, taxEvidence + (sampled ? " (sampled)" : ""), timestamps, promotion);
  }

  /** The settings the data cannot decide: mixed tax rates, numbered weekdays. */
  private static List<Question> questions(
      RoleMapping chosen,
      Map<Field, List<ValueCount>> values,
      DetectedRules rules,
      MappingSettings mapping,
      AnalysisOptions options) {
    List<Question> questions = new ArrayList<>();
    Optional<String> taxColumn = column(chosen, Field.PRODUCT_TAX_RATE);
    if (options.detectTaxRate() && rules.taxRate().isEmpty() && taxColumn.isPresent()) {
      String tax = taxColumn.get();
      List<ValueCount> rates = values.getOrDefault(Field.PRODUCT_TAX_RATE, List.of());
      questions.add(
          new Question(
              "mapping.tax_rate",
              rates.isEmpty()
                  ? tax + " holds no rates to judge by: how are they stored?"
                  : tax
                      + " holds both fractions and percents ("
                      + rules.taxEvidence()
                      + "): how are they stored?",
              List.of(
                  "fraction: 0.16 means 16 %",
                  "percent: 16 means 16 %",
                  "auto: each rate above 1 is a percent, at most 1 a fraction")));
    }
    List<String> numbers =
        values.getOrDefault(Field.CLIENT_PROMOTION, List.of()).stream()
            .map(ValueCount::value)
            .filter(v -> PromotionDay.spelling(Optional.of(v)).equals("weekday number"))
            .map(String::strip)
            .sorted()
            .distinct()
            .toList();
    Optional<String> promoColumn = column(chosen, Field.CLIENT_PROMOTION);
    if (!numbers.isEmpty()
        && mapping.weekdayNumbers() == WeekdayNumbering.NONE
        && promoColumn.isPresent()) {
      String promo = promoColumn.get();
      List<String> options2 = new ArrayList<>();
      for (WeekdayNumbering n : WeekdayNumbering.values()) {
        if (n != WeekdayNumbering.NONE) {
          options2.add(n.label() + ": " + n.meaning());
        }
      }
      questions.add(
          new Question(
              "mapping.weekday_numbers",
              promo
                  + " holds weekday numbers ("
                  + String.join(", ", numbers)
                  + "); the data cannot tell which day 1 is: how are they numbered?",
              options2));
    }
    return questions;
  }

  /** {@code table.column} of {@code field}, when both are chosen. */
  private static Optional<String> column(RoleMapping chosen, Field field) {
    return chosen.table(field.table()).flatMap(t -> chosen.column(field).map(c -> t + "." + c));
  }

  private static SourceAnalysis.ClientsReport clients(
      PostgresSettings settings,
      MappingSettings mapping,
      AnalysisOptions options,
      ScheduledExecutorService watchdogs) {
    ClientAnalyzer analyzer = new ClientAnalyzer(mapping, options.nearMidnight());
    int max = options.maxOrders();
    long read = 0;
    boolean more = false;
    try (PostgresOrderSource source = new PostgresOrderSource(settings, watchdogs);
        OrderReader reader =
            source.open(OrderSelection.first(max == Integer.MAX_VALUE ? max : max + 1))) {
      for (Optional<SourceOrder> next = reader.next(); next.isPresent(); next = reader.next()) {
        if (read == max) {
          more = true;
          break;
        }
        analyzer.accept(next.get());
        read++;
      }
    }
    String coverage =
        more
            ? "sampled: the first " + max + " orders by uid (the source has more)"
            : "all " + read + " orders";
    return analyzer.report(coverage, more);
  }

  private static List<Relation> relations(CatalogSnapshot catalog, ResolvedRoles found) {
    Map<CatalogRelationRef, String> roles = new HashMap<>();
    for (RoleMatch m : found.roles.tables()) {
      roles.put(new CatalogRelationRef(found.roles.schema(), m.name()), m.role());
    }
    List<Relation> relations = new ArrayList<>();
    for (CatalogSchema schema : catalog.schemas()) {
      for (CatalogRelation r : schema.relations()) {
        relations.add(
            new Relation(
                schema.name(),
                r.name(),
                r.kind().label(),
                r.rowEstimate(),
                r.selectable(),
                r.partitionOf().map(CatalogRelationRef::toString),
                Optional.ofNullable(roles.get(r.ref())),
                r.columns().stream()
                    .map(
                        c ->
                            new Column(
                                c.name(),
                                c.type(),
                                c.category().name().toLowerCase(Locale.ROOT),
                                c.detail(),
                                c.nullable(),
                                c.primaryKey(),
                                c.references().stream().map(Object::toString).toList()))
                    .toList()));
      }
    }
    return relations;
  }

  private static List<ForeignKey> foreignKeys(CatalogSnapshot catalog) {
    List<ForeignKey> keys = new ArrayList<>();
    for (CatalogSchema schema : catalog.schemas()) {
      for (CatalogRelation r : schema.relations()) {
        for (CatalogColumn c : r.columns()) {
          for (CatalogColumn.Reference ref : c.references()) {
            keys.add(
                new ForeignKey(
                    r.ref() + "." + c.name(),
                    ref.schema() + "." + ref.table() + "." + ref.column()));
          }
        }
      }
    }
    return keys;
  }

  private static String scalar(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
