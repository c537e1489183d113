package dev.ferry.ui.analysis;

import dev.ferry.app.RejectPolicy;
import dev.ferry.core.TaxRateFormat;
import dev.ferry.core.WeekdayNumbering;
import dev.ferry.ui.analysis.MappingEditorViewModel.Section;
import dev.ferry.ui.analysis.OverridesViewModel.OverrideRow;
import dev.ferry.ui.view.FileSaver;
import dev.ferry.ui.view.Fxml;
import dev.ferry.ui.view.TooltipCell;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The mapping editor (a tab of the Analysis screen): the role table with a picker per role and
 * field, the rules, promotion overrides, target and reject policy, "Save job file…" and "Use for
 * runs", bound to {@link MappingEditorViewModel}.
 *
 * <p>Contract: binding only; the part of the form a validation error is about is outlined. The save
 * dialog only picks the file; the view model writes it in the background.
 */
public final class MappingEditorView {
  private final MappingEditorViewModel model;
  private final Parent root;
  private final Map<Section, Node> sections = new EnumMap<>(Section.class);
  private FileSaver saver = FileSaver.dialog();

  @FXML private Label unmapped;
  @FXML private ComboBox<String> schema;
  @FXML private TableView<RoleRow> roles;
  @FXML private GridPane rulesGrid;
  @FXML private ComboBox<String> zone;
  @FXML private ComboBox<TaxRateFormat> taxRate;
  @FXML private Label taxEvidence;
  @FXML private ComboBox<WeekdayNumbering> weekdayNumbers;
  @FXML private Label weekdayQuestion;
  @FXML private Button check;
  @FXML private ProgressIndicator checking;
  @FXML private ListView<String> checks;
  @FXML private TextField moneyScale;
  @FXML private ComboBox<String> rounding;
  @FXML private VBox overridesBox;
  @FXML private TableView<OverrideRow> overrides;
  @FXML private ComboBox<String> overrideClient;
  @FXML private TextField overrideValue;
  @FXML private TextField overrideZone;
  @FXML private Button removeOverride;
  @FXML private GridPane targetGrid;
  @FXML private Label sourceUrl;
  @FXML private TextField passwordEnv;
  @FXML private Label targetUri;
  @FXML private TextField targetUriEnv;
  @FXML private TextField targetDatabase;
  @FXML private TextField targetCollection;
  @FXML private TextField batchSize;
  @FXML private HBox rejectsBox;
  @FXML private ComboBox<RejectPolicy.Mode> rejectPolicy;
  @FXML private TextField rejectMax;
  @FXML private Label validation;
  @FXML private Button save;
  @FXML private Button use;
  @FXML private ProgressIndicator applying;
  @FXML private Label message;

  /** Builds the editor over {@code model}. */
  public MappingEditorView(MappingEditorViewModel model) {
    this.model = model;
    this.root = Fxml.load(this);
  }

  /** The editor's root node. */
  public Parent root() {
    return root;
  }

  /** Replaces how the job file's location is chosen (tests answer without a native dialog). */
  public void setFileSaver(FileSaver fileSaver) {
    this.saver = Objects.requireNonNull(fileSaver, "fileSaver");
  }

