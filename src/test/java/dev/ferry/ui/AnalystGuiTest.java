package dev.ferry.ui;

import static dev.ferry.ui.GuiTesting.await;
import static dev.ferry.ui.GuiTesting.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.FerrySession;
import dev.ferry.app.SourceCatalog;
import dev.ferry.engine.RunReport;
import dev.ferry.engine.RunStatus;
import dev.ferry.ui.connections.TestState;
import dev.ferry.ui.fx.FxUiExecutor;
import dev.ferry.ui.shell.MainViewModel.Screen;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The desktop app as an analyst meets it (issue 12), on the real window and the real demo: no stale
 * state after a failed or a successful Connect, a run's phase and rejects on screen while it runs,
 * and no text cut off on any screen at 1280×800.
 *
 * <p>The window and the demo databases are shared; each test connects as it needs, so the tests run
 * in any order.
 */
class AnalystGuiTest {
  private static final int ORDERS = 2_000;

  /** The lists, tables and trees whose rows must show their whole text (issue 12, item 5). */
  /** Tables whose every column must be in sight at 1280×800. */
  private static final Set<String> ALL_COLUMNS_IN_SIGHT =
      Set.of("analysis-clients", "mapping-roles");

  private static final Set<String> FULL_ROWS =
      Set.of("runs", "tree", "columns", "orders", "rejects");

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

