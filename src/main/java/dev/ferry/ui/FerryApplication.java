package dev.ferry.ui;

import dev.ferry.app.DemoEnvironment;
import dev.ferry.app.FerryDirectories;
import dev.ferry.ui.fx.FxUiExecutor;
import dev.ferry.ui.shell.WindowPreferences;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The JavaFX application: owns the one executor, loads the remembered window state before the
 * window exists, and shuts everything down on exit.
 *
 * <p>Contract: started by {@link dev.ferry.Launcher} (never as the jar's main class, which fails on
 * the class path); the parameter {@code --demo} starts the Demo profile at once. The system
 * property {@code ferry.demo.orders} sets the demo's size.
 */
public final class FerryApplication extends Application {
  private Path configDirectory;
  private WindowPreferences preferences;
  private FxUiExecutor executor;
  private FerryUi ui;

  @Override
  public void init() {
    // init() runs on the launcher thread, so reading the preferences file here keeps file I/O off
    // the FX thread.
    configDirectory = FerryDirectories.config();
    preferences = WindowPreferences.load(configDirectory);
  }

  @Override
  public void start(Stage stage) {
    executor = new FxUiExecutor();
    int orders = Integer.getInteger("ferry.demo.orders", DemoEnvironment.DEFAULT_ORDERS);
    ui = FerryUi.show(stage, executor, configDirectory, preferences, orders);
    if (getParameters().getRaw().contains("--demo")) {
      ui.startDemo();
    }
  }

  @Override
  public void stop() {
    if (ui != null) {
      ui.shutdown();
    }
    if (executor != null) {
      executor.shutdown();
    }
  }
}
