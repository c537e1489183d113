package dev.ferry.cli;

import java.util.Objects;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/**
 * Builds the CLI's commands and mixins for picocli, handing the mixins that read secrets the
 * environment to read them from: the process environment in use, a map in tests (which cannot set
 * their own JVM's variables), so no global is swapped.
 */
final class CliFactory implements CommandLine.IFactory {
  private final UnaryOperator<String> environment;

  CliFactory(UnaryOperator<String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    if (type == ConnectionOptions.class) {
      return type.cast(new ConnectionOptions(environment));
    }
    if (type == SshOptions.class) {
      return type.cast(new SshOptions(environment));
    }
    return CommandLine.defaultFactory().create(type);
  }
}
