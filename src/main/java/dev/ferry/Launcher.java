package dev.ferry;

import dev.ferry.cli.FerryCli;
import dev.ferry.ui.FerryApplication;
import javafx.application.Application;

/**
 * The jar's entry point: a class that does not extend JavaFX's Application, so the shaded jar
 * starts on the classpath.
 *
 * <p>Contract: no arguments (a double-click on the jar) opens the window; {@code --demo} opens it
 * and starts the Demo profile; any other arguments go to the CLI unchanged. On a Mac, the native
 * libraries JavaFX needs are prepared first (see {@link MacNatives}).
 */
public final class Launcher {
  private Launcher() {}

  /** Opens the GUI or runs the CLI, see the class description. */
  public static void main(String[] args) {
    if (args.length == 0 || (args.length == 1 && "--demo".equals(args[0]))) {
      MacNatives.prepare();
      Application.launch(FerryApplication.class, args);
    } else {
      FerryCli.main(args);
    }
  }
}
