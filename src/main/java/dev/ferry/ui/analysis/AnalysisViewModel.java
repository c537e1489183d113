package dev.ferry.ui.analysis;

import dev.ferry.analysis.AnalysisOptions;
import dev.ferry.analysis.ReportWriter;
import dev.ferry.analysis.SourceAnalysis;
import dev.ferry.analysis.SourceAnalysis.Anomalies;
import dev.ferry.analysis.SourceAnalysis.ClientStats;
import dev.ferry.analysis.SourceAnalysis.ColumnProfile;
import dev.ferry.analysis.SourceAnalysis.TableProfile;
import dev.ferry.app.FerrySession;
import dev.ferry.app.SourceInspection;
import dev.ferry.source.PostgresSettings;
import dev.ferry.ui.common.Counts;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.FileNames;
import dev.ferry.ui.common.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Analysis screen: analyzes the connected source ({@link
 * SourceInspection#analyze}) and shows the per-client report, the profiles of Ferry's tables and
 * the rules detected from the data, exports the report, and feeds the {@link MappingEditorViewModel
 * mapping editor}.
 *
 * <p>Contract: the analysis reads the source read-only in the background, through the session's
 * source settings (which point through the SSH tunnel while the session is open); {@link #cancel()}
 * returns at once and the running analysis' result is then discarded — the analysis has no
 * cancellation hook, so its read-only queries finish in the background, each bounded by the
 * analysis' statement timeout. A newer analysis supersedes an older one. Exports write files in the
 * background. Properties are read and written on the UI thread only.
 */
public final class AnalysisViewModel {
  /** The report formats. */
  public enum Format {
    MARKDOWN("Markdown", "md", ReportWriter::markdown),
    HTML("HTML", "html", ReportWriter::html),
    JSON("JSON", "json", ReportWriter::json);

    private final String label;
    private final String extension;
    private final Function<SourceAnalysis, String> writer;

    Format(String label, String extension, Function<SourceAnalysis, String> writer) {
      this.label = label;
      this.extension = extension;
      this.writer = writer;
    }

    /** The name shown to the user. */
    public String label() {
      return label;
    }

    /** The file name extension, without the dot. */
    public String extension() {
      return extension;
    }

    /** The report in this format. */
    public String render(SourceAnalysis analysis) {
      return writer.apply(analysis);
    }
  }

  /**
   * One client's line of the report, formatted for the table.
   *
   * @param client the client's name; its uid when it has none, marked when no client row exists
   * @param orders orders read
   * @param rejected orders Ferry would reject
   * @param items item lines
   * @param totalValue sum of the accepted orders' totals
   * @param promotion the stored value and how Ferry understood it
   * @param promotionDetail how the value is spelled and the zone its days are taken in
   * @param promotionOk whether the value is a weekday or a date (false: flag it)
   * @param nearMidnight orders near midnight, and how many of them are zone-sensitive
   * @param anomalies the anomaly count and what they are
   * @param uid the client uid alone (for overrides)
   */
  public record ClientRow(
      String client,
      long orders,
      long rejected,
      long items,
      String totalValue,
      String promotion,
      String promotionDetail,
      boolean promotionOk,
      String nearMidnight,
      String anomalies,
      String uid) {}

  /**
   * One column's profile, formatted for the table.
   *
   * @param column the column name
   * @param type its declared type
   * @param field the Ferry field it holds, or ""
   * @param nullShare NULL count and share
   * @param distinct distinct values
   * @param min the smallest value, or ""
   * @param max the largest value, or ""
   * @param top the most frequent values with their counts
   * @param format what the values look like
   */
  public record ProfileRow(
      String column,
      String type,
      String field,
      String nullShare,
      String distinct,
      String min,
      String max,
      String top,
      String format) {}

  private final Workspace workspace;
  private final MappingEditorViewModel editor;
  private final ObjectProperty<SourceAnalysis> analysis =
      new SimpleObjectProperty<>(this, "analysis");
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
  private final BooleanProperty hasReport = new SimpleBooleanProperty(this, "hasReport");
  private final StringProperty message =
      new SimpleStringProperty(this, "message", "Connect, then analyze the source.");
  private final StringProperty summary = new SimpleStringProperty(this, "summary", "");
  private final StringProperty coverage = new SimpleStringProperty(this, "coverage", "");
  private final StringProperty rules = new SimpleStringProperty(this, "rules", "");
  private final ObservableList<ClientRow> clients = FXCollections.observableArrayList();
  private final ObservableList<String> profileTables = FXCollections.observableArrayList();
  private final StringProperty profileTable = new SimpleStringProperty(this, "profileTable");
  private final StringProperty profileSummary = new SimpleStringProperty(this, "profileSummary");
  private final ObservableList<ProfileRow> profileColumns = FXCollections.observableArrayList();
  private AnalysisOptions options = AnalysisOptions.defaults();
  private int generation;

  /** A view model over {@code workspace}'s session; the mapping editor follows its analyses. */
  public AnalysisViewModel(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    this.editor = new MappingEditorViewModel(workspace);
    analysis.addListener((obs, old, found) -> show(found));
    // The report was made before the mapping was applied: its banners (choices needed, failed
    // checks) would describe the old mapping, so it is made again with the applied one.
    editor.setOnApplied(() -> analyze(false));
    profileTable.addListener((obs, old, table) -> showProfile(table));
    workspace
        .sessionProperty()
        .addListener(
            (obs, old, session) -> {
              // The editor reopening the session with its own settings keeps the report on screen
              // (it describes the same database). Reconnecting to the same database keeps the
              // report and the editor's mapping (applied again if it was); another database makes
              // them stale.
              if (editor.applyingProperty().get()) {
                return;
              }
              cancelSilently();
              if (editor.sessionReplaced(Optional.ofNullable(session))) {
                message.set(
                    session == null
                        ? "Disconnected; the report and the mapping are kept."
                        : "Reconnected to the same database; the report and the mapping are kept.");
                return;
              }
              analysis.set(null);
              message.set(
                  session == null
                      ? "Connect, then analyze the source."
                      : "Connected. Analyze the source to see its report.");
            });
  }

  /** Replaces the analysis bounds (tests keep them small). */
  public void setOptions(AnalysisOptions newOptions) {
    this.options = Objects.requireNonNull(newOptions, "newOptions");
  }

  /** Analyzes the connected source in the background and fills the mapping editor from it. */
  public void analyze() {
    analyze(true);
  }

  /**
   * Analyzes the connected source; with {@code loadEditor} false the mapping editor keeps what the
   * analyst edited (the refresh after applying it).
   */
  private void analyze(boolean loadEditor) {
    FerrySession session = workspace.session();
    if (session == null) {
      message.set("Connect first (Connections screen, or start the demo).");
      return;
    }
    int current = ++generation;
    // The analysis reads through the session (its tunnel while it is open), with the schema, role
    // mapping and rules the session runs with.
    PostgresSettings source = session.job().source();
    // Settings the user applied from the editor are kept as given; otherwise Ferry may look in
    // other schemas and judge tax rates in the format the data implies, as `inspect` does.
    boolean detect = source.roles().isEmpty();
    AnalysisOptions bounded = options.withDetectSchema(detect).withDetectTaxRate(detect);
    running.set(true);
    message.set(
        loadEditor
            ? "Analyzing " + source.database() + " (read-only)…"
            : "Mapping applied; analyzing " + source.database() + " again with it (read-only)…");
    if (!loadEditor) {
      summary.set("Refreshing the report with the applied mapping…");
    }
    workspace
        .ui()
        .submit(
            () -> SourceInspection.analyze(session, bounded),
            found -> {
              if (current != generation) {
                return;
              }
              running.set(false);
              analysis.set(found);
              // After applying, the editor keeps what the analyst edited.
              if (loadEditor) {
                editor.load(found, session.job());
              }
              message.set(
                  found.needsChoices()
                      ? "Analyzed "
                          + found.database()
                          + ": Ferry needs your choices; the mapping editor lists the candidates."
                      : "Analyzed " + found.database() + ".");
            },
            error -> {
              if (current != generation) {
                return;
              }
              running.set(false);
              message.set("The analysis failed.");
              workspace.reportError(ErrorInfo.of("Analysis", error));
            });
  }

  /** Stops waiting for the running analysis; its result will be discarded. */
  public void cancel() {
    if (running.get()) {
      cancelSilently();
      message.set("Cancelled. The queries already sent finish in the background, read-only.");
    }
  }

  private void cancelSilently() {
    generation++;
    running.set(false);
  }

  /** Writes the report in {@code format} to {@code file}, in the background. */
  public void export(Format format, Path file) {
    SourceAnalysis current = analysis.get();
    if (current == null) {
      message.set("Analyze first; there is no report to export yet.");
      return;
    }
    Objects.requireNonNull(file, "file");
    workspace
        .ui()
        .submit(
            () -> {
              Files.writeString(file, format.render(current), StandardCharsets.UTF_8);
              return file;
            },
            written -> message.set("Wrote the " + format.label() + " report to " + written + "."),
            error -> workspace.reportError(ErrorInfo.of("Export the report", error)));
  }

  /** A file name for an export of the current analysis, e.g. {@code ferry-shop-analysis.md}. */
  public String suggestedName(Format format) {
    SourceAnalysis current = analysis.get();
    return FileNames.analysis(current == null ? "" : current.database(), format.extension());
  }

  private void show(SourceAnalysis found) {
    hasReport.set(found != null);
    clients.clear();
    profileTables.clear();
    profileColumns.clear();
    profileTable.set(null);
    if (found == null) {
      summary.set("");
      coverage.set("");
      rules.set("");
      editor.clear();
      return;
    }
    summary.set(summaryText(found));
    found
        .clients()
        .ifPresentOrElse(
            report -> {
              coverage.set(
                  "Clients: "
                      + report.clients().size()
                      + " · "
                      + report.coverage()
                      + (report.sampled() ? " (sampled)" : "")
                      + " · "
                      + report.rules().replace("zone Z,", "zone UTC,"));
              clients.setAll(report.clients().stream().map(AnalysisViewModel::row).toList());
            },
            () -> coverage.set("No client report: Ferry cannot read the source as configured."));
    for (TableProfile p : found.profiles()) {
      profileTables.add(p.role());
    }
    if (!profileTables.isEmpty()) {
      profileTable.set(profileTables.contains("orders") ? "orders" : profileTables.get(0));
    }
    rules.set(rulesText(found));
  }

  private void showProfile(String role) {
    SourceAnalysis current = analysis.get();
    profileColumns.clear();
    profileSummary.set("");
    if (current == null || role == null) {
      return;
    }
    current.profiles().stream()
        .filter(p -> p.role().equals(role))
        .findFirst()
        .ifPresent(
            p -> {
              profileSummary.set(profileSummaryText(p));
              profileColumns.setAll(p.columns().stream().map(AnalysisViewModel::row).toList());
            });
  }

  static String summaryText(SourceAnalysis a) {
    String head =
        "Database "
            + a.database()
            + " as "
            + a.user()
            + " · PostgreSQL "
            + a.serverVersion()
            + " · server time zone "
            + a.serverTimeZone()
            + " · "
            + Counts.of(a.relations().size(), "relation")
            + " · schema "
            + a.roles().schema()
            + " ("
            + a.roles().schemaEvidence()
            + ")";
    if (a.roles().ready() && a.questions().isEmpty()) {
      return head + " · Ferry can read it.";
    }
    long open =
        a.roles().rankings().stream().filter(SourceAnalysis.RoleRanking::needsChoice).count()
            + a.questions().size();
    return head
        + " · Ferry needs "
        + open
        + (open == 1 ? " choice" : " choices")
        + " from you (see the mapping editor): "
        + String.join(" ", a.roles().problems())
        + a.questions().stream().map(q -> " " + q.question()).reduce("", String::concat);
  }

  static ClientRow row(ClientStats s) {
    String promotion =
        s.promotion()
            .map(
                p ->
                    (p.stored().isEmpty() ? "(none)" : "'" + p.stored() + "'")
                        + p.override().map(o -> " → override '" + o + "'").orElse("")
                        + ": "
                        + p.understood())
            .orElse("");
    String detail =
        s.promotion().map(p -> p.spelling() + ", days taken in " + zoneName(p.zone())).orElse("");
    boolean ok = s.promotion().map(p -> p.ok()).orElse(true);
    String near =
        s.nearMidnight() == 0
            ? "0"
            : s.nearMidnight() + " (" + s.zoneSensitive() + " zone-sensitive)";
    return new ClientRow(
        // The uid stays out of the cell (36 characters that pushed the name out of sight); the
        // view shows it in the cell's tooltip.
        s.name().orElse(s.exists() ? s.uid() : "(no client row) " + s.uid()),
        s.orders(),
        s.rejected(),
        s.items(),
        s.totalValue().toPlainString(),
        (ok ? "" : "⚠ ") + promotion,
        detail,
        ok,
        near,
        anomaliesText(s.anomalies()),
        s.uid());
  }

  /** "UTC" for the offset id "Z" that the default settings carry; other ids as they are. */
  static String zoneName(String zone) {
    return "Z".equals(zone) ? "UTC" : zone;
  }

  static String anomaliesText(Anomalies a) {
    if (a.total() == 0) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    add(parts, a.unknownClient(), "unknown client");
    add(parts, a.missingDates(), "no date");
    add(parts, a.unknownProducts(), "unknown product");
    add(parts, a.badQuantities(), "bad quantity");
    add(parts, a.missingPrices(), "no price/tax");
    add(parts, a.negativePrices(), "negative price/tax");
    add(parts, a.missingCoordinates(), "no coordinates");
    add(parts, a.badCoordinates(), "bad coordinates");
    add(parts, a.coordinatesOutOfRange(), "coordinates out of range");
    add(parts, a.statusVariants(), "status spelling");
    return a.total() + ": " + String.join(", ", parts);
  }

  private static void add(List<String> parts, long count, String what) {
    if (count > 0) {
      parts.add(count + " " + what);
    }
  }

  static ProfileRow row(ColumnProfile c) {
    return new ProfileRow(
        c.name(),
        c.type(),
        c.field().orElse(""),
        c.nulls() + String.format(Locale.ROOT, " (%.1f %%)", c.nullShare() * 100),
        Long.toString(c.distinct()),
        c.min().orElse(""),
        c.max().orElse(""),
        c.top().stream().map(v -> v.value() + " ×" + v.count()).collect(Collectors.joining(", ")),
        c.format());
  }

  static String profileSummaryText(TableProfile p) {
    return p.relation()
        + " · "
        + p.rowCount().stream()
            .mapToObj(n -> Counts.of(n, "row"))
            .findFirst()
            .orElse("rows not counted")
        + " · "
        + Counts.of(p.rowsProfiled(), "row")
        + " profiled"
        + (p.sampled() ? " — SAMPLED: " : " — ")
        + p.sampling();
  }

  static String rulesText(SourceAnalysis a) {
    StringBuilder text = new StringBuilder();
    text.append("Tax rates: ")
        .append(a.rules().taxRate().map(t -> t.label()).orElse("not decided"))
        .append(" — ")
        .append(a.rules().taxEvidence())
        .append('\n');
    if (!a.rules().timestamps().isEmpty()) {
      text.append("Order dates: ").append(a.rules().timestamps()).append('\n');
    }
    if (!a.rules().promotionSpellings().isEmpty()) {
      text.append("Promotion values: ").append(a.rules().promotionSpellings()).append('\n');
    }
    for (SourceAnalysis.Join join : a.joins()) {
      text.append("Join ")
          .append(join.from())
          .append(" → ")
          .append(join.to())
          .append(
              join.declared()
                  ? " (foreign key)"
                  : " (no foreign key: dangling references possible)")
          .append('\n');
    }
    a.clients()
        .ifPresent(
            report -> {
              for (SourceAnalysis.StatusSpelling s : report.statuses()) {
                if (s.inconsistent()) {
                  text.append("Status '")
                      .append(s.canonical())
                      .append("' is spelled ")
                      .append(
                          s.spellings().stream()
                              .map(v -> "'" + v.value() + "' (" + v.count() + ")")
                              .collect(Collectors.joining(", ")))
                      .append('\n');
                }
              }
            });
    for (SourceAnalysis.Question q : a.questions()) {
      text.append("Choose ").append(q.setting()).append(": ").append(q.question()).append('\n');
    }
    for (String problem : a.roles().problems()) {
      text.append("Problem: ").append(problem).append('\n');
    }
    for (SourceAnalysis.Check c : a.checks()) {
      text.append(c.verdict().equals("yes") ? "Check: " : "⚠ Check: ")
          .append(c.sentence())
          .append('\n');
    }
    return text.toString().strip();
  }

  // ---- properties ----------------------------------------------------------------------------

  /** The mapping editor fed by this screen's analyses. */
  public MappingEditorViewModel editor() {
    return editor;
  }

  /** The analysis shown, or null. */
  public ObjectProperty<SourceAnalysis> analysisProperty() {
    return analysis;
  }

  /** True while an analysis runs. */
  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** True when there is a report to show or export. */
  public BooleanProperty hasReportProperty() {
    return hasReport;
  }

  /** A line next to the buttons: what is happening, what was written. */
  public StringProperty messageProperty() {
    return message;
  }

  /** Database, server and whether Ferry can read it. */
  public StringProperty summaryProperty() {
    return summary;
  }

  /** What the client report covers. */
  public StringProperty coverageProperty() {
    return coverage;
  }

  /** The detected rules, one per line. */
  public StringProperty rulesProperty() {
    return rules;
  }

  /** The per-client report. */
  public ObservableList<ClientRow> clients() {
    return clients;
  }

  /** The roles whose tables were profiled. */
  public ObservableList<String> profileTables() {
    return profileTables;
  }

  /** The role whose table profile is shown. */
  public StringProperty profileTableProperty() {
    return profileTable;
  }

  /** Relation, row count and how the shown profile's rows were chosen ("sampled" noted). */
  public StringProperty profileSummaryProperty() {
    return profileSummary;
  }

  /** The shown table's column profiles. */
  public ObservableList<ProfileRow> profileColumns() {
    return profileColumns;
  }
}
