package dev.ferry.ui.analysis;

import dev.ferry.ui.analysis.AnalysisViewModel.ClientRow;
import dev.ferry.ui.analysis.AnalysisViewModel.Format;
import dev.ferry.ui.analysis.AnalysisViewModel.ProfileRow;
import dev.ferry.ui.view.FileSaver;
import dev.ferry.ui.view.Fxml;
import dev.ferry.ui.view.TooltipCell;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;

/**
 * The Analysis screen: Analyze/Cancel with a progress indicator, the per-client report, the table
 * profiles, the detected rules, exports, and the {@link MappingEditorView mapping editor} in its
 * own tab, bound to {@link AnalysisViewModel}.
 *
 * <p>Contract: binding only; the save dialog only picks the file, the view model writes it in the
 * background. Clients whose promotion value Ferry does not understand are shown in the danger
 * colour.
 */
public final class AnalysisView {
  private final AnalysisViewModel model;
  private final MappingEditorView editor;
  private final Parent root;
  private FileSaver saver = FileSaver.dialog();

  @FXML private Button analyze;
  @FXML private Button cancel;
  @FXML private ProgressIndicator running;
  @FXML private Label message;
  @FXML private Button exportMarkdown;
  @FXML private Button exportHtml;
  @FXML private Button exportJson;
  @FXML private Label summary;
  @FXML private TabPane tabs;
  @FXML private Tab mappingTab;
  @FXML private Label coverage;
  @FXML private TableView<ClientRow> clients;
  @FXML private ComboBox<String> profileTable;
  @FXML private Label profileSummary;
  @FXML private TableView<ProfileRow> profile;
  @FXML private TextArea rules;

  /** Builds the screen over {@code model}. */
  public AnalysisView(AnalysisViewModel model) {
    this.model = model;
    this.editor = new MappingEditorView(model.editor());
    this.root = Fxml.load(this);
  }

  /** The screen's root node. */
  public Parent root() {
    return root;
  }

  /** The mapping editor shown in the last tab. */
  public MappingEditorView editor() {
    return editor;
  }

  /** Replaces how export and save files are chosen (tests answer without a native dialog). */
  public void setFileSaver(FileSaver fileSaver) {
    this.saver = Objects.requireNonNull(fileSaver, "fileSaver");
    editor.setFileSaver(fileSaver);
  }

  /** Shows the mapping editor's tab. */
  public void showMappingEditor() {
    tabs.getSelectionModel().select(mappingTab);
  }

