package dev.ferry.cli;

import dev.ferry.analysis.AnalysisOptions;
import dev.ferry.analysis.ReportWriter;
import dev.ferry.analysis.SourceAnalysis;
import dev.ferry.analysis.SourceAnalyzer;
import dev.ferry.app.FerrySession;
import dev.ferry.app.JobFile;
import dev.ferry.app.JobProposal;
import dev.ferry.core.MappingSettings;
import dev.ferry.source.PostgresSettings;
import dev.ferry.tunnel.HostKeyPrompt;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ferry inspect}: profile the source and report each client, read-only. */
@Command(
    name = "inspect",
    description =
        "Analyze the source read-only: every schema, table, view, materialized view and partitioned"
            + " table; which tables and columns play Ferry's roles; profiles of Ferry's tables"
            + " (sampled when large); each client's orders, promotion day and anomalies. Prints"
            + " the report as Markdown (or JSON with --json); --write-job writes a job file for"
            + " migrate/verify/preview --job.",
    footer = ExitCodes.HELP,
    mixinStandardHelpOptions = true)
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin JobFileOptions jobFile;

  @Mixin SshOptions ssh;

  @Mixin OutputOptions output;

  @Option(names = "--markdown", paramLabel = "FILE", description = "Write the report as Markdown.")
  Path markdown;

  @Option(names = "--html", paramLabel = "FILE", description = "Write the report as HTML.")
  Path html;

  @Option(
      names = "--write-job",
      paramLabel = "FILE",
      description =
          "Write a job file (YAML, or JSON for a .json name) with the roles and rules found; no"
              + " password is written.")
  Path writeJob;

  @Option(
      names = "--sample-rows",
      paramLabel = "N",
      defaultValue = "100000",
      description =
          "Profile at most N rows per table; larger tables are sampled (default: ${DEFAULT-VALUE}).")
  int sampleRows;

  @Option(
      names = "--max-orders",
      paramLabel = "N",
      defaultValue = "200000",
      description = "Read at most N orders for the per-client report (default: ${DEFAULT-VALUE}).")
  int maxOrders;

  @Override
  public Integer call() {
    Logging.configure(output.verbose);
    jobFile.acceptPlaceholders = true;
    PostgresSettings source = jobFile.source(connection, spec);
    MappingSettings mapping = mapping();
    AnalysisOptions options;
    try {
      options =
          AnalysisOptions.defaults()
              .withBounds(sampleRows, maxOrders)
              .withDetectSchema(
                  !spec.commandLine().getParseResult().hasMatchedOption("--pg-schema")
                      && jobFile.load(spec).isEmpty())
              .withDetectTaxRate(
                  jobFile.load(spec).map(j -> j.placeholder("mapping.tax_rate")).orElse(true));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    SourceAnalysis analysis;
    try {
      AnalysisOptions bounded = options;
      analysis =
          FerrySession.withSource(
              source,
              ssh.tunnel(source),
              HostKeyPrompt.REFUSE,
              reachable -> SourceAnalyzer.analyze(reachable, mapping, bounded));
    } catch (RuntimeException e) {
      return fail(e);
    }
    try {
      if (markdown != null) {
        Files.writeString(markdown, ReportWriter.markdown(analysis), StandardCharsets.UTF_8);
        err().println("ferry: wrote the report to " + markdown);
      }
      if (html != null) {
        Files.writeString(html, ReportWriter.html(analysis), StandardCharsets.UTF_8);
        err().println("ferry: wrote the report to " + html);
      }
      if (output.json) {
        out().print(ReportWriter.json(analysis));
      } else if (markdown == null && html == null) {
        out().print(ReportWriter.markdown(analysis));
      }
      out().flush();
      if (!analysis.roles().ready()) {
        err()
            .println(
                "ferry: Ferry cannot read this source without your choices: "
                    + String.join("; ", analysis.roles().problems()));
      }
      for (SourceAnalysis.Question q : analysis.questions()) {
        err().println("ferry: the data cannot decide " + q.setting() + ": " + q.question());
      }
      if (writeJob != null) {
        JobProposal.Proposal proposal = JobProposal.from(analysis, base(source, mapping));
        proposal.write(writeJob);
        JobFile job = proposal.job();
        if (proposal.choices().isEmpty()) {
          err()
              .println(
                  "ferry: wrote the job file "
                      + writeJob
                      + " (schema "
                      + job.source().schema()
                      + ", tax rates as "
                      + job.mapping().taxRate().label()
                      + ")");
        } else {
          err()
              .println(
                  "ferry: wrote the job file "
                      + writeJob
                      + " with "
                      + proposal.choices().size()
                      + (proposal.choices().size() == 1 ? " setting" : " settings")
                      + " for you to choose ("
                      + String.join(", ", proposal.choices())
                      + "); its comments rank the candidates. Set them (or use the mapping editor),"
                      + " then run: ferry migrate --job "
                      + writeJob);
        }
      }
      err().flush();
      return ExitCodes.OK;
    } catch (IOException | RuntimeException e) {
      return fail(e);
    }
  }

  /** The rules the report judges orders by: the job file's, with the zone from the options. */
  private MappingSettings mapping() {
    MappingSettings base =
        jobFile.load(spec).map(JobFile::mapping).orElse(MappingSettings.defaults());
    try {
      return base.withSourceZone(ZoneId.of(connection.sourceZone));
    } catch (DateTimeException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Unknown --source-zone '"
              + connection.sourceZone
              + "': use a zone id such as UTC or America/Mexico_City.");
    }
  }

  /** What the user gave, as a job file: the connection without a password, the target if any. */
  private JobFile base(PostgresSettings source, MappingSettings mapping) {
    JobFile file = jobFile.load(spec).orElse(JobFile.defaults());
    JobFile.Source src =
        new JobFile.Source(
            Optional.of(source.jdbcUrl()),
            Optional.of(source.user()),
            Optional.ofNullable(connection.pgPasswordEnv),
            source.schema(),
            source.roles());
    JobFile.Target target =
        new JobFile.Target(
            Optional.ofNullable(connection.mongoUri),
            Optional.ofNullable(connection.mongoUriEnv),
            Optional.ofNullable(connection.mongoDb),
            connection.collection,
            connection.batchSize);
    return file.withSource(src).withMapping(mapping).withTarget(target);
  }

  private int fail(Throwable e) {
    err().println("ferry: " + Failures.sentence(e));
    if (output.verbose) {
      e.printStackTrace(err());
    }
    err().flush();
    return ExitCodes.FAILED;
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
