package dev.ferry.ui.preview;

import dev.ferry.engine.PreviewEntry;
import dev.ferry.ui.view.Fxml;
import dev.ferry.ui.view.Layouts;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
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
  @FXML private Label ordersHint;
  @FXML private ScrollPane documentScroll;
  @FXML private TextFlow document;
  @FXML private Label target;
  @FXML private VBox explanation;

  /** The document pane's width in characters of its monospaced font, once laid out. */
  private int columns;

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
    ordersHint.textProperty().bind(model.hintProperty());
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
    model.documentJsonProperty().addListener((obs, old, json) -> highlight());
    // Lines are broken to the pane's width here rather than by the TextFlow, which would continue
    // a value at column 0; a new width breaks them again.
    documentScroll
        .viewportBoundsProperty()
        .addListener(
            (obs, old, bounds) -> {
              int now = columnsOf(bounds.getWidth());
              if (now != columns) {
                columns = now;
                highlight();
              }
            });
    highlight();
    target.textProperty().bind(model.targetProperty());
    target.setId("preview-target");
    explanation.setId("preview-explanation");
    model
        .explanation()
        .addListener((ListChangeListener<ExplanationSections.Section>) change -> explain());
    explain();
    mode.setTooltip(new Tooltip("How to pick the orders to preview."));
    argument.setTooltip(
        new Tooltip("N for the first N orders; order uids separated by commas; or a client uid."));
    load.setTooltip(
        new Tooltip("Maps the orders and compares them with the target; writes nothing."));
  }

  private void highlight() {
    document.getChildren().clear();
    String json = model.documentJsonProperty().get();
    if (json == null || json.isEmpty()) {
      Text hint = new Text(PreviewViewModel.DOCUMENT_HINT);
      hint.getStyleClass().add("hint");
      document.getChildren().add(hint);
      return;
    }
    List<PreviewViewModel.Token> tokens = PreviewViewModel.tokens(json);
    if (columns > 0) {
      tokens = JsonLines.wrap(tokens, columns);
    }
    for (PreviewViewModel.Token token : tokens) {
      Text text = new Text(token.text());
      text.getStyleClass().add(PreviewViewModel.styleClass(token.kind()));
      document.getChildren().add(text);
    }
  }

  /**
   * How many characters of the document's font fit in {@code width}, measured on a text styled as
   * the document's (the font comes from the stylesheet); 0 before the pane is styled.
   */
  private int columnsOf(double width) {
    Text probe = new Text("0".repeat(10));
    probe.getStyleClass().add(PreviewViewModel.styleClass(PreviewViewModel.TokenKind.PUNCTUATION));
    document.getChildren().add(probe);
    probe.applyCss();
    double perChar = probe.getLayoutBounds().getWidth() / 10;
    document.getChildren().remove(probe);
    Insets padding = document.getPadding();
    double usable = width - padding.getLeft() - padding.getRight();
    // One column short: a line exactly as wide as the pane may still wrap on rounding.
    return perChar <= 0 || usable <= 0 ? 0 : (int) Math.floor(usable / perChar) - 1;
  }

  /** The explanation's sections as headed blocks, or what the pane will show. */
  private void explain() {
    explanation.getChildren().clear();
    if (model.explanation().isEmpty()) {
      Label hint = new Label(PreviewViewModel.EXPLANATION_HINT);
      hint.setWrapText(true);
      hint.getStyleClass().add("hint");
      explanation.getChildren().add(hint);
    }
    for (ExplanationSections.Section section : model.explanation()) {
      VBox box = new VBox();
      box.getStyleClass().add("explanation-section");
      Label title = new Label(section.title());
      title.setWrapText(true);
      title.getStyleClass().add("explanation-title");
      box.getChildren().add(title);
      for (String line : section.lines()) {
        Label sentence = new Label(line);
        sentence.setWrapText(true);
        sentence.getStyleClass().add("explanation-line");
        box.getChildren().add(sentence);
      }
      explanation.getChildren().add(box);
    }
    // Labels made after loading get the screens' rule too: wrapped lines are never clipped.
    Layouts.neverCut(explanation);
  }

  @FXML
  private void onLoad() {
    model.load();
  }
}