  @FXML
  private void initialize() {
    analyze.setId("analysis-analyze");
    cancel.setId("analysis-cancel");
    analyze.disableProperty().bind(model.runningProperty());
    cancel.disableProperty().bind(model.runningProperty().not());
    running.visibleProperty().bind(model.runningProperty());
    message.textProperty().bind(model.messageProperty());
    message.setId("analysis-message");
    for (Button export : new Button[] {exportMarkdown, exportHtml, exportJson}) {
      export.disableProperty().bind(model.hasReportProperty().not());
    }
    analyze.setTooltip(
        new Tooltip(
            "Profiles the source read-only: roles, table profiles (sampled when large) and each"
                + " client's orders."));
    cancel.setTooltip(
        new Tooltip("Stops waiting; the read-only queries already sent finish in the background."));
    summary.textProperty().bind(model.summaryProperty());
    summary.visibleProperty().bind(model.hasReportProperty());
    summary.managedProperty().bind(model.hasReportProperty());
    summary.setId("analysis-summary");
    model
        .analysisProperty()
        .addListener(
            (obs, old, a) -> {
              summary.getStyleClass().remove("not-ready");
              if (a != null && !a.roles().ready()) {
                summary.getStyleClass().add("not-ready");
              }
            });
    coverage.textProperty().bind(model.coverageProperty());

    clients.setId("analysis-clients");
    clients.setItems(model.clients());
    // Widths that fit 1280×800 without a sideways scroll; a cell still too narrow for its text
    // shows it whole in its tooltip.
    clients
        .getColumns()
        .add(
            text(
                "Client",
                ClientRow::client,
                row ->
                    row.client().contains(row.uid())
                        ? row.client()
                        : row.client() + "\nuid " + row.uid(),
                200));
    clients.getColumns().add(number("Orders", ClientRow::orders, 70));
    clients.getColumns().add(number("Rejected", ClientRow::rejected, 82));
    clients.getColumns().add(number("Items", ClientRow::items, 62));
    TableColumn<ClientRow, String> total = text("Total value", ClientRow::totalValue, 105);
    total.getStyleClass().add("number");
    clients.getColumns().add(total);
    TableColumn<ClientRow, String> promotion =
        text(
            "Promotion day",
            ClientRow::promotion,
            row -> "Stored → understood: " + row.promotion() + "\n" + row.promotionDetail(),
            235);
    clients.getColumns().add(promotion);
    clients.getColumns().add(text("Near midnight", ClientRow::nearMidnight, 150));
    clients.getColumns().add(text("Anomalies", ClientRow::anomalies, 140));
    clients.setRowFactory(
        view ->
            new TableRow<>() {
              @Override
              protected void updateItem(ClientRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("promotion-bad");
                if (!empty && item != null && !item.promotionOk()) {
                  getStyleClass().add("promotion-bad");
                }
              }
            });

    profileTable.setItems(model.profileTables());
    profileTable.valueProperty().bindBidirectional(model.profileTableProperty());
    profileSummary.textProperty().bind(model.profileSummaryProperty());
    profileSummary.setId("analysis-profile-summary");
    profile.setId("analysis-profile");
    profile.setItems(model.profileColumns());
    profile.getColumns().add(text("Column", ProfileRow::column, 130));
    profile.getColumns().add(text("Type", ProfileRow::type, 130));
    profile.getColumns().add(text("Ferry field", ProfileRow::field, 150));
    profile.getColumns().add(text("NULLs", ProfileRow::nullShare, 90));
    profile.getColumns().add(text("Distinct", ProfileRow::distinct, 65));
    profile.getColumns().add(text("Min", ProfileRow::min, 120));
    profile.getColumns().add(text("Max", ProfileRow::max, 120));
    profile.getColumns().add(text("Top values", ProfileRow::top, 260));
    profile.getColumns().add(text("Detected format", ProfileRow::format, 200));

    rules.textProperty().bind(model.rulesProperty());
    rules.setId("analysis-rules");
    mappingTab.setContent(editor.root());
  }

  /** A text column whose cells show their full text in a tooltip. */
  private static <T> TableColumn<T, String> text(
      String title, Function<T, String> value, double width) {
    return text(title, value, value, width);
  }

  /** A text column whose cells show {@code tooltip} of their row (when the cell has text). */
  private static <T> TableColumn<T, String> text(
      String title, Function<T, String> value, Function<T, String> tooltip, double width) {
    TableColumn<T, String> column = new TableColumn<>(title);
    column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
    column.setCellFactory(c -> new TooltipCell<>((row, text) -> Optional.of(tooltip.apply(row))));
    column.setPrefWidth(width);
    return column;
  }

  private static <T> TableColumn<T, Long> number(
      String title, Function<T, Long> value, double width) {
    TableColumn<T, Long> column = new TableColumn<>(title);
    column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    column.setCellFactory(
        c ->
            new TableCell<>() {
              @Override
              protected void updateItem(Long item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : String.format("%,d", item));
              }
            });
    column.getStyleClass().add("number");
    column.setPrefWidth(width);
    return column;
  }

  @FXML
  private void onAnalyze() {
    model.analyze();
  }

  @FXML
  private void onCancel() {
    model.cancel();
  }

  @FXML
  private void onExportMarkdown() {
    export(Format.MARKDOWN);
  }

  @FXML
  private void onExportHtml() {
    export(Format.HTML);
  }

  @FXML
  private void onExportJson() {
    export(Format.JSON);
  }

  private void export(Format format) {
    saver
        .ask(
            root.getScene().getWindow(),
            "Export the analysis as " + format.label(),
            model.suggestedName(format),
            format.label(),
            "*." + format.extension())
        .ifPresent(file -> model.export(format, file));
  }
}