  private static void closeDialogs() throws Exception {
    onFx(
        () -> {
          Window.getWindows().stream().filter(w -> w != ui.stage()).toList().forEach(Window::hide);
          return null;
        });
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aFailedConnectLeavesNoConnectedStateBehindAndASuccessfulOneClearsOldErrors()
      throws Exception {
    connectToTheDemo();
    robot.clickOn("#nav-schema");
    await(60, () -> ui.schema().snapshotProperty().get() != null);
    robot.clickOn("#nav-connections");
    int port = closedPort();
    onFx(
        () -> {
          ui.connections().postgres().portProperty().set(Integer.toString(port));
          ui.connections().testPostgres();
          return null;
        });
    await(60, () -> ui.connections().postgres().testStateProperty().get() == TestState.FAILED);
    robot.clickOn("#connect");
    await(60, () -> !robot.lookup(".error-cause").queryAll().isEmpty());
    closeDialogs();

    assertThat(onFx(() -> ui.workspace().session())).isNull();
    assertThat(onFx(() -> ui.connections().messageProperty().get()))
        .startsWith("Connect failed: ")
        .doesNotContain("Connected.");
    assertThat(onFx(() -> ui.workspace().statusProperty().get())).startsWith("Not connected");
    robot.clickOn("#nav-schema");
    await(30, () -> ui.schema().snapshotProperty().get() == null);
    assertThat(onFx(() -> ui.run().statusTextProperty().get())).startsWith("Not connected");

    // The demo again: both ends answer, so the red result of the earlier test goes.
    connectToTheDemo();
    assertThat(onFx(() -> ui.connections().postgres().testStateProperty().get()))
        .isEqualTo(TestState.IDLE);
    assertThat(onFx(() -> ui.connections().postgres().testResultProperty().get())).isEmpty();
    assertThat(onFx(() -> ui.run().statusTextProperty().get())).startsWith("Ready: Start runs");
  }

  @Test
  void aRunShowsItsPhaseAndItsRejectsWhileItRunsAndNoEtaOnceStopped() throws Exception {
    connectToAFreshTarget();
    robot.clickOn("#nav-run");
    List<String> statuses = new CopyOnWriteArrayList<>();
    AtomicBoolean rejectsWhileRunning = new AtomicBoolean();
    onFx(
        () -> {
          ui.run().batchSizeProperty().set(20);
          ui.run().statusTextProperty().addListener((obs, old, now) -> statuses.add(now));
          ui.run()
              .rejects()
              .addListener(
                  (ListChangeListener<Object>)
                      change -> {
                        if (ui.run().runningProperty().get() && !ui.run().rejects().isEmpty()) {
                          rejectsWhileRunning.set(true);
                        }
                      });
          return null;
        });
    robot.clickOn("Start");
    await(120, () -> !ui.run().runningProperty().get() && ui.run().lastReport().isPresent());
    RunReport report = onFx(() -> ui.run().lastReport().orElseThrow());
    assertThat(report.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(report.run().counts().rejected()).isPositive();
    assertThat(rejectsWhileRunning).as("the rejects table filled while the run ran").isTrue();
    assertThat(statuses)
        .as("a phase before the first batch was on screen")
        .anyMatch(
            s ->
                s.startsWith("Opening the source snapshot")
                    || s.startsWith("Reading the target's sync state")
                    || s.startsWith("Reading the first orders"));

    // A cancelled run has no time left to estimate.
    onFx(
        () -> {
          ui.run().batchSizeProperty().set(20);
          ui.run().start();
          return null;
        });
    await(60, () -> ui.run().processedProperty().get() > 0 || !ui.run().runningProperty().get());
    onFx(
        () -> {
          ui.run().cancel();
          return null;
        });
    await(60, () -> !ui.run().runningProperty().get());
    assertThat(onFx(() -> ui.run().etaTextProperty().get())).isEqualTo("–");
  }

  @Test
  void aCancelAfterTheLastBatchRecordsACompletedRun() throws Exception {
    connectToAFreshTarget();
    robot.clickOn("#nav-run");
    // One batch holds every order; the cancel comes when the screen shows all of them done.
    AtomicBoolean cancelledWhileRunning = new AtomicBoolean();
    onFx(
        () -> {
          ui.run().batchSizeProperty().set(ORDERS);
          ui.run()
              .processedProperty()
              .addListener(
                  (obs, old, now) -> {
                    if (now.longValue() == ORDERS && ui.run().runningProperty().get()) {
                      cancelledWhileRunning.set(true);
                      ui.run().cancel();
                    }
                  });
          ui.run().start();
          return null;
        });
    await(120, () -> !ui.run().runningProperty().get() && ui.run().lastReport().isPresent());
    RunReport report = onFx(() -> ui.run().lastReport().orElseThrow());
    if (cancelledWhileRunning.get()) {
      assertThat(report.run().status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(onFx(() -> ui.run().statusTextProperty().get())).contains("completed");
    }
    assertThat(report.run().counts().total()).isEqualTo(ORDERS);
  }

  @Test
  void noTextIsCutOffOnAnyScreenAt1280By800() throws Exception {
    assertThat(onFx(() -> ui.stage().getScene().getWidth())).isEqualTo(1280);
    List<String> cut = new ArrayList<>();
    // Before connecting: the empty states.
    for (Screen screen : Screen.values()) {
      cut.addAll(check(screen));
    }
    connectToAFreshTarget();
    cut.addAll(check(Screen.CONNECTIONS));
    robot.clickOn("#nav-schema");
    await(60, () -> ui.schema().snapshotProperty().get() != null);
    selectOrdersTable();
    await(30, () -> ui.schema().sampleProperty().get() != null);
    cut.addAll(check(Screen.SCHEMA));

    robot.clickOn("#nav-preview");
    onFx(
        () -> {
          ui.preview().argumentProperty().set("5");
          ui.preview().load();
          return null;
        });
    await(60, () -> ui.preview().entries().size() == 5);
    cut.addAll(check(Screen.PREVIEW));

    robot.clickOn("#nav-run");
    robot.clickOn("Start");
    await(120, () -> !ui.run().runningProperty().get() && ui.run().lastReport().isPresent());
    await(30, () -> !ui.run().rejects().isEmpty());
    cut.addAll(check(Screen.RUN));

    robot.clickOn("#nav-history");
    await(30, () -> !ui.history().runs().isEmpty());
    cut.addAll(check(Screen.HISTORY));

    robot.clickOn("#nav-analysis");
    onFx(
        () -> {
          ui.analysis().analyze();
          return null;
        });
    await(120, () -> ui.analysis().analysisProperty().get() != null);
    for (String tab :
        List.of("Clients", "Table profiles", "Detected rules", "Mapping & job file")) {
      robot.clickOn(tab);
      cut.addAll(check(Screen.ANALYSIS).stream().map(c -> tab + ": " + c).toList());
      cut.addAll(
          columnsOutOfSight(ALL_COLUMNS_IN_SIGHT).stream().map(c -> tab + ": " + c).toList());
    }
    // The longest status line: the mapping applied, with its checks.
    robot.clickOn("#mapping-use");
    await(120, () -> ui.analysis().editor().messageProperty().get().startsWith("Applied"));
    await(120, () -> !ui.analysis().runningProperty().get());
    cut.addAll(check(Screen.ANALYSIS));

    assertThat(cut).as("text cut off at 1280×800").isEmpty();
  }

  private void selectOrdersTable() throws Exception {
    @SuppressWarnings("unchecked")
    TreeView<Object> tree = robot.lookup("#tree").queryAs(TreeView.class);
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
  }

  /**
   * The tables named in {@code ids} with a column running past their right edge: out of sight (a
   * constrained table shows no scroll bar for it), which an analyst reading a row does not notice.
   */
  private List<String> columnsOutOfSight(Set<String> ids) throws Exception {
    return onFx(
        () ->
            ui.stage().getScene().getRoot().lookupAll(".table-view").stream()
                .filter(table -> ids.contains(table.getId()) && shown(table))
                .flatMap(
                    table -> {
                      double right = table.localToScene(table.getLayoutBounds()).getMaxX();
                      return table.lookupAll(".column-header").stream()
                          .filter(h -> h.localToScene(h.getLayoutBounds()).getMaxX() > right + 1)
                          .map(
                              h ->
                                  "table #"
                                      + table.getId()
                                      + " hides column "
                                      + (h instanceof TableColumnHeader header
                                          ? header.getTableColumn().getText()
                                          : h.toString()));
                    })
                .toList());
  }

  /** Whether {@code node} and every parent are visible (an unselected tab's content is not). */
  private static boolean shown(Node node) {
    for (Node n = node; n != null; n = n.getParent()) {
      if (!n.isVisible()) {
        return false;
      }
    }
    return true;
  }

  /** Shows {@code screen} and lists what it cuts off, after a layout pass. */
  private List<String> check(Screen screen) throws Exception {
    onFx(
        () -> {
          ui.main().go(screen);
          return null;
        });
    robot.sleep(300);
    return onFx(
        () -> {
          Parent root = ui.stage().getScene().getRoot();
          root.applyCss();
          root.layout();
          return CutOffText.in(root, FULL_ROWS).stream().map(c -> screen + ": " + c).toList();
        });
  }
}
