package dev.ferry.cli;

import dev.ferry.app.JobFile;
import dev.ferry.app.JobFileException;
import dev.ferry.app.JobSettings;
import dev.ferry.app.RejectPolicy;
import dev.ferry.core.MappingSettings;
import dev.ferry.source.PostgresSettings;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code --job FILE}: read the job from a job file ({@link JobFile}), with every option given on
 * the command line overriding the file's value.
 *
 * <p>The file fills in the connection options the command line left out (source URL, user, password
 * variable, schema, zone, target URI or its variable, database, collection, batch size); the rest
 * of the job — the role mapping, money, tax and promotion rules, the reject policy, the timeouts —
 * comes only from the file. An invalid file is a usage error naming its line and key; so is a file
 * that still holds a placeholder ({@code inspect --write-job} writes one for each setting it could
 * not decide), except for {@code inspect}, which reads it as a draft and proposes again.
 */
final class JobFileOptions {
  @Option(
      names = "--job",
      paramLabel = "FILE",
      description =
          "Read the job (source, roles, mapping rules, target, reject policy) from this YAML or"
              + " JSON file, as written by 'ferry inspect --write-job'; options given here override"
              + " it.")
  Path file;

  private Optional<JobFile> loaded;

  /** Whether placeholders are accepted (inspect reads a draft); set before the first load. */
  boolean acceptPlaceholders;

  /** The job file, read once; empty without {@code --job}. */
  Optional<JobFile> load(CommandSpec spec) {
    if (loaded == null) {
      try {
        loaded =
            file == null
                ? Optional.empty()
                : Optional.of(acceptPlaceholders ? JobFile.readDraft(file) : JobFile.read(file));
      } catch (JobFileException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
    return loaded;
  }

  /** The reject policy of the job file, or collect-everything without one. */
  RejectPolicy rejects(CommandSpec spec) {
    return load(spec).map(JobFile::rejects).orElse(RejectPolicy.COLLECT);
  }

  /** The job from the command line over the job file (if any). */
  JobSettings job(ConnectionOptions connection, CommandSpec spec) {
    Optional<JobFile> job = load(spec);
    if (job.isEmpty()) {
      return connection.job();
    }
    fill(connection, job.get(), spec.commandLine().getParseResult());
    JobSettings settings = connection.job();
    PostgresSettings source = settings.source().withRoles(job.get().source().roles());
    MappingSettings mapping = job.get().mapping().withSourceZone(settings.mapping().sourceZone());
    try {
      return job.get()
          .timeouts()
          .applyTo(
              new JobSettings(
                  source, settings.target(), mapping, settings.batchSize(), settings.tunnel()));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), file + ": " + e.getMessage());
    }
  }

  /** The source alone (for commands that do not write), from the command line over the file. */
  PostgresSettings source(ConnectionOptions connection, CommandSpec spec) {
    Optional<JobFile> job = load(spec);
    job.ifPresent(j -> fill(connection, j, spec.commandLine().getParseResult()));
    PostgresSettings source = connection.source();
    try {
      return job.map(j -> j.timeouts().applyTo(source.withRoles(j.source().roles())))
          .orElse(source);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), file + ": " + e.getMessage());
    }
  }

  /** Sets every connection option the command line did not give from the file. */
  private static void fill(ConnectionOptions c, JobFile job, ParseResult given) {
    JobFile.Source source = job.source();
    JobFile.Target target = job.target();
    if (!given.hasMatchedOption("--pg-url")) {
      source.url().ifPresent(url -> c.pgUrl = url);
    }
    if (!given.hasMatchedOption("--pg-user")) {
      source.user().ifPresent(user -> c.pgUser = user);
    }
    if (!given.hasMatchedOption("--pg-password-env") && !given.hasMatchedOption("-W")) {
      source.passwordEnv().ifPresent(env -> c.pgPasswordEnv = env);
    }
    if (!given.hasMatchedOption("--pg-schema")) {
      c.pgSchema = source.schema();
    }
    if (!given.hasMatchedOption("--source-zone")) {
      c.sourceZone = job.mapping().sourceZone().getId();
    }
    if (!given.hasMatchedOption("--mongo-uri") && !given.hasMatchedOption("--mongo-uri-env")) {
      target.uri().ifPresent(uri -> c.mongoUri = uri);
      target.uriEnv().ifPresent(env -> c.mongoUriEnv = env);
    }
    if (!given.hasMatchedOption("--mongo-db")) {
      target.database().ifPresent(db -> c.mongoDb = db);
    }
    if (!given.hasMatchedOption("--collection")) {
      c.collection = target.collection();
    }
    if (!given.hasMatchedOption("--batch-size")) {
      c.batchSize = target.batchSize();
    }
  }
}
