package dev.ferry.ui.schema;

import dev.ferry.app.SourceCatalog;
import dev.ferry.app.SourceCatalog.Index;
import dev.ferry.app.SourceCatalog.Relation;
import dev.ferry.app.SourceCatalog.Sample;
import dev.ferry.app.SourceCatalog.Schema;
import dev.ferry.ui.view.Fxml;
import dev.ferry.ui.view.Layouts;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

/**
 * The Schema screen: a tree of schemas and relations (Ferry's four marked with their role), and the
 * selected relation's columns, indexes and first rows, bound to {@link SchemaViewModel}.
 *
 * <p>Contract: binding only; the tree is rebuilt whenever a new catalog arrives.
 */
public final class SchemaView {
  private final SchemaViewModel model;
  private final Parent root;

  @FXML private Button refresh;
  @FXML private Button analyze;
  @FXML private ProgressIndicator loading;
  @FXML private Label roles;
  @FXML private TreeView<Object> tree;
  @FXML private Label relationTitle;
  @FXML private Label relationInfo;
  @FXML private TableView<SchemaViewModel.ColumnRow> columns;
  @FXML private TableView<Index> indexes;
  @FXML private TableView<List<String>> rows;

  /** Builds the screen over {@code model}. */
  public SchemaView(SchemaViewModel model) {
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
    roles.textProperty().bind(model.rolesProperty());
    roles.setId("schema-roles");
    model
        .rolesReadyProperty()
        .addListener(
            (obs, old, ready) -> {
              roles.getStyleClass().remove("missing");
              if (!ready) {
                roles.getStyleClass().add("missing");
              }
            });
    relationTitle.textProperty().bind(model.relationTitleProperty());
    relationInfo.textProperty().bind(model.relationInfoProperty());
    refresh.setTooltip(new Tooltip("Reads the source catalog again."));
    analyze.setId("schema-analyze");
    analyze.setTooltip(
        new Tooltip("Profiles the source and reports each client; opens the Analysis screen."));

    tree.setCellFactory(
        view ->
            new TreeCell<>() {
              @Override
              protected void updateItem(Object item, boolean empty) {
                super.updateItem(item, empty);
                setGraphic(null);
                if (empty || item == null) {
                  setText(null);
                } else if (item instanceof Schema schema) {
                  setText(schema.name() + " (" + schema.relations().size() + ")");
                } else if (item instanceof Relation relation) {
                  setText(relation.name() + "  ·  " + relation.kind());
                  model
                      .roleOf(relation)
                      .ifPresent(
                          role -> {
                            Label tag = new Label("[" + role + "]");
                            tag.getStyleClass().add("role-tag");
                            setGraphic(tag);
                          });
                } else {
                  setText(item.toString());
                }
              }
            });
    model.snapshotProperty().addListener((obs, old, snapshot) -> rebuild(snapshot));
    tree.getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (obs, old, item) ->
                model.select(item != null && item.getValue() instanceof Relation r ? r : null));

    columns.setItems(model.columns());
    columns.getColumns().add(text("Column", SchemaViewModel.ColumnRow::name, 160));
    TableColumn<SchemaViewModel.ColumnRow, String> type =
        text("Type", SchemaViewModel.ColumnRow::type, 210);
    // "timestamp without time zone", a long domain or enum: shown whole.
    Layouts.wrapping(type);
    columns.getColumns().add(type);
    columns.getColumns().add(text("Nullable", SchemaViewModel.ColumnRow::nullable, 80));
    columns.getColumns().add(text("Keys", SchemaViewModel.ColumnRow::keys, 180));
    columns.getColumns().add(text("Default", SchemaViewModel.ColumnRow::defaultValue, 160));
    indexes.setItems(model.indexes());
    indexes.getColumns().add(text("Index", Index::name, 180));
    indexes.getColumns().add(text("Unique", i -> i.unique() ? "yes" : "no", 70));
    indexes.getColumns().add(text("Definition", Index::definition, 400));
    model.sampleProperty().addListener((obs, old, sample) -> showRows(sample));
  }

  private void rebuild(SourceCatalog snapshot) {
    TreeItem<Object> top = new TreeItem<>("catalog");
    if (snapshot != null) {
      for (Schema schema : snapshot.schemas()) {
        TreeItem<Object> item = new TreeItem<>(schema);
        for (Relation relation : schema.relations()) {
          item.getChildren().add(new TreeItem<>(relation));
        }
        item.setExpanded(schema.name().equals(snapshot.ferrySchema()));
        top.getChildren().add(item);
      }
    }
    tree.setRoot(top);
  }

  private void showRows(Sample sample) {
    rows.getColumns().clear();
    rows.getItems().clear();
    if (sample == null) {
      return;
    }
    for (int i = 0; i < sample.columns().size(); i++) {
      int index = i;
      TableColumn<List<String>, String> column = new TableColumn<>(sample.columns().get(i));
      column.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().get(index)));
      column.setPrefWidth(130);
      Layouts.headerFits(column);
      rows.getColumns().add(column);
    }
    rows.getItems().setAll(sample.rows());
  }

  private static <T> TableColumn<T, String> text(
      String title, Function<T, String> value, double width) {
    TableColumn<T, String> column = new TableColumn<>(title);
    column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
    column.setPrefWidth(width);
    return column;
  }

  @FXML
  private void onRefresh() {
    model.refresh();
  }

  @FXML
  private void onAnalyze() {
    model.analyze();
  }
}
