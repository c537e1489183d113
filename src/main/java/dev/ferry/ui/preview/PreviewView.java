package dev.ferry.ui.preview;

import dev.ferry.engine.PreviewEntry;
import dev.ferry.ui.view.Fxml;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * The Preview screen: the order list, the highlighted document and the explanation, bound to {@link
 * PreviewViewModel}.
 *
 * <p>Contract: binding only; highlighting maps the view model's tokens to styled text.
 */
public final class PreviewView {
  private final PreviewViewModel model;
  private final Parent root;

  @FXML private ComboBox<PreviewViewModel.Mode> mode;
  @FXML private TextField argument;
  @FXML private Button load;
  @FXML private ProgressIndicator loading;
  @FXML private Label message;
  @FXML private ListView<PreviewEntry> orders;
  @FXML private TextFlow document;
  @FXML private Label target;
  @FXML private TextArea explanation;

  /** Builds the screen over {@code model}. */
  public PreviewView(PreviewViewModel model) {
    this.model = model;
    this.root = Fxml.load(this);
  }

  /** The screen's root node. */
  public Parent root() {
    return root;
  }

  @FXML
  private void initialize() {
    mode.getItems().setAll(PreviewViewModel.Mode.values());
    mode.valueProperty().bindBidirectional(model.modeProperty());
    argument.textProperty().bindBidirectional(model.argumentProperty());
    argument.setOnAction(e -> model.load());
    loading.visibleProperty().bind(model.loadingProperty());
    message.textProperty().bind(model.messageProperty());
    orders.setItems(model.entries());
    orders.setCellFactory(
        list ->
            new ListCell<>() {
              @Override
              protected void updateItem(PreviewEntry item, boolean empty) {
                super.updateItem(item, empty);
                setText(
                    empty || item == null
                        ? null
                        // The uid whole on its own line, what loading would do below it.
                        : item.result().uid()
                            + "\n"
                            + item.target().state().name().toLowerCase(java.util.Locale.ROOT));
              }
            });
    orders
        .getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (obs, old, entry) -> {
              if (entry != null) {
                model.selectedProperty().set(entry);
              }
            });
    model
        .selectedProperty()
        .addListener(
            (obs, old, entry) -> {
              if (entry != null && orders.getSelectionModel().getSelectedItem() != entry) {
                orders.getSelectionModel().select(entry);
              }
            });
    model.documentJsonProperty().addListener((obs, old, json) -> highlight(json));
    target.textProperty().bind(model.targetProperty());
    target.setId("preview-target");
    explanation.textProperty().bind(model.explanationProperty());
    explanation.setId("preview-explanation");
    mode.setTooltip(new Tooltip("How to pick the orders to preview."));
    argument.setTooltip(
        new Tooltip("N for the first N orders; order uids separated by commas; or a client uid."));
    load.setTooltip(
        new Tooltip("Maps the orders and compares them with the target; writes nothing."));
  }

  private void highlight(String json) {
    document.getChildren().clear();
    if (json == null || json.isEmpty()) {
      return;
    }
    for (PreviewViewModel.Token token : PreviewViewModel.tokens(json)) {
      Text text = new Text(token.text());
      text.getStyleClass().add(PreviewViewModel.styleClass(token.kind()));
      document.getChildren().add(text);
    }
  }

  @FXML
  private void onLoad() {
    model.load();
  }
}
