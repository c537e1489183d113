package dev.ferry.cli;

import dev.ferry.app.DemoEnvironment;
import dev.ferry.app.Failures;
import dev.ferry.app.FerryDirectories;
import dev.ferry.app.FerrySession;
import dev.ferry.app.JobSettings;
import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.RunOptions;
import dev.ferry.engine.RunReport;
import dev.ferry.engine.RunStatus;
import dev.ferry.tunnel.HostKeyPrompt;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ferry demo}: the embedded default, offline. */
@Command(
    name = "demo",
    description =
        "Start an embedded PostgreSQL with a generated client database and an embedded MongoDB-compatible server, migrate, print both connection strings, and keep them running until Ctrl+C.",
    footer = ExitCodes.HELP,
    mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin OutputOptions output;

  @Option(
      names = "--orders",
      paramLabel = "N",
      defaultValue = "" + DemoEnvironment.DEFAULT_ORDERS,
      description = "Orders to generate (default: ${DEFAULT-VALUE}).")
  int orders;

  @Option(
      names = "--no-wait",
      description = "Stop the servers after the migration instead of waiting for Ctrl+C.")
  boolean noWait;

  @Override
  public Integer call() {
    Logging.configure(output.verbose);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (orders < 1 || orders > 5_000_000) {
      err.println("ferry: --orders must be between 1 and 5000000.");
      return ExitCodes.USAGE;
    }
    err.println(
        "Starting the embedded PostgreSQL and MongoDB (data in " + FerryDirectories.data() + ") …");
    err.flush();
    CancellationToken cancel = new CancellationToken();
    CountDownLatch stop = new CountDownLatch(1);
    Interrupts interrupts = Interrupts.cancelOnCtrlC(cancel);
    try (interrupts;
        DemoEnvironment demo = DemoEnvironment.start(FerryDirectories.data(), orders)) {
      cancel.onCancel(stop::countDown);
      JobSettings job = demo.job();
      RunReport report;
      try (FerrySession session = FerrySession.open(job, HostKeyPrompt.REFUSE)) {
        report =
            session
                .engine()
                .migrate(
                    new RunOptions(job.batchSize(), false, job.forHistory()),
                    new ProgressPrinter(err, !output.json),
                    cancel);
      }
      // Saved now as well as on exit, so that even a killed demo keeps what it loaded.
      demo.persist();
      if (!output.json) {
        out.printf(
            "Demo source: %s (user %s, read-only, %d orders, %d items)%n",
            demo.postgresJdbcUrl(),
            DemoEnvironment.READER,
            demo.counts().orders(),
            demo.counts().items());
        out.printf(
            "Demo target: %s database %s, collections orders, orders_rejects, ferry_runs%n",
            demo.mongoConnectionString(), DemoEnvironment.TARGET_DATABASE);
        out.printf(
            "Look with: mongosh \"%s/%s\"%n",
            demo.mongoConnectionString(), DemoEnvironment.TARGET_DATABASE);
      }
      Summaries.printRun(out, report, output.json);
      if (report.run().status() != RunStatus.COMPLETED) {
        return report.run().status() == RunStatus.CANCELLED
            ? ExitCodes.CANCELLED
            : ExitCodes.FAILED;
      }
      if (!noWait) {
        err.println("The servers keep running; press Ctrl+C to stop them.");
        err.flush();
        stop.await();
      }
      return ExitCodes.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.CANCELLED;
    } catch (RuntimeException e) {
      err.println("ferry: " + Failures.sentence(e));
      if (output.verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      return ExitCodes.FAILED;
    }
  }
}
