package dev.ferry.cli;

import dev.ferry.app.FerrySession;
import dev.ferry.app.RejectPolicy;
import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.CompareMode;
import dev.ferry.engine.ProgressListener;
import dev.ferry.engine.RunReport;
import dev.ferry.engine.RunStatus;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry migrate}: one run of every source order into the target. */
@Command(
    name = "migrate",
    description =
        "Load every order into MongoDB: inserts new documents, updates changed ones, leaves unchanged ones alone, rejects invalid orders with their reasons.",
    footer = ExitCodes.HELP,
    mixinStandardHelpOptions = true)
final class MigrateCommand extends JobCommand {
  @Option(
      names = "--dry-run",
      description = "Compare with the target and count, but write nothing.")
  boolean dryRun;

  @Option(
      names = "--delete-missing",
      description =
          "Remove documents and rejects whose order is no longer in the source (otherwise they"
              + " stay and are counted as stale).")
  boolean deleteMissing;

  @Option(
      names = "--compare",
      paramLabel = "MODE",
      description =
          "state (default): trust the target's sync state when it is consistent; full: read and"
              + " compare every target document byte for byte, repair what was changed behind"
              + " Ferry's back and rebuild the sync state.")
  CompareMode compare = CompareMode.STATE;

  @Override
  int run(FerrySession session, CancellationToken cancel) {
    ProgressPrinter progress = new ProgressPrinter(err(), !output.json);
    RejectPolicy rejects = jobFile.rejects(spec);
    AtomicLong tooMany = new AtomicLong(-1);
    ProgressListener listener =
        p -> {
          progress.onProgress(p);
          if (rejects.exceededBy(p.counts().rejected()) && tooMany.get() < 0) {
            tooMany.set(p.counts().rejected());
            cancel.cancel();
          }
        };
    RunReport report =
        session
            .engine()
            .migrate(
                connection
                    .runOptions(dryRun, session.job())
                    .withDeleteMissing(deleteMissing)
                    .withCompare(compare),
                listener,
                cancel);
    progress.done();
    Summaries.printRun(out(), report, output.json);
    if (tooMany.get() >= 0) {
      boolean stopped = report.run().status() == RunStatus.CANCELLED;
      err()
          .println(
              "ferry: "
                  + (stopped ? "stopped after " : "")
                  + tooMany.get()
                  + " rejected orders: the job's reject policy allows "
                  + rejects.limit().getAsLong()
                  + " (rejects."
                  + (rejects.mode() == RejectPolicy.Mode.FAIL ? "policy fail" : "max")
                  + "); the rejects and their reasons are in "
                  + session.job().target().collection()
                  + "_rejects"
                  + (stopped ? ", and the target is consistent." : "."));
      err().flush();
      return ExitCodes.FAILED;
    }
    if (report.run().status() == RunStatus.FAILED) {
      err()
          .println(
              "ferry: "
                  + tunnelDropped(session)
                      .orElseGet(
                          () ->
                              report
                                  .cause()
                                  .map(c -> Failures.sentence(c, session.job()))
                                  .or(() -> report.run().failure())
                                  .orElse("the run failed")));
      report.cause().filter(c -> output.verbose).ifPresent(c -> c.printStackTrace(err()));
      err().flush();
    }
    return switch (report.run().status()) {
      case COMPLETED -> ExitCodes.OK;
      case CANCELLED -> ExitCodes.CANCELLED;
      case FAILED, RUNNING, ABANDONED -> ExitCodes.FAILED;
    };
  }
}
