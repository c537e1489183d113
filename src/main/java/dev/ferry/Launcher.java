package dev.ferry;

import dev.ferry.cli.FerryCli;

/**
 * The jar's entry point: a class that does not extend JavaFX's Application, so the shaded jar
 * starts on the classpath. Arguments go to the CLI.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    FerryCli.main(args);
  }
}
