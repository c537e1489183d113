package dev.ferry.ui.history;

import dev.ferry.app.FerrySession;
import dev.ferry.engine.RunRecord;
import dev.ferry.ui.common.Counts;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.Workspace;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
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
 * State and commands of the History screen: the previous runs from {@code ferry_runs}, newest
 * first, and the settings of the selected one.
 *
 * <p>Contract: {@link #refresh()} reads the run log in the background; the list is replaced as a
 * whole when the answer arrives. Without a session the list is empty.
 */
public final class HistoryViewModel {
  /** How many runs are listed. */
  public static final int LIMIT = 200;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  /**
   * One row of the table, formatted.
   *
   * @param record the run
   * @param started local start time
   * @param status the status label
   * @param duration how long it ran
   * @param target where it wrote, collection first (see {@link #target})
   */
  public record Row(
      RunRecord record, String started, String status, String duration, String target) {}

  private final Workspace workspace;
  private final ObservableList<Row> runs = FXCollections.observableArrayList();
  private final ObjectProperty<Row> selected = new SimpleObjectProperty<>(this, "selected");
  private final StringProperty details = new SimpleStringProperty(this, "details", "");
  private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
  private final StringProperty message = new SimpleStringProperty(this, "message", "");

  /** A view model over {@code workspace}'s session. */
  public HistoryViewModel(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    selected.addListener((obs, old, row) -> details.set(row == null ? "" : describe(row.record())));
    workspace.sessionProperty().addListener((obs, old, session) -> refresh());
  }

  /** Reloads the run history in the background. */
  public void refresh() {
    FerrySession session = workspace.session();
    if (session == null) {
      runs.clear();
      message.set("Connect to see the run history.");
      return;
    }
    loading.set(true);
    workspace
        .ui()
        .submit(
            // Runs that died without recording their end show as abandoned, not running.
            () -> session.recentRuns(LIMIT),
            records -> {
              loading.set(false);
              runs.setAll(records.stream().map(HistoryViewModel::row).toList());
              message.set(
                  records.isEmpty()
                      ? "No runs yet in " + session.job().target().describe() + "."
                      : Counts.of(records.size(), "run")
                          + " in "
                          + session.job().target().database()
                          + ".ferry_runs");
            },
            error -> {
              loading.set(false);
              workspace.reportError(ErrorInfo.of("History", error));
            });
  }

  static Row row(RunRecord r) {
    String duration =
        r.endedAt().isPresent()
            ? String.format("%.1f s", r.duration().toMillis() / 1000.0)
            : "running";
    return new Row(
        r,
        TIME.format(r.startedAt()),
        r.status().label(),
        duration,
        target(
            r.settings().getOrDefault("target", ""), "true".equals(r.settings().get("dry_run"))));
  }

  /**
   * A run's target as a table shows it, e.g. {@code orders in shop on db1:27017 (dry run)} for the
   * recorded {@code db1:27017/shop.orders}: the collection first, because runs of one history share
   * the database and usually the server, and the collection is what tells them apart; words between
   * the parts let a narrow column wrap there. A database name never holds a dot (MongoDB refuses
   * one), so the first dot after the slash ends it; a collection name may hold dots.
   */
  static String target(String recorded, boolean dryRun) {
    String suffix = dryRun ? " (dry run)" : "";
    int slash = recorded.indexOf('/');
    int dot = slash < 0 ? -1 : recorded.indexOf('.', slash);
    if (dot < 0) {
      return recorded + suffix;
    }
    return recorded.substring(dot + 1)
        + " in "
        + recorded.substring(slash + 1, dot)
        + " on "
        + recorded.substring(0, slash)
        + suffix;
  }

  static String describe(RunRecord r) {
    StringBuilder text = new StringBuilder();
    text.append("Run ").append(r.id()).append('\n');
    text.append("Status: ").append(r.status().label());
    r.failure().ifPresent(f -> text.append(" — ").append(f));
    text.append('\n');
    text.append(
        String.format(
            "Counts: %,d inserted, %,d updated, %,d unchanged, %,d rejected, %,d deleted, %,d"
                + " gone from the source but kept%n",
            r.counts().inserted(),
            r.counts().updated(),
            r.counts().unchanged(),
            r.counts().rejected(),
            r.counts().deleted(),
            r.counts().stale()));
    r.sync()
        .ifPresent(
            s -> {
              text.append("Compared: ")
                  .append(s.mode().label().replace('_', ' '))
                  .append(" — ")
                  .append(s.reason())
                  .append('\n');
              if (!s.goneFromSource().isEmpty()) {
                text.append("Gone from the source: ")
                    .append(
                        String.join(
                            ", ",
                            s.goneFromSource().subList(0, Math.min(20, s.goneFromSource().size()))))
                    .append(s.goneFromSource().size() > 20 ? ", …" : "")
                    .append('\n');
              }
            });
    text.append("Settings:\n");
    text.append(
        r.settings().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> "  " + e.getKey() + " = " + e.getValue())
            .collect(Collectors.joining("\n")));
    if (!r.promotionIssues().isEmpty()) {
      text.append("\nPromotion values not understood: ");
      text.append(
          r.promotionIssues().stream()
              .limit(20)
              .map(i -> i.clientUid() + " (\"" + i.value() + "\")")
              .collect(Collectors.joining(", ")));
    }
    return text.toString();
  }

  /** The runs, newest first. */
  public ObservableList<Row> runs() {
    return runs;
  }

  /** The selected run. */
  public ObjectProperty<Row> selectedProperty() {
    return selected;
  }

  /** The selected run's details and settings. */
  public StringProperty detailsProperty() {
    return details;
  }

  /** True while loading. */
  public BooleanProperty loadingProperty() {
    return loading;
  }

  /** A line above the table. */
  public StringProperty messageProperty() {
    return message;
  }
}
