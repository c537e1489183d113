package dev.ferry.ui.analysis;

import dev.ferry.analysis.SourceAnalysis;
import dev.ferry.analysis.SourceAnalysis.Relation;
import dev.ferry.analysis.SourceAnalysis.RoleCandidate;
import dev.ferry.analysis.SourceAnalysis.RoleMatch;
import dev.ferry.analysis.SourceAnalysis.RoleRanking;
import dev.ferry.app.JobFile;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The role table of the mapping editor: the schema holding Ferry's tables and, for each role and
 * field, what Ferry found, the candidates it ranked and the analyst's pick.
 *
 * <p>Contract: after {@link #load} every role starts at what Ferry chose, each role Ferry could not
 * decide starts empty with its ranked candidates first among the choices. Changing the schema
 * offers its relations (and re-picks tables by name); changing a table offers its columns (and
 * re-picks its fields by name, as the resolver would); an open choice in the analysed schema is
 * left open. Every change of a pick calls the editor back ({@code onChange}).
 */
public final class RolesViewModel {
  private final Runnable onChange;
  private final ObservableList<RoleRow> rows = FXCollections.observableArrayList();
  private final ObservableList<String> schemas = FXCollections.observableArrayList();
  private final StringProperty schema = new SimpleStringProperty(this, "schema", "");
  private List<Relation> relations = List.of();
  private List<String> problems = List.of();
  private String analysedSchema = "";

  RolesViewModel(Runnable onChange) {
    this.onChange = Objects.requireNonNull(onChange, "onChange");
    schema.addListener((obs, old, name) -> schemaChanged());
  }

  /** Fills the table from {@code analysis}. */
  void load(SourceAnalysis analysis) {
    relations = analysis.relations();
    problems = analysis.roles().problems();
    schemas.setAll(
        new TreeSet<>(relations.stream().map(Relation::schema).toList()).stream().toList());
    rows.clear();
    Map<String, RoleMatch> found = new LinkedHashMap<>();
    analysis.roles().tables().forEach(m -> found.put(m.role(), m));
    analysis.roles().fields().forEach(m -> found.put(m.role(), m));
    for (Table table : Table.values()) {
      Optional<RoleRanking> ranking = analysis.roles().ranking(table.defaultName());
      boolean asked = ranking.map(RoleRanking::needsChoice).orElse(false);
      String detected =
          Optional.ofNullable(found.get(table.defaultName()))
              .map(RoleMatch::name)
              // A source Ferry cannot read still shows the roles whose table was found.
              .or(() -> asked ? Optional.empty() : roleRelation(analysis, table))
              .orElse("");
      String evidence =
          Optional.ofNullable(found.get(table.defaultName()))
              .map(RoleMatch::evidence)
              .orElse(detected.isEmpty() ? "" : "name");
      RoleRow tableRow =
          new RoleRow(
              table,
              Optional.empty(),
              detected,
              "",
              evidence,
              ranking.map(RoleRanking::candidates).orElse(List.of()),
              asked);
      rows.add(tableRow);
      tableRow.value().addListener((obs, old, name) -> tableChanged(tableRow));
      tableRow.value().addListener(o -> onChange.run());
      for (Field field : Field.values()) {
        if (field.table() != table) {
          continue;
        }
        Optional<RoleMatch> match = Optional.ofNullable(found.get(field.qualifiedKey()));
        Optional<RoleRanking> fieldRanking = analysis.roles().ranking(field.qualifiedKey());
        RoleRow fieldRow =
            new RoleRow(
                table,
                Optional.of(field),
                match.map(RoleMatch::name).orElse(""),
                match.map(RoleMatch::type).orElse(""),
                match.map(RoleMatch::evidence).orElse(""),
                fieldRanking.map(RoleRanking::candidates).orElse(List.of()),
                fieldRanking.map(RoleRanking::needsChoice).orElse(false) && !asked);
        fieldRow.value().addListener(o -> onChange.run());
        fieldRow.value().addListener(o -> showType(fieldRow));
        rows.add(fieldRow);
      }
    }
    analysedSchema = analysis.roles().schema();
    schema.set(analysis.roles().schema());
    schemaChanged();
    for (RoleRow row : rows) {
      if (row.isTable()) {
        tableChanged(row);
      }
    }
  }

  /** Empties the table. */
  void clear() {
    rows.clear();
    schemas.clear();
    relations = List.of();
    problems = List.of();
  }

  private static Optional<String> roleRelation(SourceAnalysis analysis, Table table) {
    return analysis.relations().stream()
        .filter(r -> r.role().filter(table.defaultName()::equals).isPresent())
        .map(Relation::name)
        .findFirst();
  }

  private void schemaChanged() {
    List<String> names =
        relations.stream()
            .filter(r -> r.schema().equals(schema.get()) && r.selectable())
            .map(Relation::name)
            .sorted()
            .toList();
    boolean analysed = analysedSchema.equals(schema.get());
    for (RoleRow row : rows) {
      if (row.isTable()) {
        row.choices().setAll(ranked(names, row.candidates(), analysed));
        if (!names.contains(row.value().get()) && !(analysed && row.needsChoice())) {
          row.match(pick(names, row.detected(), row.table().names()));
        }
      }
    }
    onChange.run();
  }

  /** The ranked candidates first (in the analysed schema), then the other names in order. */
  private static List<String> ranked(
      List<String> names, List<RoleCandidate> candidates, boolean useCandidates) {
    List<String> ordered = new ArrayList<>();
    if (useCandidates) {
      candidates.stream().map(RoleCandidate::name).filter(names::contains).forEach(ordered::add);
    }
    names.stream().filter(n -> !ordered.contains(n)).forEach(ordered::add);
    return ordered;
  }

  private void tableChanged(RoleRow tableRow) {
    List<String> columns =
        relations.stream()
            .filter(r -> r.schema().equals(schema.get()) && r.name().equals(tableRow.value().get()))
            .findFirst()
            .map(r -> r.columns().stream().map(SourceAnalysis.Column::name).toList())
            .orElse(List.of());
    boolean analysed =
        analysedSchema.equals(schema.get()) && tableRow.detected().equals(tableRow.value().get());
    for (RoleRow row : rows) {
      if (row.field().isPresent() && row.table() == tableRow.table()) {
        row.choices().setAll(ranked(columns, row.candidates(), analysed));
        if (!columns.contains(row.value().get()) && !(analysed && row.needsChoice())) {
          // A new table: take the column Ferry would find by name, as the resolver would.
          row.match(pick(columns, row.detected(), row.field().get().names()));
        }
        showType(row);
      }
    }
  }

  /** The picked column's declared type, from the catalog (the Type column follows every pick). */
  private void showType(RoleRow row) {
    String table =
        rows.stream()
            .filter(r -> r.isTable() && r.table() == row.table())
            .findFirst()
            .map(r -> r.value().get())
            .orElse("");
    String column = row.value().get() == null ? "" : row.value().get();
    row.showType(
        relations.stream()
            .filter(r -> r.schema().equals(schema.get()) && r.name().equals(table))
            .findFirst()
            .flatMap(r -> r.columns().stream().filter(c -> c.name().equals(column)).findFirst())
            .map(SourceAnalysis.Column::type)
            .orElse(column.equals(row.detected()) ? row.detectedType() : ""));
  }

  /** {@code preferred} if offered, else the first of {@code names} offered (ignoring case). */
  static String pick(List<String> offered, String preferred, List<String> names) {
    if (!preferred.isEmpty() && offered.contains(preferred)) {
      return preferred;
    }
    for (String name : names) {
      for (String candidate : offered) {
        if (candidate.equalsIgnoreCase(name)) {
          return candidate;
        }
      }
    }
    return "";
  }

  /** The keys of the required rows left open that Ferry asks the analyst to choose. */
  List<String> asked() {
    return rows.stream().filter(r -> r.unmapped() && r.needsChoice()).map(RoleRow::key).toList();
  }

  /** The keys of the required rows left open otherwise. */
  List<String> missing() {
    return rows.stream().filter(r -> r.unmapped() && !r.needsChoice()).map(RoleRow::key).toList();
  }

  /** What the resolver said stops Ferry, as the analysis listed it. */
  List<String> problems() {
    return problems;
  }

  /**
   * The picks as a job file's {@code source.roles} (values as picked; a choice still open as its
   * placeholder); empty when nothing is picked.
   */
  Map<String, Object> jobFileRoles() {
    Map<String, Object> roleMap = new LinkedHashMap<>();
    for (RoleRow row : rows) {
      String picked = row.value().get() == null ? "" : row.value().get().strip();
      if (picked.isEmpty() && row.needsChoice() && row.required()) {
        picked =
            new JobFile.Placeholder(
                    row.field().map(JobFile::key).orElseGet(() -> JobFile.key(row.table())),
                    row.candidates().stream().map(RoleCandidate::name).limit(5).toList())
                .text();
      }
      if (picked.isEmpty()) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> role =
          (Map<String, Object>)
              roleMap.computeIfAbsent(row.table().defaultName(), k -> new LinkedHashMap<>());
      if (row.field().isEmpty()) {
        role.put("table", picked);
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Object> columns =
            (Map<String, Object>) role.computeIfAbsent("columns", k -> new LinkedHashMap<>());
        columns.put(row.field().get().key(), picked);
      }
    }
    return roleMap;
  }

  /** Every role and field, each table followed by its fields. */
  public ObservableList<RoleRow> rows() {
    return rows;
  }

  /** The schemas of the catalog. */
  public ObservableList<String> schemas() {
    return schemas;
  }

  /** The schema holding Ferry's tables. */
  public StringProperty schemaProperty() {
    return schema;
  }
}
