package dev.ferry.cli;

import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Runs CLI commands in tests with extra environment variables (a test cannot set its own JVM's),
 * e.g. {@code PGPASSWORD}, as a user would export them before calling Ferry.
 */
public final class CliEnvironment {
  private CliEnvironment() {}

  /** Runs {@code work} with {@code variables} visible to the CLI over the process environment. */
  public static <T> T with(Map<String, String> variables, Supplier<T> work) {
    UnaryOperator<String> process = ConnectionOptions.environment;
    ConnectionOptions.environment =
        name -> variables.containsKey(name) ? variables.get(name) : process.apply(name);
    try {
      return work.get();
    } finally {
      ConnectionOptions.environment = process;
    }
  }
}
