package dev.ferry.cli;

import java.io.PrintWriter;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The headless command line, sharing the engine with the desktop app. */
@Command(
    name = "ferry",
    description =
        "Carries a client's orders from PostgreSQL into MongoDB, exactly and without duplicates.",
    mixinStandardHelpOptions = true,
    versionProvider = FerryCli.Version.class,
    subcommands = {
      MigrateCommand.class,
      VerifyCommand.class,
      PreviewCommand.class,
      InspectCommand.class,
      DemoCommand.class
    },
    footer = ExitCodes.HELP)
public final class FerryCli implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams and returns the exit code (for tests and the launcher). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, System::getenv);
  }

  /**
   * Runs the CLI with the given streams, reading secrets and {@code PGPASSWORD} from {@code
   * environment} instead of the process environment (tests); returns the exit code.
   */
  public static int run(
      String[] args, PrintWriter out, PrintWriter err, UnaryOperator<String> environment) {
    return execute(new FerryCli(), args, out, err, environment);
  }

  /** Runs {@code command} as the CLI runs its commands: same refusals, sentences and exit codes. */
  static int execute(
      Object command,
      String[] args,
      PrintWriter out,
      PrintWriter err,
      UnaryOperator<String> environment) {
    var refused = PasswordArguments.refusal(args);
    if (refused.isPresent()) {
      err.println("ferry: " + refused.get());
      err.flush();
      return ExitCodes.USAGE;
    }
    CommandLine cli = new CommandLine(command, new CliFactory(environment));
    cli.setOut(out);
    cli.setErr(err);
    // Enum options are documented in lower case (--compare full).
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExitCodeExceptionMapper(e -> ExitCodes.FAILED);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println("ferry: " + e.getMessage());
          err.println(
              "Try 'ferry "
                  + (e.getCommandLine().getCommandName().equals("ferry")
                      ? ""
                      : e.getCommandLine().getCommandName() + " ")
                  + "--help'.");
          err.flush();
          return ExitCodes.USAGE;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar's manifest, when there is one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = FerryCli.class.getPackage().getImplementationVersion();
      return new String[] {"ferry " + (version == null ? "(development build)" : version)};
    }
  }
}
