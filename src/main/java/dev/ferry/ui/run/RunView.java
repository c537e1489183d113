package dev.ferry.ui.run;

import dev.ferry.app.RejectList;
import dev.ferry.ui.view.Fxml;
import dev.ferry.ui.view.Layouts;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * The Run screen: binds {@link RunViewModel}'s progress, counts, chart and summary.
 *
 * <p>Contract: binding only; the chart mirrors the view model's throughput list point by point.
 */
public final class RunView {
  /** Starts a run: Shortcut+R (Ctrl+R, or ⌘R on macOS). */
  public static final KeyCombination START =
      new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN);

  private final RunViewModel model;
  private final Parent root;

  @FXML private Button start;
  @FXML private Button cancel;
  @FXML private CheckBox dryRun;
  @FXML private CheckBox deleteMissing;
  @FXML private Spinner<Integer> batchSize;
  @FXML private Label status;
  @FXML private ProgressBar progress;
  @FXML private Label processed;
  @FXML private Label rate;
  @FXML private Label eta;
  @FXML private Label inserted;
  @FXML private Label updated;
  @FXML private Label unchanged;
  @FXML private Label rejected;
  @FXML private Label deleted;
  @FXML private LineChart<Number, Number> chart;
  @FXML private Label summary;
  @FXML private Button verify;
  @FXML private ProgressIndicator verifying;
  @FXML private Label verification;
  @FXML private TableView<RejectList.Reject> rejects;

  /** Builds the screen over {@code model}. */
  public RunView(RunViewModel model) {
    this.model = model;
    this.root = Fxml.load(this);
    // The shortcut acts only while this screen is in the window (the shell swaps screens in and
    // out of the scene), so it never starts a run from another screen.
    root.sceneProperty()
        .addListener(
            (obs, old, scene) -> {
              if (old != null) {
                old.getAccelerators().remove(START);
              }
              if (scene != null) {
                scene
                    .getAccelerators()
                    .put(
                        START,
                        () -> {
                          if (model.canStartBinding().get()) {
                            model.start();
                          }
                        });
              }
            });
  }

  /** The screen's root node. */
  public Parent root() {
    return root;
  }

  @FXML
  private void initialize() {
    start.disableProperty().bind(model.canStartBinding().not());
    cancel.disableProperty().bind(model.runningProperty().not());
    dryRun.selectedProperty().bindBidirectional(model.dryRunProperty());
    dryRun.disableProperty().bind(model.runningProperty());
    deleteMissing.selectedProperty().bindBidirectional(model.deleteMissingProperty());
    deleteMissing.disableProperty().bind(model.runningProperty());
    batchSize.setValueFactory(
        new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 10_000, 1000, 100));
    batchSize.getValueFactory().valueProperty().bindBidirectional(model.batchSizeProperty());
    batchSize.disableProperty().bind(model.runningProperty());
    status.textProperty().bind(model.statusTextProperty());
    progress.progressProperty().bind(model.progressProperty());
    processed.textProperty().bind(model.processedTextProperty());
    rate.textProperty().bind(model.rateTextProperty());
    eta.textProperty().bind(model.etaTextProperty());
    inserted.textProperty().bind(model.insertedProperty().asString("%,d"));
    updated.textProperty().bind(model.updatedProperty().asString("%,d"));
    unchanged.textProperty().bind(model.unchangedProperty().asString("%,d"));
    rejected.textProperty().bind(model.rejectedProperty().asString("%,d"));
    deleted.textProperty().bind(model.deletedProperty().asString("%,d"));
    inserted.setId("count-inserted");
    updated.setId("count-updated");
    unchanged.setId("count-unchanged");
    rejected.setId("count-rejected");
    deleted.setId("count-deleted");
    summary.textProperty().bind(model.summaryProperty());
    verify
        .disableProperty()
        .bind(
            model
                .lastReportProperty()
                .isNull()
                .or(model.verifyingProperty())
                .or(model.runningProperty()));
    verifying.visibleProperty().bind(model.verifyingProperty());
    verification.textProperty().bind(model.verificationProperty());

    XYChart.Series<Number, Number> series = new XYChart.Series<>();
    chart.getData().add(series);
    model
        .throughput()
        .addListener(
            (ListChangeListener<RunViewModel.ThroughputPoint>)
                change -> {
                  while (change.next()) {
                    if (change.wasRemoved()) {
                      series.getData().clear();
                    }
                    for (RunViewModel.ThroughputPoint p : change.getAddedSubList()) {
                      series.getData().add(new XYChart.Data<>(p.seconds(), p.ordersPerSecond()));
                    }
                  }
                });

    TableColumn<RejectList.Reject, String> uid = new TableColumn<>("Order uid");
    uid.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().uid()));
    // A uid in the monospaced font fits in 36 narrow columns; the reasons take the rest.
    uid.getStyleClass().add("uid-column");
    uid.setMinWidth(290);
    uid.setMaxWidth(290);
    TableColumn<RejectList.Reject, String> reasons = new TableColumn<>("Reasons");
    // Every reason on its own line, shown in full (the row grows), not only in a tooltip.
    reasons.setCellValueFactory(
        c -> new ReadOnlyStringWrapper(String.join("\n", c.getValue().reasons())));
    Layouts.wrapping(reasons);
    rejects.getColumns().add(uid);
    rejects.getColumns().add(reasons);
    // No fixed row height: a row is as tall as its reasons (at most 200 rows are listed).
    rejects.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    rejects.setItems(model.rejects());

    start.setTooltip(
        new Tooltip(
            "Reads every source order and loads it into the target ("
                + START.getDisplayText()
                + ")."));
    cancel.setTooltip(new Tooltip("Stops the run within one batch; a later run converges."));
    dryRun.setTooltip(new Tooltip("Compares with the target and counts, but writes nothing."));
    deleteMissing.setTooltip(
        new Tooltip(
            "Removes documents and rejects whose order is no longer in the source. Without it"
                + " they stay, and every run says how many there are."));
    batchSize.setTooltip(new Tooltip("Orders read, transformed and written per batch."));
    verify.setTooltip(new Tooltip("Reconciles the whole target with the source."));
  }

  @FXML
  private void onStart() {
    model.start();
  }

  @FXML
  private void onCancel() {
    model.cancel();
  }

  @FXML
  private void onVerify() {
    model.verify();
  }
}
