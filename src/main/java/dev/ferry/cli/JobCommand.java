package dev.ferry.cli;

import dev.ferry.app.FerrySession;
import dev.ferry.app.JobSettings;
import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.RunCancelledException;
import dev.ferry.tunnel.HostKeyPrompt;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The frame of every command that connects to a source and a target: open a session, run, turn
 * failures into one sentence and an exit code, and cancel cleanly on Ctrl+C.
 */
abstract class JobCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin OutputOptions output;

  /** Runs the command's work in an open session and returns its exit code. */
  abstract int run(FerrySession session, CancellationToken cancel);

  /** The job these options describe; commands that add a tunnel override this. */
  JobSettings job() {
    return connection.job();
  }

  @Override
  public final Integer call() {
    JobSettings job = job();
    Logging.configure(output.verbose);
    CancellationToken cancel = new CancellationToken();
    Interrupts interrupts = Interrupts.cancelOnCtrlC(cancel);
    try (interrupts;
        FerrySession session = FerrySession.open(job, HostKeyPrompt.REFUSE)) {
      return run(session, cancel);
    } catch (RunCancelledException e) {
      err()
          .println(
              "ferry: cancelled; the target is consistent and the next run completes the job.");
      err().flush();
      return ExitCodes.CANCELLED;
    } catch (RuntimeException e) {
      return fail(e);
    }
  }

  /** Prints a failure as one sentence (the stack trace only with --verbose). */
  int fail(Throwable e) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("ferry: " + Failures.sentence(e));
    if (output.verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    if (output.json) {
      out().println(new Json().put("status", "failed").put("error", Failures.sentence(e)));
      out().flush();
    }
    return ExitCodes.FAILED;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
