package dev.ferry.ui;

import static dev.ferry.ui.GuiTesting.await;
import static dev.ferry.ui.GuiTesting.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.JobFile;
import dev.ferry.core.TaxRateFormat;
import dev.ferry.source.SourceSchema.Table;
import dev.ferry.ui.analysis.AnalysisViewModel.ClientRow;
import dev.ferry.ui.fx.FxUiExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * Drives the Analysis screen and its mapping editor against the demo (embedded PostgreSQL + Mongo
 * wire server): Analyze from the schema browser, the clients whose promotion value Ferry does not
 * understand, then change the tax format and the zone, see a validation error inline, save a job
 * file and use the settings for the next runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalysisGuiTest {
  private static final int ORDERS = 400;

  @TempDir static Path home;
  @TempDir static Path out;
  private static FxUiExecutor executor;
  private static FerryUi ui;
  private final FxRobot robot = new FxRobot();

  @BeforeAll
  static void startWindow() throws Exception {
    executor = new FxUiExecutor();
    ui = GuiTesting.start(home, executor, ORDERS);
    onFx(
        () -> {
          ui.startDemo();
          return null;
        });
    await(120, () -> ui.workspace().session() != null);
  }

  @AfterAll
  static void stopWindow() throws Exception {
    GuiTesting.stop(ui, executor);
  }

  @Test
  @Order(1)
  void analyzeFromTheSchemaBrowserShowsTheUnderstoodAndTheUnrecognisedPromotions()
      throws Exception {
    robot.clickOn("#nav-schema");
    robot.clickOn("#schema-analyze");
    await(
        5,
        () -> ui.main().screenProperty().get() == dev.ferry.ui.shell.MainViewModel.Screen.ANALYSIS);
    await(60, () -> ui.analysis().analysisProperty().get() != null);
    assertThat(onFx(() -> ui.analysis().runningProperty().get())).isFalse();
    List<ClientRow> rows = onFx(() -> List.copyOf(ui.analysis().clients()));
    assertThat(rows).hasSizeGreaterThanOrEqualTo(20);
    // Flagged: values Ferry does not understand, and clients without a promotion day.
    List<ClientRow> flagged = rows.stream().filter(r -> !r.promotionOk()).toList();
    assertThat(flagged)
        .allSatisfy(
            r -> assertThat(r.promotion()).containsAnyOf("not understood", "no promotion day"));
    assertThat(flagged)
        .anySatisfy(
            r ->
                assertThat(r.promotion())
                    .containsAnyOf("'someday': not understood", "'Funday': not understood"));
    assertThat(rows).anySatisfy(r -> assertThat(r.promotion()).contains("every MONDAY"));
    @SuppressWarnings("unchecked")
    TableView<ClientRow> table = robot.lookup("#analysis-clients").queryAs(TableView.class);
    assertThat(onFx(() -> table.getItems().size())).isEqualTo(rows.size());
    Label summary = robot.lookup("#analysis-summary").queryAs(Label.class);
    assertThat(onFx(summary::getText)).contains("Ferry can read it.");

    robot.clickOn("Table profiles");
    assertThat(onFx(() -> ui.analysis().profileSummaryProperty().get()))
        .startsWith("public.orders · " + ORDERS + " rows");
    assertThat(onFx(() -> ui.analysis().profileColumns().size())).isGreaterThan(5);
  }

  @Test
  @Order(2)
  void theMappingEditorSavesTheChangedJobFileWithoutAPassword() throws Exception {
    robot.clickOn("Mapping & job file");
    @SuppressWarnings("unchecked")
    ComboBox<String> orders = robot.lookup("#pick-orders").queryAs(ComboBox.class);
    assertThat(onFx(orders::getValue)).isEqualTo("orders");
    assertThat(onFx(() -> ui.analysis().editor().unmappedProperty().get()))
        .isEqualTo("Every role is mapped.");
    TaxRateFormat detected = onFx(() -> ui.analysis().editor().taxRateProperty().get());
    assertThat(detected).isEqualTo(TaxRateFormat.FRACTION);
    // The analysis checked the mapping against the data; "Check" does it again.
    @SuppressWarnings("unchecked")
    ListView<String> checks = robot.lookup("#mapping-checks").queryAs(ListView.class);
    assertThat(onFx(() -> List.copyOf(checks.getItems())))
        .anySatisfy(c -> assertThat(c).contains("order_items.quantity value is a positive number"))
        .anySatisfy(c -> assertThat(c).startsWith("✓ every orders.uid value is unique: yes"));
    robot.clickOn("#mapping-check");
    await(30, () -> ui.analysis().editor().messageProperty().get().startsWith("Checked"));

    // Tax format through the picker, zone typed into the editable picker.
    robot.clickOn("#mapping-tax");
    robot.clickOn("percent");
    @SuppressWarnings("unchecked")
    ComboBox<String> zone = robot.lookup("#mapping-zone").queryAs(ComboBox.class);
    robot.doubleClickOn(zone.getEditor());
    robot.press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
    robot.write("America/Bogota");

    // An invalid money scale is refused inline with JobFile's message.
    TextField scale = robot.lookup("#mapping-money-scale").queryAs(TextField.class);
    robot.doubleClickOn(scale).write("x");
    Label validation = robot.lookup("#mapping-validation").queryAs(Label.class);
    await(5, validation::isVisible);
    assertThat(onFx(validation::getText))
        .isEqualTo("mapping.money_scale must be a whole number, not \"x\".");
    robot.doubleClickOn(scale).write("2");
    await(5, () -> !validation.isVisible());

    Path file = out.resolve("shop-job.yaml");
    onFx(
        () -> {
          ui.analysisView()
              .setFileSaver((owner, title, name, description, patterns) -> Optional.of(file));
          return null;
        });
    robot.clickOn("#mapping-save");
    await(10, () -> ui.analysis().editor().messageProperty().get().startsWith("Saved"));

    JobFile saved = JobFile.read(file);
    assertThat(saved.mapping().taxRate()).isEqualTo(TaxRateFormat.PERCENT);
    assertThat(saved.mapping().sourceZone()).isEqualTo(ZoneId.of("America/Bogota"));
    assertThat(saved.mapping().moneyScale()).isEqualTo(2);
    assertThat(saved.source().roles().table(Table.ORDERS)).contains("orders");
    assertThat(saved.source().user()).contains("analyst");
    assertThat(saved.target().database()).contains("ferry_demo");
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).doesNotContainPattern("(?m)^\\s*password\\s*:");
    assertThat(saved.source().url().orElseThrow()).doesNotContainIgnoringCase("password");
  }

  @Test
  @Order(3)
  void useForRunsReopensTheSessionWithTheEditedRules() throws Exception {
    var before = onFx(() -> ui.workspace().session());
    robot.clickOn("#mapping-use");
    await(
        30,
        () ->
            ui.workspace().session() != before && !ui.analysis().editor().applyingProperty().get());
    var job = onFx(() -> ui.workspace().session().job());
    assertThat(job.mapping().taxRate()).isEqualTo(TaxRateFormat.PERCENT);
    assertThat(job.mapping().sourceZone()).isEqualTo(ZoneId.of("America/Bogota"));
    assertThat(job.source().roles().table(Table.ORDERS)).contains("orders");
    // The report stays: it describes the same database.
    assertThat(onFx(() -> ui.analysis().analysisProperty().get())).isNotNull();
    assertThat(onFx(() -> ui.workspace().statusProperty().get()))
        .contains("settings from the mapping editor");
    assertThat(onFx(() -> ui.analysis().editor().messageProperty().get()))
        .startsWith("Applied:")
        .contains("reject policy (collect)");
  }
}
