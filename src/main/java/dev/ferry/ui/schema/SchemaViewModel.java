package dev.ferry.ui.schema;

import dev.ferry.app.FerrySession;
import dev.ferry.app.SchemaBrowser;
import dev.ferry.app.SourceCatalog;
import dev.ferry.app.SourceCatalog.Column;
import dev.ferry.app.SourceCatalog.Index;
import dev.ferry.app.SourceCatalog.Relation;
import dev.ferry.app.SourceCatalog.Sample;
import dev.ferry.source.SourceSchema;
import dev.ferry.ui.common.Counts;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.Workspace;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Schema screen: the source catalog (schemas → relations → columns,
 * indexes, row estimates), the first rows of the selected relation, and the roles Ferry gives to
 * four of the tables with any expected column it could not find.
 *
 * <p>Contract: reads through {@link SchemaBrowser} (read-only) in the background; a newer
 * selection's rows replace an older one's even if the older answer arrives later.
 */
public final class SchemaViewModel {
  /**
   * One column, formatted for the table.
   *
   * @param name column name
   * @param type declared type
   * @param nullable "yes" or "no"
   * @param keys "PK", "FK → table.column" or both
   * @param defaultValue the default expression, or ""
   */
  public record ColumnRow(
      String name, String type, String nullable, String keys, String defaultValue) {}

  private final Workspace workspace;
  private final ObjectProperty<SourceCatalog> snapshot =
      new SimpleObjectProperty<>(this, "snapshot");
  private final ObjectProperty<Relation> selected = new SimpleObjectProperty<>(this, "selected");
  private final ObservableList<ColumnRow> columns = FXCollections.observableArrayList();
  private final ObservableList<Index> indexes = FXCollections.observableArrayList();
  private final ObjectProperty<Sample> sample = new SimpleObjectProperty<>(this, "sample");
  private final StringProperty relationTitle = new SimpleStringProperty(this, "relationTitle", "");
  private final StringProperty relationInfo = new SimpleStringProperty(this, "relationInfo", "");
  private final StringProperty roles = new SimpleStringProperty(this, "roles", "");
  private final BooleanProperty rolesReady = new SimpleBooleanProperty(this, "rolesReady");
  private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
  private int sampleGeneration;
  private Runnable onAnalyze = () -> {};

  /** A view model over {@code workspace}'s session; reloads when the session changes. */
  public SchemaViewModel(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    workspace.sessionProperty().addListener((obs, old, session) -> refresh());
  }

  /** Reads the catalog in the background. */
  public void refresh() {
    FerrySession session = workspace.session();
    selected.set(null);
    columns.clear();
    indexes.clear();
    sample.set(null);
    relationTitle.set("");
    relationInfo.set("");
    if (session == null) {
      snapshot.set(null);
      roles.set("Connect to browse the source schema.");
      return;
    }
    loading.set(true);
    SchemaBrowser browser = new SchemaBrowser(session);
    workspace
        .ui()
        .submit(
            browser::read,
            read -> {
              loading.set(false);
              snapshot.set(read);
              roles.set(rolesText(read));
              rolesReady.set(read.ready());
            },
            error -> {
              loading.set(false);
              workspace.reportError(ErrorInfo.of("Schema", error));
            });
  }

  /** Opens the Analysis screen and analyzes the source (the shell decides how). */
  public void analyze() {
    onAnalyze.run();
  }

  /** Sets what {@link #analyze()} does; the shell switches to the Analysis screen and starts it. */
  public void setOnAnalyze(Runnable action) {
    this.onAnalyze = Objects.requireNonNull(action, "action");
  }

  /** Selects {@code relation}: shows its columns and indexes and loads its first rows. */
  public void select(Relation relation) {
    selected.set(relation);
    sample.set(null);
    if (relation == null) {
      columns.clear();
      indexes.clear();
      relationTitle.set("");
      relationInfo.set("");
      return;
    }
    columns.setAll(relation.columns().stream().map(SchemaViewModel::row).toList());
    indexes.setAll(relation.indexes());
    relationTitle.set(relation.ref().schema() + "." + relation.name());
    relationInfo.set(info(relation));
    FerrySession session = workspace.session();
    if (session == null || !relation.selectable()) {
      return;
    }
    int generation = ++sampleGeneration;
    SchemaBrowser browser = new SchemaBrowser(session);
    workspace
        .ui()
        .submit(
            () -> browser.firstRows(relation.ref(), SchemaBrowser.MAX_ROWS),
            rows -> {
              if (generation == sampleGeneration) {
                sample.set(rows);
              }
            },
            error ->
                workspace.reportError(ErrorInfo.of("First rows of " + relation.name(), error)));
  }