  @FXML
  private void initialize() {
    RolesViewModel roleTable = model.roles();
    RulesViewModel rules = model.rules();
    OverridesViewModel clientOverrides = model.overrides();
    EndpointsViewModel ends = model.endpoints();
    unmapped.textProperty().bind(model.unmappedProperty());
    unmapped.setId("mapping-unmapped");
    model
        .flaggedProperty()
        .addListener(
            (obs, old, flagged) -> {
              unmapped.getStyleClass().remove("flagged");
              if (flagged) {
                unmapped.getStyleClass().add("flagged");
              }
            });
    schema.setId("mapping-schema");
    schema.setItems(roleTable.schemas());
    schema.valueProperty().bindBidirectional(roleTable.schemaProperty());

    roles.setId("mapping-roles");
    roles.setItems(roleTable.rows());
    roles.setFixedCellSize(30);
    // A field row shows its key alone (its job-file key), indented under its table's row.
    TableColumn<RoleRow, String> role = text("Role", RoleRow::shortKey, 130);
    // Its names are what a row is about: the other columns give way first.
    role.setMinWidth(130);
    role.setCellFactory(
        c ->
            new TableCell<>() {
              @Override
              protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("role-table");
                RoleRow row = empty ? null : getTableRow().getItem();
                setText(
                    empty || item == null
                        ? null
                        : (row != null && row.isTable() ? "" : "   ") + item);
                if (row != null && row.isTable()) {
                  getStyleClass().add("role-table");
                }
              }
            });
    roles.getColumns().add(role);
    // Short headers: a column never shrinks below its header (Layouts.neverCut), and the five must
    // fit the pane's half of a 1280-pixel window without a sideways scroll. Cells cut short show
    // their whole text in a tooltip.
    TableColumn<RoleRow, RoleRow> picker = new TableColumn<>("Table / column");
    picker.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
    picker.setCellFactory(c -> new PickerCell());
    picker.setPrefWidth(140);
    roles.getColumns().add(picker);
    TableColumn<RoleRow, String> type = new TableColumn<>("Type");
    type.setCellValueFactory(c -> c.getValue().type());
    type.setCellFactory(c -> TooltipCell.ofText());
    type.setPrefWidth(95);
    type.setMinWidth(60);
    roles.getColumns().add(type);
    TableColumn<RoleRow, String> confidence = text("Confidence", RoleRow::candidatesText, 110);
    confidence.setCellFactory(
        c ->
            new TooltipCell<>(
                (row, text) ->
                    row.candidates().isEmpty()
                        ? Optional.empty()
                        : Optional.of(
                            String.join(
                                "\n",
                                row.candidates().stream()
                                    .map(
                                        k ->
                                            k.name()
                                                + " ("
                                                + k.percent()
                                                + "): "
                                                + String.join("; ", k.evidence()))
                                    .toList()))));
    roles.getColumns().add(confidence);
    TableColumn<RoleRow, String> status = new TableColumn<>("Status");
    status.setCellValueFactory(c -> c.getValue().status());
    status.setCellFactory(
        c ->
            new TableCell<>() {
              @Override
              protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("role-unmapped", "role-changed");
                setText(empty ? null : item);
                setTooltip(empty || item == null ? null : new Tooltip(item));
                RoleRow row = empty ? null : getTableRow().getItem();
                if (row != null) {
                  RoleRow.State state = row.state().get();
                  if (state.open()) {
                    getStyleClass().add("role-unmapped");
                  } else if (state == RoleRow.State.CHANGED) {
                    getStyleClass().add("role-changed");
                  }
                }
              }
            });
    status.setPrefWidth(150);
    roles.getColumns().add(status);

    zone.setId("mapping-zone");
    zone.setItems(FXCollections.observableArrayList(RulesViewModel.zoneChoices()));
    zone.getEditor().textProperty().bindBidirectional(rules.zoneProperty());
    zone.valueProperty()
        .addListener(
            (obs, old, picked) -> {
              if (picked != null) {
                rules.zoneProperty().set(picked);
              }
            });
    zone.setTooltip(
        new Tooltip(
            "The zone timestamps without time zone were written in, and in which an order's"
                + " weekday is taken for is_promotion_day."));
    taxRate.setId("mapping-tax");
    taxRate.getItems().setAll(TaxRateFormat.values());
    taxRate.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(TaxRateFormat format) {
            return format == null ? "" : format.label();
          }

          @Override
          public TaxRateFormat fromString(String text) {
            return TaxRateFormat.parse(text);
          }
        });
    taxRate.valueProperty().bindBidirectional(rules.taxRateProperty());
    taxEvidence.textProperty().bind(rules.taxEvidenceProperty());
    weekdayNumbers.setId("mapping-weekday-numbers");
    weekdayNumbers.getItems().setAll(WeekdayNumbering.values());
    weekdayNumbers.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(WeekdayNumbering numbering) {
            return numbering == null ? "" : numbering.label() + " — " + numbering.meaning();
          }

          @Override
          public WeekdayNumbering fromString(String text) {
            return WeekdayNumbering.parse(text.split(" ")[0]);
          }
        });
    weekdayNumbers.valueProperty().bindBidirectional(rules.weekdayNumbersProperty());
    weekdayQuestion.textProperty().bind(rules.weekdayQuestionProperty());
    weekdayQuestion.visibleProperty().bind(rules.weekdayQuestionProperty().isNotEmpty());
    weekdayQuestion.managedProperty().bind(weekdayQuestion.visibleProperty());
    taxRate.setPromptText("choose");
    weekdayNumbers.setPromptText("choose");
    checks.setId("mapping-checks");
    checks.setItems(model.checks());
    check.setId("mapping-check");
    check.disableProperty().bind(model.loadedProperty().not().or(model.checkingProperty()));
    check.setTooltip(
        new Tooltip("Checks this mapping against the data, read-only: ids, references, values."));
    checking.visibleProperty().bind(model.checkingProperty());
    moneyScale.setId("mapping-money-scale");
    moneyScale.textProperty().bindBidirectional(rules.moneyScaleProperty());
    rounding.getItems().setAll(RulesViewModel.ROUNDING_MODES);
    rounding.valueProperty().bindBidirectional(rules.roundingProperty());

    overrides.setId("mapping-overrides");
    overrides.setItems(clientOverrides.overrides());
    overrides.getColumns().add(text("Client", OverrideRow::client, 100));
    overrides.getColumns().add(text("Value", OverrideRow::value, 130));
    overrides.getColumns().add(text("Zone", OverrideRow::zone, 130));
    overrideClient.setId("mapping-override-client");
    overrideClient.setItems(clientOverrides.clientUids());
    overrideClient.getEditor().textProperty().bindBidirectional(clientOverrides.clientProperty());
    overrideClient
        .valueProperty()
        .addListener(
            (obs, old, picked) -> {
              if (picked != null) {
                clientOverrides.clientProperty().set(picked);
              }
            });
    overrideValue.setId("mapping-override-value");
    overrideValue.textProperty().bindBidirectional(clientOverrides.valueProperty());
    overrideZone.textProperty().bindBidirectional(clientOverrides.zoneProperty());
    removeOverride
        .disableProperty()
        .bind(overrides.getSelectionModel().selectedItemProperty().isNull());

    sourceUrl
        .textProperty()
        .bind(ends.sourceUrlProperty().concat(" as ").concat(ends.sourceUserProperty()));
    Tooltip fullSource = new Tooltip();
    fullSource.textProperty().bind(sourceUrl.textProperty());
    sourceUrl.setTooltip(fullSource);
    passwordEnv.textProperty().bindBidirectional(ends.passwordEnvProperty());
    targetUri.textProperty().bind(ends.targetUriProperty());
    targetUriEnv.textProperty().bindBidirectional(ends.targetUriEnvProperty());
    targetDatabase.setId("mapping-target-database");
    targetDatabase.textProperty().bindBidirectional(ends.targetDatabaseProperty());
    targetCollection.setId("mapping-target-collection");
    targetCollection.textProperty().bindBidirectional(ends.targetCollectionProperty());
    batchSize.textProperty().bindBidirectional(ends.batchSizeProperty());
    rejectPolicy.setId("mapping-reject-policy");
    rejectPolicy.getItems().setAll(RejectPolicy.Mode.values());
    rejectPolicy.valueProperty().bindBidirectional(ends.rejectPolicyProperty());
    rejectMax.setId("mapping-reject-max");
    rejectMax.textProperty().bindBidirectional(ends.rejectMaxProperty());

    sections.put(Section.ROLES, roles);
    sections.put(Section.SOURCE, targetGrid);
    sections.put(Section.TARGET, targetGrid);
    sections.put(Section.MAPPING, rulesGrid);
    sections.put(Section.OVERRIDES, overridesBox);
    sections.put(Section.REJECTS, rejectsBox);
    model.errorSectionProperty().addListener((obs, old, section) -> markInvalid(section));
    validation.textProperty().bind(model.validationProperty());
    validation.setId("mapping-validation");
    validation.visibleProperty().bind(model.validationProperty().isNotEmpty());
    validation.managedProperty().bind(validation.visibleProperty());

    save.setId("mapping-save");
    use.setId("mapping-use");
    save.disableProperty().bind(model.loadedProperty().not());
    use.disableProperty().bind(model.loadedProperty().not().or(model.applyingProperty()));
    save.setTooltip(
        new Tooltip("Writes a job file for ferry migrate/verify/preview --job; no password."));
    use.setTooltip(
        new Tooltip(
            "Checks the mapping against the data, then reconnects with these roles, rules and"
                + " reject policy; the next previews and runs use them."));
    applying.visibleProperty().bind(model.applyingProperty());
    message.textProperty().bind(model.messageProperty());
    message.setId("mapping-message");
  }

  private void markInvalid(Section section) {
    sections.values().forEach(n -> n.getStyleClass().remove("invalid"));
    if (section != null) {
      sections.get(section).getStyleClass().add("invalid");
    }
  }

  /** A picker bound to its row's value and choices; rebinds when the cell is reused. */
  private static final class PickerCell extends TableCell<RoleRow, RoleRow> {
    private final ComboBox<String> box = new ComboBox<>();
    private RoleRow bound;

    PickerCell() {
      box.setMaxWidth(Double.MAX_VALUE);
      box.getStyleClass().add("role-picker");
      setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
    }

    @Override
    protected void updateItem(RoleRow row, boolean empty) {
      super.updateItem(row, empty);
      if (bound != null) {
        box.valueProperty().unbindBidirectional(bound.value());
        bound = null;
      }
      if (empty || row == null) {
        setGraphic(null);
        return;
      }
      // Items first, then the binding: setting items under a bound value would push null into it.
      box.setItems(row.choices());
      box.setValue(row.value().get());
      box.valueProperty().bindBidirectional(row.value());
      box.setId("pick-" + row.key().replace('.', '-'));
      bound = row;
      setGraphic(box);
    }
  }

  private static <T> TableColumn<T, String> text(
      String title, Function<T, String> value, double width) {
    TableColumn<T, String> column = new TableColumn<>(title);
    column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
    column.setPrefWidth(width);
    return column;
  }

  @FXML
  private void onAddOverride() {
    model.overrides().add();
  }

  @FXML
  private void onRemoveOverride() {
    OverrideRow row = overrides.getSelectionModel().getSelectedItem();
    if (row != null) {
      model.overrides().remove(row);
    }
  }

  @FXML
  private void onSave() {
    saver
        .ask(
            root.getScene().getWindow(),
            "Save the job file",
            model.suggestedFileName(),
            "Job file (YAML or JSON)",
            "*.yaml",
            "*.yml",
            "*.json")
        .ifPresent(model::save);
  }

  @FXML
  private void onUse() {
    model.apply();
  }

  @FXML
  private void onCheck() {
    model.check();
  }
}
