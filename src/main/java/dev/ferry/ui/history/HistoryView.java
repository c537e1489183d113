package dev.ferry.ui.history;

import dev.ferry.ui.view.Fxml;
import dev.ferry.ui.view.Layouts;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;

/**
 * The History screen: a table of previous runs bound to {@link HistoryViewModel}, with the selected
 * run's settings below.
 *
 * <p>Contract: binding only.
 */
public final class HistoryView {
  private final HistoryViewModel model;
  private final Parent root;

  @FXML private Button refresh;
  @FXML private ProgressIndicator loading;
  @FXML private Label message;
  @FXML private TableView<HistoryViewModel.Row> runs;
  @FXML private TextArea details;

  /** Builds the screen over {@code model}. */
  public HistoryView(HistoryViewModel model) {
    this.model = model;
    this.root = Fxml.load(this);
  }

  /** The screen's root node. */
  public Parent root() {
    return root;
  }

  @FXML
  private void initialize() {
    loading.visibleProperty().bind(model.loadingProperty());
    message.textProperty().bind(model.messageProperty());
    // Rows grow when the target wraps (no fixed cell size): two runs into different collections
    // must not look the same.
    runs.setItems(model.runs());
    model.selectedProperty().bind(runs.getSelectionModel().selectedItemProperty());
    details.textProperty().bind(model.detailsProperty());
    TableColumn<HistoryViewModel.Row, String> started =
        text("Started", HistoryViewModel.Row::started, 185);
    started.setMinWidth(185);
    runs.getColumns().add(started);
    TableColumn<HistoryViewModel.Row, String> status =
        text("Status", HistoryViewModel.Row::status, 110);
    // "completed", "abandoned": never squeezed by the wrapping target column.
    status.setMinWidth(110);
    status.setCellFactory(
        column ->
            new TableCell<>() {
              @Override
              protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeIf(s -> s.startsWith("status-"));
                setText(empty ? null : item);
                if (!empty && item != null) {
                  getStyleClass().add("status-" + item.toLowerCase(Locale.ROOT));
                }
              }
            });
    runs.getColumns().add(status);
    runs.getColumns().add(number("Inserted", r -> r.record().counts().inserted()));
    runs.getColumns().add(number("Updated", r -> r.record().counts().updated()));
    runs.getColumns().add(number("Unchanged", r -> r.record().counts().unchanged()));
    runs.getColumns().add(number("Rejected", r -> r.record().counts().rejected()));
    runs.getColumns().add(number("Deleted", r -> r.record().counts().deleted()));
    runs.getColumns().add(text("Duration", HistoryViewModel.Row::duration, 90));
    // A short header: the target column takes the room the others leave, and its cells wrap.
    TableColumn<HistoryViewModel.Row, String> target =
        text("Target", HistoryViewModel.Row::target, 220);
    Layouts.wrapping(target);
    runs.getColumns().add(target);
    refresh.setTooltip(new Tooltip("Reloads the runs from ferry_runs in the target (F5)."));
  }

  private static TableColumn<HistoryViewModel.Row, String> text(
      String title, Function<HistoryViewModel.Row, String> value, double width) {
    TableColumn<HistoryViewModel.Row, String> column = new TableColumn<>(title);
    column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
    column.setPrefWidth(width);
    return column;
  }

  private static TableColumn<HistoryViewModel.Row, Long> number(
      String title, Function<HistoryViewModel.Row, Long> value) {
    TableColumn<HistoryViewModel.Row, Long> column = new TableColumn<>(title);
    column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    column.setPrefWidth(90);
    column.setStyle("-fx-alignment: CENTER-RIGHT;");
    return column;
  }

  @FXML
  private void onRefresh() {
    model.refresh();
  }
}
