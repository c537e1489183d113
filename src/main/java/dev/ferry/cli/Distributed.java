package dev.ferry.cli;

import dev.ferry.app.Failures;
import dev.ferry.app.FerrySession;
import dev.ferry.app.JobSettings;
import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.CompareMode;
import dev.ferry.engine.DistributedRun;
import dev.ferry.engine.ProgressListener;
import dev.ferry.engine.RangeOutcome;
import dev.ferry.engine.RangeTask;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.RunReport;
import dev.ferry.engine.RunStatus;
import dev.ferry.tunnel.HostKeyPrompt;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code migrate} with its parts carried elsewhere — the face of the Spark job: the same options as
 * {@code migrate} (job file, connection and SSH options, {@code --json}, …) plus {@code
 * --partitions N}, the same one-sentence failures, exit codes and summary (its last line with
 * {@code --json}). The runner of the parts ({@link Parts}) is given by the caller; workers rebuild
 * their session from the same arguments with {@link #runPart}, reading secrets from their own
 * environment, so no secret travels with a part.
 */
public final class Distributed {
  private Distributed() {}

  /** Runs every part of a distributed run and returns one outcome per task, in task order. */
  public interface Parts {
    List<RangeOutcome> run(DistributedRun run);
  }

  /** Runs {@code ferry migrate} in parts with {@code parts}; returns the exit code. */
  public static int migrate(String[] args, Parts parts, PrintWriter out, PrintWriter err) {
    return FerryCli.execute(new PartsCommand(parts), args, out, err, System::getenv);
  }

  /**
   * On a worker: opens a session from the same arguments as the driver's (secrets from this
   * machine's environment) and carries one part; never throws for a failure of the source or the
   * target (the outcome says so).
   */
  public static RangeOutcome runPart(String[] args, RangeTask task) {
    PartsCommand command = new PartsCommand(run -> List.of());
    CommandLine cli = new CommandLine(command, new CliFactory(System::getenv));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.parseArgs(args);
    JobSettings job = command.job();
    try (FerrySession session = FerrySession.open(job, HostKeyPrompt.REFUSE)) {
      return session.engine().runRange(task, ProgressListener.NONE, new CancellationToken());
    } catch (RuntimeException e) {
      return new RangeOutcome(
          task.range(),
          RunStatus.FAILED,
          false,
          RunCounts.ZERO,
          0,
          0,
          List.of(),
          List.of(),
          List.of(),
          Optional.of(Failures.sentence(e, job)));
    }
  }

  /** The outcome of a part whose runner failed before it could say (every part, unknown counts). */
  public static RangeOutcome lost(RangeTask task, String why) {
    return new RangeOutcome(
        task.range(),
        RunStatus.FAILED,
        false,
        RunCounts.ZERO,
        0,
        0,
        List.of(),
        List.of(),
        List.of(),
        Optional.of(why));
  }

  @Command(
      name = "migrate",
      description =
          "Load every order into MongoDB in parts carried by workers (a Spark job): the same"
              + " documents, counts and run record as ferry migrate.",
      footer = ExitCodes.HELP,
      mixinStandardHelpOptions = true)
  static final class PartsCommand extends JobCommand {
    private final Parts parts;

    @Option(
        names = "--partitions",
        paramLabel = "N",
        description = "How many parts (uid ranges) to cut the orders into (default: 8).")
    int partitions = 8;

    @Option(
        names = "--dry-run",
        description = "Compare with the target and count, but write nothing.")
    boolean dryRun;

    @Option(
        names = "--delete-missing",
        description = "Remove documents and rejects whose order is no longer in the source.")
    boolean deleteMissing;

    @Option(
        names = "--compare",
        paramLabel = "MODE",
        description = "state (default) or full: compare every target document byte for byte.")
    CompareMode compare = CompareMode.STATE;

    PartsCommand(Parts parts) {
      this.parts = parts;
    }

    @Override
    int run(FerrySession session, CancellationToken cancel) {
      if (partitions < 1 || partitions > 100_000) {
        err().println("ferry: --partitions must be between 1 and 100000.");
        err().flush();
        return ExitCodes.USAGE;
      }
      Map<String, String> history = new java.util.LinkedHashMap<>(session.job().forHistory());
      history.put("runner", "spark");
      DistributedRun run =
          session
              .engine()
              .distribute(
                  new dev.ferry.engine.RunOptions(
                          session.job().batchSize(), dryRun, history, deleteMissing, compare)
                      .withDeleteMissing(deleteMissing),
                  partitions);
      RunReport report;
      try {
        err()
            .printf(
                "Run %s: %d orders in %d parts (%s)%n",
                run.runId(), run.total(), run.tasks().size(), run.mode().label());
        err().flush();
        List<RangeOutcome> outcomes;
        try {
          outcomes = parts.run(run);
        } catch (RuntimeException e) {
          // The runner itself failed (e.g. the Spark job was aborted): every part is unknown.
          List<RangeOutcome> lost = new ArrayList<>();
          for (RangeTask task : run.tasks()) {
            lost.add(lost(task, Failures.sentence(e, session.job())));
          }
          outcomes = lost;
        }
        report = run.finish(outcomes);
      } finally {
        run.close();
      }
      Summaries.printRun(out(), report, output.json);
      if (report.run().status() == RunStatus.FAILED) {
        err().println("ferry: " + report.run().failure().orElse("the run failed"));
        err().flush();
      }
      return switch (report.run().status()) {
        case COMPLETED -> ExitCodes.OK;
        case CANCELLED -> ExitCodes.CANCELLED;
        case FAILED, RUNNING, ABANDONED -> ExitCodes.FAILED;
      };
    }
  }
}
