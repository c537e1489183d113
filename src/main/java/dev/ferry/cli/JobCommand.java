package dev.ferry.cli;

import dev.ferry.app.FerrySession;
import dev.ferry.app.JobSettings;
import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.RunCancelledException;
import dev.ferry.tunnel.HostKeyPrompt;
import dev.ferry.tunnel.TunnelException;
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

  @Mixin SshOptions ssh;

  @Mixin OutputOptions output;

  /** Runs the command's work in an open session and returns its exit code. */
  abstract int run(FerrySession session, CancellationToken cancel);

  /** The job these options describe, through the SSH tunnel if the options ask for one. */
  JobSettings job() {
    return ssh.apply(connection.job());
  }

  @Override
  public final Integer call() {
    Logging.configure(output.verbose);
    JobSettings job;
    try {
      job = job();
    } catch (TunnelException e) {
      return fail(e);
    }
    CancellationToken cancel = new CancellationToken();
    Interrupts interrupts = Interrupts.cancelOnCtrlC(cancel);
    try (interrupts;
        FerrySession session = open(job)) {
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

  /** Opens the session, asking for a key's passphrase at the terminal if it needs one. */
  private FerrySession open(JobSettings job) {
    try {
      return FerrySession.open(job, HostKeyPrompt.REFUSE);
    } catch (TunnelException e) {
      JobSettings withPassphrase = ssh.withPromptedPassphrase(job, e).orElseThrow(() -> e);
      return FerrySession.open(withPassphrase, HostKeyPrompt.REFUSE);
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
