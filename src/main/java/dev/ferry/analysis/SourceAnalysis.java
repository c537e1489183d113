package dev.ferry.analysis;

import dev.ferry.core.TaxRateFormat;
import dev.ferry.source.RoleMapping;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything {@code inspect} found in a source database, ready to show or export.
 *
 * <p>Contract: immutable and detached from any connection. Lists are in a stable order (schemas,
 * relations, columns and clients by name or uid), so two analyses of the same data are equal except
 * for {@code generatedAt}. Anything computed from a sample says so ({@link TableProfile#sampled},
 * {@link ClientsReport#sampled}).
 *
 * @param generatedAt when the analysis ran
 * @param database the database name
 * @param user the role it was read as
 * @param serverVersion the server's version
 * @param serverTimeZone the server's {@code TimeZone} setting (a hint for the source zone)
 * @param relations every table, view, materialized view, partitioned and foreign table
 * @param foreignKeys every declared foreign key between them
 * @param roles which relations and columns play Ferry's roles, and how they were found
 * @param profiles the in-depth profiles of Ferry's tables (empty when the roles are not resolved)
 * @param joins the joins Ferry makes, and whether a foreign key backs them
 * @param clients the per-client report, when Ferry can read the source
 * @param rules the rules detected from the data: tax-rate format, timestamps, promotion spellings
 * @param questions the settings the data cannot decide, which the analyst must set
 * @param checks the chosen mapping checked against the data (empty when Ferry cannot read it)
 */
public record SourceAnalysis(
    Instant generatedAt,
    String database,
    String user,
    String serverVersion,
    String serverTimeZone,
    List<Relation> relations,
    List<ForeignKey> foreignKeys,
    Roles roles,
    List<TableProfile> profiles,
    List<Join> joins,
    Optional<ClientsReport> clients,
    DetectedRules rules,
    List<Question> questions,
    List<Check> checks) {

  public SourceAnalysis {
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(serverTimeZone, "serverTimeZone");
    relations = List.copyOf(relations);
    foreignKeys = List.copyOf(foreignKeys);
    Objects.requireNonNull(roles, "roles");
    profiles = List.copyOf(profiles);
    joins = List.copyOf(joins);
    Objects.requireNonNull(clients, "clients");
    Objects.requireNonNull(rules, "rules");
    questions = List.copyOf(questions);
    checks = List.copyOf(checks);
  }

  /** Whether anything needs the analyst: a role without a choice or an open question. */
  public boolean needsChoices() {
    return !questions.isEmpty() || roles.rankings().stream().anyMatch(RoleRanking::needsChoice);
  }

  /**
   * A setting the data cannot decide.
   *
   * @param setting the job-file key, e.g. {@code mapping.weekday_numbers}
   * @param question what is asked, with what the data shows
   * @param options the values to choose from, as {@code value: meaning}
   */
  public record Question(String setting, String question, List<String> options) {
    public Question {
      Objects.requireNonNull(setting, "setting");
      Objects.requireNonNull(question, "question");
      options = List.copyOf(options);
    }

    /** The option values alone, e.g. {@code iso}. */
    public List<String> values() {
      return options.stream()
          .map(o -> o.contains(":") ? o.substring(0, o.indexOf(':')) : o)
          .toList();
    }
  }

  /**
   * One check of the chosen mapping against the data.
   *
   * @param claim what must hold, e.g. {@code every order_lines.qty value is a positive number}
   * @param verdict {@code yes}, {@code partly}, {@code no} or {@code not checked}
   * @param passed values that satisfy it
   * @param total values checked
   * @param sentence the whole check in words, e.g. {@code ...: yes, 6,842 of 6,842}
   */
  public record Check(String claim, String verdict, long passed, long total, String sentence) {
    public Check {
      Objects.requireNonNull(claim, "claim");
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(sentence, "sentence");
    }
  }

  /**
   * One relation of the catalog.
   *
   * @param schema its schema
   * @param name its name
   * @param kind {@code table}, {@code view}, {@code materialized view}, {@code partitioned table}
   *     or {@code foreign table}
   * @param rowEstimate the planner's estimate, if known
   * @param selectable whether the user may read it
   * @param partitionOf the partitioned table it belongs to, as {@code schema.name}
   * @param role the Ferry role it plays ({@code orders}, ...), if any
   * @param columns its columns
   */
  public record Relation(
      String schema,
      String name,
      String kind,
      OptionalLong rowEstimate,
      boolean selectable,
      Optional<String> partitionOf,
      Optional<String> role,
      List<Column> columns) {
    public Relation {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(rowEstimate, "rowEstimate");
      Objects.requireNonNull(partitionOf, "partitionOf");
      Objects.requireNonNull(role, "role");
      columns = List.copyOf(columns);
    }

    /** {@code schema.name}. */
    public String qualifiedName() {
      return schema + "." + name;
    }

    /** The primary key's columns, in declaration order. */
    public List<String> primaryKey() {
      return columns.stream().filter(Column::primaryKey).map(Column::name).toList();
    }
  }

  /**
   * One column of a relation.
   *
   * @param name its name
   * @param type its declared type
   * @param category {@code base}, {@code array}, {@code domain}, {@code enum}, {@code range}, ...
   * @param detail a domain's base type or an enum's labels, if any
   * @param nullable whether it accepts NULL
   * @param primaryKey whether it is part of the primary key
   * @param references the columns its foreign keys point at, as {@code schema.table(column)}
   */
  public record Column(
      String name,
      String type,
      String category,
      Optional<String> detail,
      boolean nullable,
      boolean primaryKey,
      List<String> references) {
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(detail, "detail");
      references = List.copyOf(references);
    }
  }

  /**
   * A declared foreign key, one column pair.
   *
   * @param from {@code schema.table.column}
   * @param to {@code schema.table.column}
   */
  public record ForeignKey(String from, String to) {
    public ForeignKey {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /**
   * A join Ferry makes between its tables.
   *
   * @param from {@code table.column} holding the reference
   * @param to {@code table.column} referenced
   * @param declared whether a foreign key enforces it (if not, dangling references are possible)
   */
  public record Join(String from, String to, boolean declared) {
    public Join {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /**
   * Ferry's roles in this source.
   *
   * @param schema the schema holding them
   * @param schemaEvidence how the schema was chosen ({@code "configured"}, {@code "detected"})
   * @param tables each role's table and how it was found
   * @param fields each field's column and how it was found
   * @param problems what stops Ferry from reading the source; empty when it can
   * @param mapping every table and column chosen (all of them when Ferry can read the source), for
   *     a job file
   * @param rankings every role and field with its ranked candidates, tables first
   */
  public record Roles(
      String schema,
      String schemaEvidence,
      List<RoleMatch> tables,
      List<RoleMatch> fields,
      List<String> problems,
      RoleMapping mapping,
      List<RoleRanking> rankings) {
    public Roles {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(schemaEvidence, "schemaEvidence");
      tables = List.copyOf(tables);
      fields = List.copyOf(fields);
      problems = List.copyOf(problems);
      Objects.requireNonNull(mapping, "mapping");
      rankings = List.copyOf(rankings);
    }

    /** Whether Ferry can read the source. */
    public boolean ready() {
      return problems.isEmpty();
    }

    /** The ranking of {@code role} (e.g. {@code orders.date_of_order}), if ranked. */
    public Optional<RoleRanking> ranking(String role) {
      return rankings.stream().filter(r -> r.role().equals(role)).findFirst();
    }
  }

  /**
   * How one role (a table) or field (a column) was decided, with the runners-up.
   *
   * @param role the key, e.g. {@code order_items} or {@code orders.date_of_order}
   * @param chosen what was chosen, if anything
   * @param confidence the chosen candidate's share of the evidence, 0 to 1 (1 when mapped; 0 when
   *     nothing is chosen)
   * @param needsChoice whether the analyst must choose (required, nothing chosen)
   * @param candidates best first, the chosen one included
   * @param note why nothing was chosen, or ""
   */
  public record RoleRanking(
      String role,
      Optional<String> chosen,
      double confidence,
      boolean needsChoice,
      List<RoleCandidate> candidates,
      String note) {
    public RoleRanking {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(chosen, "chosen");
      candidates = List.copyOf(candidates);
      Objects.requireNonNull(note, "note");
    }
  }

  /**
   * A candidate for a role.
   *
   * @param name the relation or column
   * @param type the column's type ("" for a relation)
   * @param confidence its share of the evidence, 0 to 1 (two decimals)
   * @param evidence the signals for and against it
   */
  public record RoleCandidate(String name, String type, double confidence, List<String> evidence) {
    public RoleCandidate {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      evidence = List.copyOf(evidence);
    }

    /** E.g. {@code 87 %}. */
    public String percent() {
      return Math.round(confidence * 100) + " %";
    }
  }

  /**
   * One role (or field) and what plays it.
   *
   * @param role the role's key, e.g. {@code order_items} or {@code products.unit_price}
   * @param name the table or column found
   * @param type the column's type (empty for tables)
   * @param evidence how it was found: {@code name}, {@code synonym x}, {@code mapped}, {@code
   *     primary key}, {@code foreign key to t}, ...
   */
  public record RoleMatch(String role, String name, String type, String evidence) {
    public RoleMatch {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(evidence, "evidence");
    }
  }

  /**
   * The profile of one of Ferry's tables.
   *
   * @param role the role key
   * @param relation {@code schema.name}
   * @param rowCount the exact row count, when it was counted
   * @param rowEstimate the planner's estimate
   * @param rowsProfiled how many rows the column statistics are computed on
   * @param sampled whether those rows are a sample
   * @param sampling how the rows were chosen, in words
   * @param columns every column's profile, in declaration order
   */
  public record TableProfile(
      String role,
      String relation,
      OptionalLong rowCount,
      OptionalLong rowEstimate,
      long rowsProfiled,
      boolean sampled,
      String sampling,
      List<ColumnProfile> columns) {
    public TableProfile {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(relation, "relation");
      Objects.requireNonNull(rowCount, "rowCount");
      Objects.requireNonNull(rowEstimate, "rowEstimate");
      Objects.requireNonNull(sampling, "sampling");
      columns = List.copyOf(columns);
    }
  }

  /**
   * The profile of one column.
   *
   * @param name the column
   * @param type its declared type
   * @param field the Ferry field it holds ({@code orders.date_of_order}), if any
   * @param nulls how many profiled rows are NULL
   * @param nullShare {@code nulls / rowsProfiled} (0 for an empty table)
   * @param distinct distinct values among the profiled rows (compared as text)
   * @param min the smallest value, for ordered types
   * @param max the largest value, for ordered types
   * @param top the most frequent values (as text, cut to 60 characters), most frequent first
   * @param format what the values look like, e.g. {@code "weekday names (Spanish)"}
   */
  public record ColumnProfile(
      String name,
      String type,
      Optional<String> field,
      long nulls,
      double nullShare,
      long distinct,
      Optional<String> min,
      Optional<String> max,
      List<ValueCount> top,
      String format) {
    public ColumnProfile {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      top = List.copyOf(top);
      Objects.requireNonNull(format, "format");
    }

    /**
     * The tax-rate format this column's values imply, judged as the analysis judges the tax-rate
     * column (fractions when every positive value is at most 1, percents when every one is above 1,
     * {@code AUTO} when both occur) on what the profile kept: its most frequent values and its
     * extremes. Empty when it saw no positive number. For an editor that lets the analyst pick
     * another tax column than the one Ferry judged.
     */
    public Optional<TaxRateFormat> impliedTaxRate() {
      List<ValueCount> seen = new ArrayList<>(top);
      min.ifPresent(v -> seen.add(new ValueCount(v, 1)));
      max.ifPresent(v -> seen.add(new ValueCount(v, 1)));
      return ValueFormats.taxRates(seen);
    }
  }

  /**
   * A value and how often it occurs.
   *
   * @param value the value as text ({@code NULL} values are counted in {@link ColumnProfile#nulls})
   * @param count its occurrences among the profiled rows
   */
  public record ValueCount(String value, long count) {
    public ValueCount {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Rules detected from the data, as a job file would set them.
   *
   * @param taxRate the tax-rate format the stored rates imply
   * @param taxEvidence why, e.g. {@code "rates between 0.08 and 0.16"}
   * @param timestamps how order dates are stored, and what that means for the source zone
   * @param promotionSpellings how promotion values are spelled, e.g. {@code "Spanish: 3, ISO date:
   *     1"}
   */
  public record DetectedRules(
      Optional<TaxRateFormat> taxRate,
      String taxEvidence,
      String timestamps,
      String promotionSpellings) {
    public DetectedRules {
      Objects.requireNonNull(taxRate, "taxRate");
      Objects.requireNonNull(taxEvidence, "taxEvidence");
      Objects.requireNonNull(timestamps, "timestamps");
      Objects.requireNonNull(promotionSpellings, "promotionSpellings");
    }
  }

  /**
   * The per-client report.
   *
   * @param coverage which orders it covers, in words
   * @param sampled whether it covers only part of the orders
   * @param totals the sums over every client
   * @param clients one entry per client uid met in the orders, by uid
   * @param statuses the status values and their spellings
   */
  public record ClientsReport(
      String coverage,
      String rules,
      boolean sampled,
      ClientStats totals,
      List<ClientStats> clients,
      List<StatusSpelling> statuses) {
    public ClientsReport {
      Objects.requireNonNull(coverage, "coverage");
      Objects.requireNonNull(rules, "rules");
      Objects.requireNonNull(totals, "totals");
      clients = List.copyOf(clients);
      statuses = List.copyOf(statuses);
    }
  }

  /**
   * One client's orders as Ferry's rules see them (or the totals over all clients).
   *
   * @param uid the client uid ({@code "(all)"} for totals, {@code "(none)"} for orders without one)
   * @param name the client's name, if known
   * @param exists whether the client row exists
   * @param orders orders read
   * @param rejected orders Ferry would reject
   * @param items item lines
   * @param totalValue the sum of {@code total} over the accepted orders
   * @param promotion how the promotion value was read (absent for totals)
   * @param promotionOrders accepted orders with {@code is_promotion_day = true}
   * @param nearMidnight orders within the configured distance of midnight in the promotion zone
   * @param zoneSensitive of those, orders whose {@code is_promotion_day} would change if their date
   *     moved across that midnight
   * @param anomalies what is wrong in the data
   * @param statuses the raw status values of its orders, by spelling
   */
  public record ClientStats(
      String uid,
      Optional<String> name,
      boolean exists,
      long orders,
      long rejected,
      long items,
      BigDecimal totalValue,
      Optional<Promotion> promotion,
      long promotionOrders,
      long nearMidnight,
      long zoneSensitive,
      Anomalies anomalies,
      List<String> statuses) {
    public ClientStats {
      Objects.requireNonNull(uid, "uid");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(totalValue, "totalValue");
      Objects.requireNonNull(promotion, "promotion");
      Objects.requireNonNull(anomalies, "anomalies");
      statuses = List.copyOf(statuses);
    }
  }

  /**
   * A client's promotion value and how Ferry understood it.
   *
   * @param stored the stored value ({@code ""} when absent)
   * @param override the job's override value, if any
   * @param spelling how the value used is spelled ({@code "Spanish"}, {@code "ISO date"}, ...)
   * @param understood Ferry's reading, e.g. {@code "every MONDAY"}, {@code "not understood: 'x'"}
   * @param ok whether the value is a weekday or a date
   * @param zone the zone in which the client's order dates are taken
   */
  public record Promotion(
      String stored,
      Optional<String> override,
      String spelling,
      String understood,
      boolean ok,
      String zone) {
    public Promotion {
      Objects.requireNonNull(stored, "stored");
      Objects.requireNonNull(override, "override");
      Objects.requireNonNull(spelling, "spelling");
      Objects.requireNonNull(understood, "understood");
      Objects.requireNonNull(zone, "zone");
    }
  }

  /**
   * Counts of data problems.
   *
   * @param unknownClient orders whose client does not exist (or is null)
   * @param missingDates orders without a date
   * @param unknownProducts lines naming a product that does not exist (or none)
   * @param badQuantities lines with a null, zero or negative quantity
   * @param missingPrices lines whose product has no unit price or no tax rate
   * @param negativePrices lines whose product has a negative unit price or tax rate
   * @param missingCoordinates orders without latitude or longitude
   * @param badCoordinates orders with a coordinate that is not a number
   * @param coordinatesOutOfRange orders with a latitude beyond ±90 or a longitude beyond ±180
   * @param statusVariants orders whose status is spelled unlike the most common spelling
   */
  public record Anomalies(
      long unknownClient,
      long missingDates,
      long unknownProducts,
      long badQuantities,
      long missingPrices,
      long negativePrices,
      long missingCoordinates,
      long badCoordinates,
      long coordinatesOutOfRange,
      long statusVariants) {

    /** No anomaly. */
    public static final Anomalies NONE = new Anomalies(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The sum of every count. */
    public long total() {
      return unknownClient
          + missingDates
          + unknownProducts
          + badQuantities
          + missingPrices
          + negativePrices
          + missingCoordinates
          + badCoordinates
          + coordinatesOutOfRange
          + statusVariants;
    }

    /** Both counts added. */
    public Anomalies plus(Anomalies o) {
      return new Anomalies(
          unknownClient + o.unknownClient,
          missingDates + o.missingDates,
          unknownProducts + o.unknownProducts,
          badQuantities + o.badQuantities,
          missingPrices + o.missingPrices,
          negativePrices + o.negativePrices,
          missingCoordinates + o.missingCoordinates,
          badCoordinates + o.badCoordinates,
          coordinatesOutOfRange + o.coordinatesOutOfRange,
          statusVariants + o.statusVariants);
    }
  }

  /**
   * One status as Ferry would group it (trimmed, lower case) and how it is spelled.
   *
   * @param canonical the trimmed lower-case form
   * @param spellings each raw spelling with its order count, most frequent first
   */
  public record StatusSpelling(String canonical, List<ValueCount> spellings) {
    public StatusSpelling {
      Objects.requireNonNull(canonical, "canonical");
      spellings = List.copyOf(spellings);
    }

    /** Whether the status is spelled in more than one way. */
    public boolean inconsistent() {
      return spellings.size() > 1;
    }
  }
}