  /** The role {@code relation} plays for Ferry ("orders", ...), if any. */
  public Optional<String> roleOf(Relation relation) {
    SourceCatalog current = snapshot.get();
    if (current == null) {
      return Optional.empty();
    }
    return current.roleOf(relation.ref()).map(SchemaViewModel::roleName);
  }

  static String roleName(SourceSchema.Table table) {
    return table.name().toLowerCase(Locale.ROOT);
  }

  static ColumnRow row(Column c) {
    StringBuilder keys = new StringBuilder();
    if (c.primaryKey()) {
      keys.append("PK");
    }
    for (SourceCatalog.Reference r : c.references()) {
      if (keys.length() > 0) {
        keys.append(", ");
      }
      keys.append("FK → ").append(r.table()).append('.').append(r.column());
    }
    return new ColumnRow(
        c.name(),
        c.type(),
        c.nullable() ? "yes" : "no",
        keys.toString(),
        c.defaultValue().orElse(""));
  }

  private String info(Relation r) {
    String role = roleOf(r).map(name -> " · Ferry reads it as " + name).orElse("");
    return r.kind()
        + " · ~"
        + r.rowEstimate()
        // The estimate is the planner's text ("unknown" when it has none): plural unless "1".
        + (r.rowEstimate().equals("1") ? " row" : " rows")
        + " · "
        + Counts.of(r.columns().size(), "column")
        + " · "
        + Counts.of(r.indexes().size(), "index", "indexes")
        + role
        + (r.selectable() ? "" : " · no SELECT privilege");
  }

  static String rolesText(SourceCatalog s) {
    String found =
        s.roles().entrySet().stream()
            .map(
                e ->
                    roleName(e.getKey())
                        + " = "
                        + e.getValue().schema()
                        + "."
                        + e.getValue().name())
            .collect(Collectors.joining(", "));
    String head =
        "PostgreSQL "
            + s.serverVersion()
            + ", database "
            + s.database()
            + " as "
            + s.user()
            + ". Ferry's tables: "
            + (found.isEmpty() ? "none found" : found)
            + ".";
    if (s.ready()) {
      return head + " Every expected column was found.";
    }
    return head + missingList(s.missing());
  }

  /**
   * What stops Ferry, one problem per line: the resolver's problems are clauses that hold
   * semicolons of their own, so run together in one line they read as one long sentence.
   */
  static String missingList(List<String> missing) {
    StringBuilder text = new StringBuilder("\nMissing:");
    for (String problem : missing) {
      String clause = problem.strip();
      while (clause.endsWith(".")) {
        clause = clause.substring(0, clause.length() - 1);
      }
      text.append("\n• ").append(clause).append('.');
    }
    return text.toString();
  }

  /** The catalog read last. */
  public ObjectProperty<SourceCatalog> snapshotProperty() {
    return snapshot;
  }

  /** The selected relation. */
  public ObjectProperty<Relation> selectedProperty() {
    return selected;
  }

  /** The selected relation's columns. */
  public ObservableList<ColumnRow> columns() {
    return columns;
  }

  /** The selected relation's indexes. */
  public ObservableList<Index> indexes() {
    return indexes;
  }

  /** The selected relation's first rows, once loaded. */
  public ObjectProperty<Sample> sampleProperty() {
    return sample;
  }

  /** schema.relation of the selection. */
  public StringProperty relationTitleProperty() {
    return relationTitle;
  }

  /** Kind, row estimate, role of the selection. */
  public StringProperty relationInfoProperty() {
    return relationInfo;
  }

  /** Ferry's roles and what is missing. */
  public StringProperty rolesProperty() {
    return roles;
  }

  /** Whether Ferry can read the source. */
  public BooleanProperty rolesReadyProperty() {
    return rolesReady;
  }

  /** True while the catalog loads. */
  public BooleanProperty loadingProperty() {
    return loading;
  }
}
