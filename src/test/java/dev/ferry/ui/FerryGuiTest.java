package dev.ferry.ui;

import static dev.ferry.ui.GuiTesting.await;
import static dev.ferry.ui.GuiTesting.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.FerrySession;
import dev.ferry.app.SourceCatalog;
import dev.ferry.core.OrderExplanation;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.RunReport;
import dev.ferry.engine.RunStatus;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.ui.fx.FxUiExecutor;
import dev.ferry.ui.preview.PreviewViewModel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * Drives the real screens against the real demo (embedded PostgreSQL + Mongo wire server): Demo
 * profile, schema, preview with explanation, a run to completion, cancel and re-run, history, and a
 * bad connection's cause in the error dialog.
 *
 * <p>The window and the demo databases are shared; each test connects as it needs (the demo, or the
 * demo's source with a target database of its own), so the tests run in any order.
 */
class FerryGuiTest {
  private static final int ORDERS = 500;

  @TempDir static Path home;
  private static FxUiExecutor executor;
  private static FerryUi ui;
  private final FxRobot robot = new FxRobot();

  @BeforeAll
  static void startWindow() throws Exception {
    executor = new FxUiExecutor();
    ui = GuiTesting.start(home, executor, ORDERS);
  }

  @AfterAll
  static void stopWindow() throws Exception {
    GuiTesting.stop(ui, executor);
  }

  private static FerrySession connectToTheDemo() throws Exception {
    return GuiTesting.connectToTheDemo(ui);
  }

  private static FerrySession connectToAFreshTarget() throws Exception {
    return GuiTesting.connectToAFreshTarget(ui);
  }

  @Test
  void demoProfileStartsTheDemoAndConnects() throws Exception {
    FerrySession before = onFx(() -> ui.workspace().session());
    robot.clickOn("#nav-connections");
    robot.clickOn("Start demo");
    await(120, () -> GuiTesting.connectedAnew(ui, before));
    Label status = robot.lookup("#status-line").queryAs(Label.class);
    assertThat(onFx(status::getText)).startsWith("Connected:").contains("/shop");
    assertThat(onFx(() -> ui.connections().postgres().userProperty().get())).isEqualTo("analyst");
    assertThat(onFx(() -> ui.connections().mongo().databaseProperty().get()))
        .isEqualTo("ferry_demo");
  }

  @Test
  void theMongoDbFormPointsTheSessionAtTheTargetUnderTest() throws Exception {
    FerrySession session = connectToAFreshTarget();
    String database = session.job().target().database();
    Label status = robot.lookup("#status-line").queryAs(Label.class);
    assertThat(onFx(status::getText))
        .startsWith("Connected:")
        .endsWith(MongoTestSupport.target().hosts() + "/" + database + ".orders");
  }

  @Test
  void schemaShowsTablesRolesColumnsAndFirstRows() throws Exception {
    connectToTheDemo();
    robot.clickOn("#nav-schema");
    await(60, () -> ui.schema().snapshotProperty().get() != null);
    Label roles = robot.lookup("#schema-roles").queryAs(Label.class);
    assertThat(onFx(roles::getText))
        .contains("orders = public.orders")
        .contains("order_items = public.order_items")
        .contains("Every expected column was found");
    @SuppressWarnings("unchecked")
    TreeView<Object> tree = robot.lookup(".tree-view").queryAs(TreeView.class);
    onFx(
        () -> {
          for (TreeItem<Object> schema : tree.getRoot().getChildren()) {
            for (TreeItem<Object> relation : schema.getChildren()) {
              if (relation.getValue() instanceof SourceCatalog.Relation r
                  && r.name().equals("orders")) {
                tree.getSelectionModel().select(relation);
              }
            }
          }
          return null;
        });
    await(30, () -> ui.schema().sampleProperty().get() != null);
    assertThat(onFx(() -> ui.schema().relationInfoProperty().get()))
        .contains("Ferry reads it as orders");
    assertThat(onFx(() -> ui.schema().columns().stream().anyMatch(c -> c.keys().equals("PK"))))
        .isTrue();
    assertThat(onFx(() -> ui.schema().sampleProperty().get().rows())).hasSize(100);
    assertThat(robot.lookup(".role-tag").queryAll()).isNotEmpty();
  }

  @Test
  void previewShowsTheDocumentAndItsExplanation() throws Exception {
    connectToTheDemo();
    robot.clickOn("#nav-preview");
    // Before the first preview of this connection each pane says what will be there.
    TextFlow json = robot.lookup(".json").queryAs(TextFlow.class);
    VBox explanation = robot.lookup("#preview-explanation").queryAs(VBox.class);
    assertThat(onFx(() -> texts(json))).isEqualTo(PreviewViewModel.DOCUMENT_HINT);
    assertThat(onFx(() -> labels(explanation, ".hint")))
        .containsExactly(PreviewViewModel.EXPLANATION_HINT);
    assertThat(robot.lookup(".hint").match(n -> n instanceof Label).queryAllAs(Label.class))
        .extracting(Label::getText)
        .contains(onFx(() -> ui.preview().hintProperty().get()));
    onFx(
        () -> {
          ui.preview().argumentProperty().set("5");
          return null;
        });
    robot.clickOn(
        robot.lookup(".button").match(n -> "Preview".equals(((Button) n).getText())).queryButton());
    await(60, () -> ui.preview().entries().size() == 5);
    var entry = onFx(() -> ui.preview().selectedProperty().get());
    List<String> expected =
        OrderExplanation.of(entry.result(), ui.workspace().session().job().mapping().sourceZone())
            .lines();
    // Every sentence of the explanation, in order, under visible section titles.
    assertThat(onFx(() -> labels(explanation, ".explanation-line")))
        .containsExactlyElementsOf(expected);
    assertThat(String.join("\n", expected)).containsIgnoringCase("promotion");
    assertThat(onFx(() -> labels(explanation, ".explanation-title"))).contains("Summary");
    Label target = robot.lookup("#preview-target").queryAs(Label.class);
    assertThat(onFx(target::getText)).matches("(?s)^(NEW|REJECTED).*");
    String shown = onFx(() -> texts(json));
    String document = onFx(() -> ui.preview().documentJsonProperty().get());
    // The pane only breaks lines (never drops or reorders a character) and indents what it breaks.
    assertThat(shown.replaceAll("\\s+", "")).isEqualTo(document.replaceAll("\\s+", ""));
    assertThat(shown.lines())
        .filteredOn(line -> !line.equals("{") && !line.equals("}"))
        .allSatisfy(line -> assertThat(line).startsWith("  "));
    if (entry.result() instanceof dev.ferry.core.MappingResult.Accepted) {
      assertThat(shown).contains("NumberDecimal(").contains("\"_id\"");
    }
  }

  private static String texts(TextFlow flow) {
    return flow.getChildren().stream().map(n -> ((Text) n).getText()).reduce("", String::concat);
  }

  private static List<String> labels(Parent root, String styleClass) {
    return root.lookupAll(styleClass).stream().map(n -> ((Label) n).getText()).toList();
  }

  @Test
  void runToCompletionShowsTheEngineCounts() throws Exception {
    connectToAFreshTarget();
    robot.clickOn("#nav-run");
    robot.clickOn("Start");
    await(120, () -> ui.run().lastReport().isPresent());
    RunReport report = onFx(() -> ui.run().lastReport().orElseThrow());
    assertThat(report.run().status()).isEqualTo(RunStatus.COMPLETED);
    RunCounts counts = report.run().counts();
    assertThat(counts.total()).isEqualTo(ORDERS);
    assertThat(counts.inserted()).isPositive();
    assertCountsShown(counts);
    await(30, () -> ui.run().rejects().size() == counts.rejected());
    // History lists the run with the same counts.
    robot.clickOn("#nav-history");
    await(
        30,
        () ->
            ui.history().runs().stream().anyMatch(r -> r.record().id().equals(report.run().id())));
    @SuppressWarnings("unchecked")
    TableView<Object> table = robot.lookup(".table-view").queryAs(TableView.class);
    assertThat(onFx(() -> table.getItems().size())).isGreaterThanOrEqualTo(1);
  }

  @Test
  void cancelStopsTheRunAndARerunConverges() throws Exception {
    connectToAFreshTarget();
    robot.clickOn("#nav-run");
    // A first run loads everything into this test's target.
    robot.clickOn("Start");
    await(120, () -> !ui.run().runningProperty().get() && ui.run().lastReport().isPresent());
    assertThat(onFx(() -> ui.run().lastReport().orElseThrow().run().status()))
        .isEqualTo(RunStatus.COMPLETED);
    Button start = robot.lookup("Start").queryButton();
    Button cancel = robot.lookup("Cancel").queryButton();
    // Start and cancel in one FX turn: the cancellation reaches the engine before its first batch.
    onFx(
        () -> {
          start.fire();
          cancel.fire();
          return null;
        });
    await(60, () -> !ui.run().runningProperty().get() && ui.run().lastReport().isPresent());
    RunReport cancelled = onFx(() -> ui.run().lastReport().orElseThrow());
    assertThat(cancelled.run().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(onFx(() -> ui.run().statusTextProperty().get())).contains("cancelled");

    robot.clickOn("Start");
    await(120, () -> !ui.run().runningProperty().get() && ui.run().lastReport().isPresent());
    RunReport rerun = onFx(() -> ui.run().lastReport().orElseThrow());
    assertThat(rerun.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(rerun.run().counts().total()).isEqualTo(ORDERS);
    // The first run loaded everything; the re-run finds it all in place.
    assertThat(rerun.run().counts().unchanged() + rerun.run().counts().rejected())
        .isEqualTo(ORDERS);
    assertCountsShown(rerun.run().counts());

    robot.clickOn("Verify");
    await(
        60,
        () ->
            !ui.run().verifyingProperty().get()
                && ui.run().verificationProperty().get().startsWith("Verified"));
  }

  @Test
  void aBadConnectionShowsItsCauseInTheDialog() throws Exception {
    connectToTheDemo();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    robot.clickOn("#nav-connections");
    int port = closedPort;
    onFx(
        () -> {
          ui.connections().postgres().hostProperty().set("127.0.0.1");
          ui.connections().postgres().portProperty().set(Integer.toString(port));
          return null;
        });
    robot.clickOn("#connect");
    await(60, () -> !robot.lookup(".error-cause").queryAll().isEmpty());
    Label cause = robot.lookup(".error-cause").queryAs(Label.class);
    assertThat(onFx(cause::getText))
        .startsWith("Nothing accepted the connection at 127.0.0.1:" + port);
    Label action = robot.lookup(".error-action").queryAs(Label.class);
    assertThat(onFx(action::getText)).startsWith("Check the host and port");
    onFx(
        () -> {
          Window.getWindows().stream().filter(w -> w != ui.stage()).toList().forEach(Window::hide);
          return null;
        });
  }

  private void assertCountsShown(RunCounts counts) throws Exception {
    assertThat(text("#count-inserted")).isEqualTo(String.format("%,d", counts.inserted()));
    assertThat(text("#count-updated")).isEqualTo(String.format("%,d", counts.updated()));
    assertThat(text("#count-unchanged")).isEqualTo(String.format("%,d", counts.unchanged()));
    assertThat(text("#count-rejected")).isEqualTo(String.format("%,d", counts.rejected()));
  }

  private String text(String id) throws Exception {
    Label label = robot.lookup(id).queryAs(Label.class);
    return onFx(label::getText);
  }
}
