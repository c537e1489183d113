package dev.ferry.ui;

import static dev.ferry.ui.GuiTesting.await;
import static dev.ferry.ui.GuiTesting.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ui.fx.FxUiExecutor;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Connections → "Advanced: timeouts" in the real window: the fields show the job file's defaults, a
 * value the parser cannot read is named under them, and a fixed one clears it.
 */
class TimeoutsGuiTest {
  @TempDir static Path home;
  private static FxUiExecutor executor;
  private static FerryUi ui;
  private final FxRobot robot = new FxRobot();

  @BeforeAll
  static void startWindow() throws Exception {
    executor = new FxUiExecutor();
    ui = GuiTesting.start(home, executor, 10);
  }

  @AfterAll
  static void stopWindow() throws Exception {
    GuiTesting.stop(ui, executor);
  }

  private static void scrollToTheBottom(Node inside) throws Exception {
    onFx(
        () -> {
          Node node = inside;
          while (!(node instanceof ScrollPane)) {
            node = node.getParent();
          }
          ((ScrollPane) node).setVvalue(1.0);
          return null;
        });
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void anUnreadableTimeoutIsNamedUnderTheFieldsUntilItIsFixed() throws Exception {
    robot.clickOn("#nav-connections");
    TitledPane advanced = robot.lookup("#advanced").queryAs(TitledPane.class);
    TextField read = robot.lookup("#timeoutRead").queryAs(TextField.class);
    Label problem = robot.lookup("#timeoutProblem").queryAs(Label.class);
    // The Advanced part sits below the forms: scroll down to it as the analyst would, open it,
    // and scroll again once it has slid open (about 350 ms).
    scrollToTheBottom(advanced);
    robot.clickOn("Advanced: timeouts");
    await(10, advanced::isExpanded);
    Thread.sleep(1000);
    scrollToTheBottom(advanced);
    String shown = onFx(() -> read.getText());
    assertThat(shown).isEqualTo("30s");
    boolean visible = onFx(() -> problem.isVisible());
    assertThat(visible).isFalse();

    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn(read);
    await(10, read::isFocused);
    onFx(
        () -> {
          read.selectAll();
          return null;
        });
    robot.write("thirty");

    String typed = onFx(() -> read.getText());
    assertThat(typed).isEqualTo("thirty");
    await(10, problem::isVisible);
    String sentence = onFx(() -> problem.getText());
    assertThat(sentence)
        .isEqualTo(
            "Read timeout: \"thirty\" is not a duration; write a whole number with a unit: 500ms,"
                + " 30s, 5m, 1h.");

    onFx(
        () -> {
          read.selectAll();
          return null;
        });
    robot.write("45s");

    await(10, () -> !problem.isVisible());
    assertThat(onFx(() -> ui.connections().timeouts().timeouts().read().toSeconds())).isEqualTo(45);
  }
}
