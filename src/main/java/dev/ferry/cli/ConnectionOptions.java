package dev.ferry.cli;

import dev.ferry.app.JobSettings;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.Secret;
import dev.ferry.engine.RunOptions;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import java.io.Console;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The connection options shared by {@code migrate}, {@code verify} and {@code preview}.
 *
 * <p>Passwords never come from the command line (where {@code ps} and shell history would show
 * them): an environment variable named by {@code --pg-password-env}, then {@code PGPASSWORD}, or a
 * prompt with {@code -W}; a MongoDB URI with a password comes from the variable named by {@code
 * --mongo-uri-env}. A {@code --pg-url} or {@code --mongo-uri} that carries a password is refused
 * with a sentence naming the safe way, without repeating the password.
 */
final class ConnectionOptions {
  /**
   * Where secrets and {@code PGPASSWORD} are read: the process environment, or what a test gives
   * {@link FerryCli#run(String[], java.io.PrintWriter, java.io.PrintWriter, UnaryOperator)}.
   */
  private final UnaryOperator<String> environment;

  /** Options reading variables from {@code environment} (built by {@link CliFactory}). */
  ConnectionOptions(UnaryOperator<String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Spec(Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--pg-url",
      paramLabel = "URL",
      description =
          "Source: jdbc:postgresql://HOST:PORT/DB or postgresql://USER@HOST:PORT/DB (required"
              + " unless the --job file has source.url).")
  String pgUrl;

  @Option(names = "--pg-user", paramLabel = "USER", description = "Source user (or in the URL).")
  String pgUser;

  @Option(
      names = "--pg-password-env",
      paramLabel = "VAR",
      description =
          "Read the source password from this environment variable (default: PGPASSWORD).")
  String pgPasswordEnv;

  @Option(
      names = {"-W", "--pg-password-prompt"},
      description = "Prompt for the source password.")
  boolean pgPasswordPrompt;

  @Option(
      names = "--pg-schema",
      paramLabel = "SCHEMA",
      defaultValue = "public",
      description = "Source schema (default: ${DEFAULT-VALUE}).")
  String pgSchema;

  @Option(
      names = "--mongo-uri",
      paramLabel = "URI",
      description = "Target: mongodb://HOST:PORT or mongodb+srv://HOST (without a password).")
  String mongoUri;

  @Option(
      names = "--mongo-uri-env",
      paramLabel = "VAR",
      description =
          "Read the target URI from this environment variable instead, when it holds a password.")
  String mongoUriEnv;

  @Option(
      names = "--mongo-db",
      paramLabel = "DB",
      description = "Target database (required unless the --job file has target.database).")
  String mongoDb;

  @Option(
      names = "--collection",
      paramLabel = "NAME",
      defaultValue = "orders",
      description = "Target collection (default: ${DEFAULT-VALUE}); rejects go to NAME_rejects.")
  String collection;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Orders per batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--source-zone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description =
          "Zone of timestamps without time zone, and of weekdays (default: ${DEFAULT-VALUE}).")
  String sourceZone;

  /** The job these options describe; throws a {@link ParameterException} for invalid values. */
  JobSettings job() {
    try {
      ZoneId zone = ZoneId.of(sourceZone);
      PostgresSettings source = source();
      if (mongoDb == null) {
        throw new ParameterException(
            spec.commandLine(),
            "Missing the target database: give --mongo-db DB (or a --job file with"
                + " target.database).");
      }
      MongoSettings target = MongoSettings.of(mongoUri(), mongoDb, collection);
      return JobSettings.of(source, target, new MappingSettings(zone)).withBatchSize(batchSize);
    } catch (DateTimeException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Unknown --source-zone '"
              + sourceZone
              + "': use a zone id such as UTC or America/Mexico_City.");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), sentence(e.getMessage()));
    }
  }

  /** The source these options describe; throws a {@link ParameterException} when it is missing. */
  PostgresSettings source() {
    if (pgUrl == null) {
      throw new ParameterException(
          spec.commandLine(),
          "Missing the source: give --pg-url URL (or a --job file with source.url).");
    }
    if (PostgresSettings.carriesPassword(pgUrl)) {
      throw new ParameterException(
          spec.commandLine(),
          "The --pg-url carries a password, which would show in process lists and shell history;"
              + " remove it from the URL and give the password with --pg-password-env VAR,"
              + " PGPASSWORD or -W (a prompt).");
    }
    try {
      return new PostgresSettings(
          pgUrl, pgUser, password(), pgSchema, PostgresSettings.DEFAULT_CONNECT_TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), sentence(e.getMessage()));
    }
  }

  /** What the run history stores about this command line. */
  RunOptions runOptions(boolean dryRun, JobSettings job) {
    return new RunOptions(job.batchSize(), dryRun, Map.copyOf(job.forHistory()));
  }

  private String mongoUri() {
    if (mongoUriEnv != null && mongoUri != null) {
      throw new ParameterException(
          spec.commandLine(), "Give either --mongo-uri or --mongo-uri-env, not both.");
    }
    if (mongoUriEnv != null) {
      String value = environment.apply(mongoUriEnv);
      if (value == null) {
        throw new ParameterException(
            spec.commandLine(),
            "The environment variable " + mongoUriEnv + " named by --mongo-uri-env is not set.");
      }
      return value;
    }
    if (mongoUri == null) {
      throw new ParameterException(
          spec.commandLine(), "Missing the target: give --mongo-uri URI (or --mongo-uri-env VAR).");
    }
    if (MongoSettings.carriesSecret(mongoUri)) {
      throw new ParameterException(
          spec.commandLine(),
          "The --mongo-uri carries a password, which would show in process lists and shell"
              + " history; put the URI in an environment variable and give its name with"
              + " --mongo-uri-env VAR.");
    }
    return mongoUri;
  }

  /** A message of the layers below as a sentence: capitalised, with a final period. */
  private static String sentence(String message) {
    String text = message.strip();
    if (text.isEmpty()) {
      return text;
    }
    text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
    return text.endsWith(".") ? text : text + ".";
  }

  private Optional<Secret> password() {
    if (pgPasswordEnv != null) {
      String value = environment.apply(pgPasswordEnv);
      if (value == null) {
        throw new ParameterException(
            spec.commandLine(),
            "The environment variable "
                + pgPasswordEnv
                + " named by --pg-password-env is not set.");
      }
      return Optional.of(Secret.of(value));
    }
    if (pgPasswordPrompt) {
      Console console = System.console();
      if (console == null) {
        throw new ParameterException(
            spec.commandLine(),
            "-W needs a terminal to prompt on; use --pg-password-env VAR instead.");
      }
      return Optional.of(Secret.of(console.readPassword("Password for the source database: ")));
    }
    return Optional.ofNullable(environment.apply("PGPASSWORD")).map(Secret::of);
  }
}
