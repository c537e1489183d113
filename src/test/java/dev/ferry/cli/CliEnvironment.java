package dev.ferry.cli;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The environment a test hands the CLI ({@link FerryCli#run(String[], java.io.PrintWriter,
 * java.io.PrintWriter, UnaryOperator)}): the process environment with extra variables, e.g. {@code
 * PGPASSWORD}, as a user would export them before calling Ferry (a test cannot set its own JVM's).
 */
public final class CliEnvironment {
  private CliEnvironment() {}

  /** The process environment with {@code variables} added (and taking precedence). */
  public static UnaryOperator<String> with(Map<String, String> variables) {
    Map<String, String> copy = Map.copyOf(variables);
    return name -> copy.containsKey(name) ? copy.get(name) : System.getenv(name);
  }
}
