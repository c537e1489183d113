package dev.ferry.ui;

import dev.ferry.app.FerrySession;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.ui.fx.FxUiExecutor;
import dev.ferry.ui.shell.WindowPreferences;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the real window for robot tests and waits on FX-thread conditions. */
final class GuiTesting {
  private GuiTesting() {}

  /** Shows the window with the app's own executor; {@code home} becomes ferry.home. */
  static FerryUi start(Path home, FxUiExecutor executor, int demoOrders) throws Exception {
    System.setProperty("ferry.home", home.toString());
    var stage = FxToolkit.registerPrimaryStage();
    return WaitForAsyncUtils.asyncFx(
            () ->
                FerryUi.show(
                    stage,
                    executor,
                    home.resolve("config"),
                    WindowPreferences.defaults(),
                    demoOrders))
        .get(30, TimeUnit.SECONDS);
  }

  /** Evaluates {@code call} on the FX thread. */
  static <T> T onFx(Callable<T> call) throws Exception {
    return WaitForAsyncUtils.asyncFx(call).get(30, TimeUnit.SECONDS);
  }

  /** Waits until {@code condition}, evaluated on the FX thread, holds. */
  static void await(int seconds, Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition));
  }

  /** Connects {@code ui} to the demo as the Demo profile does (forms filled, default settings). */
  static FerrySession connectToTheDemo(FerryUi ui) throws Exception {
    FerrySession before = onFx(() -> ui.workspace().session());
    onFx(
        () -> {
          ui.startDemo();
          return null;
        });
    await(120, () -> connectedAnew(ui, before));
    return onFx(() -> ui.workspace().session());
  }

  /**
   * Connects {@code ui} to the demo's source and, through the MongoDB form, a database no other
   * test writes to on the suite's target ({@link MongoTestSupport}: the in-process server or
   * FERRY_TEST_MONGO_URI).
   */
  static FerrySession connectToAFreshTarget(FerryUi ui) throws Exception {
    FerrySession demo = connectToTheDemo(ui);
    String database = MongoTestSupport.freshDatabase();
    onFx(
        () -> {
          ui.connections().mongo().uriProperty().set(MongoTestSupport.connectionString());
          ui.connections().mongo().databaseProperty().set(database);
          ui.connections().connect();
          return null;
        });
    await(60, () -> connectedAnew(ui, demo));
    return onFx(() -> ui.workspace().session());
  }

  /** Whether {@code ui} holds a session other than {@code before} and is done connecting. */
  static boolean connectedAnew(FerryUi ui, FerrySession before) {
    FerrySession now = ui.workspace().session();
    return now != null && now != before && !ui.connections().busyProperty().get();
  }

  /** Closes the window and stops the demo. */
  static void stop(FerryUi ui, FxUiExecutor executor) throws Exception {
    if (ui != null) {
      onFx(
          () -> {
            ui.shutdown();
            ui.stage().hide();
            return null;
          });
    }
    executor.shutdown();
    executor.awaitTermination(30);
    System.clearProperty("ferry.home");
  }
}
