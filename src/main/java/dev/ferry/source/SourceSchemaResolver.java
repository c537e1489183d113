package dev.ferry.source;

import dev.ferry.source.RoleDetection.Candidate;
import dev.ferry.source.RoleDetection.Ranking;
import dev.ferry.source.SourceFacts.ColumnFacts;
import dev.ferry.source.SourceFacts.RelationFacts;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds Ferry's tables and columns in a source database by reading the catalog and, when the
 * catalog is not enough, a bounded sample of the data.
 *
 * <p>Contract: {@link #resolve} runs read-only queries on the given connection (inside the caller's
 * transaction) and returns a {@link SourceSchema}, or throws a {@link SourceSchemaException}
 * naming, in one sentence, everything that is missing, ambiguous, unreadable or of an unusable
 * type, together with what was found and the ranked candidates. A {@link RoleMapping} names tables
 * and columns outright; everything it leaves out is detected by {@link RoleDetector} from evidence
 * — names in English, Spanish and Portuguese, declared keys, types and, when those leave a role
 * open, the values of the candidate tables ({@link SourceFactsReader}: sampled, each query under a
 * timeout and a savepoint). A role is taken only when the evidence is clear; otherwise the message
 * lists the candidates, and {@link #outcome} returns them to a caller that asks the analyst instead
 * of failing. The configured schema is the one read, unless {@link #searchingOtherSchemas()} allows
 * the others (the configured one is still searched first and wins ties). Names are matched exactly
 * first and, failing that, ignoring case when that is unambiguous. Tables may be ordinary,
 * partitioned or foreign tables, views or materialized views (partitions themselves are not
 * candidates). Types are read from {@code pg_catalog} rather than assumed, and domains count as
 * their base type.
 */
public final class SourceSchemaResolver {

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
  private final RoleMapping mapping;
  private final boolean otherSchemas;

  /**
   * A resolver for the schema named {@code schemaName} (exact case, or unambiguous ignoring it).
   */
  public SourceSchemaResolver(String schemaName) {
    this(schemaName, RoleMapping.DETECT);
  }

  /** A resolver that takes the tables and columns {@code mapping} names, detecting the rest. */
  public SourceSchemaResolver(String schemaName, RoleMapping mapping) {
    this(schemaName, mapping, false);
  }

  private SourceSchemaResolver(String schemaName, RoleMapping mapping, boolean otherSchemas) {
    this.schemaName = Objects.requireNonNull(schemaName, "schemaName");
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.otherSchemas = otherSchemas;
  }

  /** A resolver that may also find Ferry's tables in other schemas (the configured one first). */
  public SourceSchemaResolver searchingOtherSchemas() {
    return new SourceSchemaResolver(schemaName, mapping, true);
  }

  /**
   * How each table and column was found.
   *
   * @param schema the resolved schema
   * @param tableEvidence per role, e.g. {@code "mapped"} or the detector's evidence with its
   *     confidence
   * @param fieldEvidence per resolved field, likewise
   * @param detection the full ranking, with the runners-up
   */
  public record Resolution(
      SourceSchema schema,
      Map<Table, String> tableEvidence,
      Map<Field, String> fieldEvidence,
      RoleDetection detection) {
    public Resolution {
      Objects.requireNonNull(schema, "schema");
      tableEvidence = Map.copyOf(tableEvidence);
      fieldEvidence = Map.copyOf(fieldEvidence);
      Objects.requireNonNull(detection, "detection");
    }
  }

  /**
   * What resolving found, whether or not Ferry can read the source.
   *
   * @param detection every role's ranking (empty candidates when there is nothing to rank)
   * @param resolution the resolved schema, present exactly when {@code problems} is empty
   * @param problems what stops Ferry, one sentence each
   * @param message the whole verdict in one sentence ("" when resolved), as {@link #resolve} throws
   *     it
   */
  public record Outcome(
      RoleDetection detection,
      Optional<Resolution> resolution,
      List<String> problems,
      String message) {
    public Outcome {
      Objects.requireNonNull(detection, "detection");
      Objects.requireNonNull(resolution, "resolution");
      problems = List.copyOf(problems);
      Objects.requireNonNull(message, "message");
      if (resolution.isPresent() != problems.isEmpty()) {
        throw new IllegalArgumentException("resolution must be present exactly without problems");
      }
    }
  }

  /** Reads the catalog on {@code connection} and resolves every table and field. */
  public SourceSchema resolve(Connection connection) throws SQLException {
    return explain(connection).schema();
  }

  /** {@link #resolve}, also saying how each table and column was found. */
  public Resolution explain(Connection connection) throws SQLException {
    Outcome outcome = outcome(connection);
    if (outcome.resolution().isEmpty()) {
      throw new SourceSchemaException(outcome.message());
    }
    return outcome.resolution().get();
  }

  /**
   * Resolves what can be resolved and says what cannot, without throwing for a source Ferry cannot
   * read (only for a failed query).
   */
  public Outcome outcome(Connection connection) throws SQLException {
    List<String> schemas = schemaNames(connection);
    Optional<String> configured = RoleDetector.sameName(schemaName, schemas);
    if (configured.isEmpty() && !otherSchemas) {
      String message =
          "Schema \""
              + schemaName
              + "\" does not exist or is not visible to this user (schemas found: "
              + String.join(", ", schemas)
              + "); check the schema setting.";
      return failed(message);
    }
    SourceFactsReader reader = new SourceFactsReader(connection);
    SourceFacts facts = reader.catalog(otherSchemas ? Optional.empty() : configured);
    String wanted = configured.orElse(schemaName);
    if (facts.relations().isEmpty()
        || (!otherSchemas && facts.relations(configured.get()).isEmpty())) {
      return failed(
          "Schema \""
              + wanted
              + "\" has no tables or views that this user can see (schemas found: "
              + String.join(", ", schemas)
              + "); check the schema setting.");
    }
    RoleDetection detection = RoleDetector.detect(facts, wanted, mapping, otherSchemas);
    if (!detection.complete()) {
      // The catalog leaves roles open: look at the values of the candidates, and try again.
      facts = reader.profile(facts, RoleDetector.profileRequest(facts, detection));
      detection = RoleDetector.detect(facts, wanted, mapping, otherSchemas);
    }
    LOG.debug("detected {}", detection.summary());
    return judge(facts, detection);
  }

  private Outcome failed(String message) {
    RoleDetection empty =
        RoleDetector.detect(
            new SourceFacts(List.of(), List.of()), schemaName, RoleMapping.DETECT, false);
    return new Outcome(empty, Optional.empty(), List.of(message), message);
  }

  /** The resolved schema when every role is chosen and readable; else every problem. */
  private Outcome judge(SourceFacts facts, RoleDetection detection) {
    String schema = detection.schema();
    List<RelationFacts> relations = facts.relations(schema);
    String found = String.join(", ", relations.stream().map(RelationFacts::name).sorted().toList());
    List<String> problems = new ArrayList<>();
    EnumMap<Table, ResolvedTable> tables = new EnumMap<>(Table.class);
    EnumMap<Table, String> tableEvidence = new EnumMap<>(Table.class);
    for (Table table : Table.values()) {
      Ranking ranking = detection.tables().get(table);
      if (ranking.chosen().isEmpty()) {
        problems.add(tableProblem(table, ranking, found));
        continue;
      }
      RelationFacts r = facts.relation(schema, ranking.chosen().get()).orElseThrow();
      tables.put(
          table,
          new ResolvedTable(r.name(), r.columns().stream().map(ColumnFacts::column).toList()));
      tableEvidence.put(table, ranking.evidence());
    }

    EnumMap<Field, Column> fields = new EnumMap<>(Field.class);
    EnumMap<Field, String> fieldEvidence = new EnumMap<>(Field.class);
    Map<String, List<String>> unreadable = new LinkedHashMap<>();
    for (Field field : Field.values()) {
      ResolvedTable table = tables.get(field.table());
      if (table == null) {
        continue; // the missing table is already reported
      }
      RelationFacts r = facts.relation(schema, table.name()).orElseThrow();
      Ranking ranking = detection.fields().get(field);
      if (ranking.chosen().isEmpty()) {
        if (field.required()) {
          problems.add(fieldProblem(field, ranking, r));
        }
        continue;
      }
      ColumnFacts column = r.column(ranking.chosen().get()).orElseThrow();
      typeProblem(field, column.column())
          .ifPresent(p -> problems.add(r.name() + "." + column.name() + " " + p));
      if (!column.readable()) {
        unreadable.computeIfAbsent(r.name(), t -> new ArrayList<>()).add(column.name());
      }
      fields.put(field, column.column());
      fieldEvidence.put(field, ranking.evidence());
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
      String message =
          "Schema \"" + schema + "\" cannot be read: " + String.join("; ", problems) + ".";
      return new Outcome(detection, Optional.empty(), problems, message);
    }
    Resolution resolution =
        new Resolution(
            new SourceSchema(schema, tables, fields), tableEvidence, fieldEvidence, detection);
    return new Outcome(detection, Optional.of(resolution), List.of(), "");
  }

  private static String tableProblem(Table table, Ranking ranking, String found) {
    if (ranking.mapped()) {
      return ranking.note();
    }
    List<Candidate> candidates =
        ranking.candidates().stream().filter(c -> c.confidence() > 0.05).limit(3).toList();
    if (candidates.isEmpty() || ranking.note().startsWith("no relation")) {
      return "no table plays " + table.defaultName() + " (found: " + found + ")";
    }
    return "not sure which table is "
        + table.defaultName()
        + " (candidates: "
        + String.join(", ", candidates.stream().map(c -> c.name() + " " + c.percent()).toList())
        + "; found: "
        + found
        + "); map it in a job file (ferry inspect --write-job)";
  }

  private static String fieldProblem(Field field, Ranking ranking, RelationFacts r) {
    if (ranking.mapped()) {
      return ranking.note();
    }
    String has = String.join(", ", r.columns().stream().map(ColumnFacts::name).toList());
    List<Candidate> candidates =
        ranking.candidates().stream().filter(c -> c.confidence() > 0.05).limit(3).toList();
    String wrongType =
        ranking.note().contains("; ")
            ? ranking.note().substring(ranking.note().indexOf("; ") + 2)
            : "";
    if (candidates.isEmpty()) {
      // A column that is named as the field but has a type Ferry cannot read says it all.
      return wrongType.isEmpty()
          ? "table "
              + r.name()
              + " has no column for "
              + field.qualifiedKey()
              + " (it has: "
              + has
              + ")"
          : wrongType;
    }
    return "table "
        + r.name()
        + ": not sure which column is "
        + field.qualifiedKey()
        + " (candidates: "
        + String.join(", ", candidates.stream().map(c -> c.name() + " " + c.percent()).toList())
        + "; it has: "
        + has
        + "); map it in a job file (ferry inspect --write-job)"
        + (wrongType.isEmpty() ? "" : "; " + wrongType);
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

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SourceSchemaResolver.class);
}
