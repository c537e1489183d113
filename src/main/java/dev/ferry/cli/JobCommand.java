package dev.ferry.cli;

import dev.ferry.app.Failures;
import dev.ferry.app.FerrySession;
import dev.ferry.app.JobSettings;
import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.RunCancelledException;
import dev.ferry.tunnel.HostKeyPrompt;
import dev.ferry.tunnel.SshTunnelSettings;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The frame of every command that connects to a source and a target: open a session, run, turn
 * failures into one sentence and an exit code, and cancel cleanly on Ctrl+C.
 */
abstract class JobCommand implements Callable<Integer> {
  private static final long TUNNEL_DROP_GRACE_NANOS = 500_000_000L;

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin SshOptions ssh;

  @Mixin OutputOptions output;

  @Mixin JobFileOptions jobFile;

  /** Runs the command's work in an open session and returns its exit code. */
  abstract int run(FerrySession session, CancellationToken cancel);

  /** The job these options describe, through the SSH tunnel if the options ask for one. */
  JobSettings job() {
    return ssh.apply(jobFile.job(connection, spec));
  }

  @Override
  public final Integer call() {
    Logging.configure(output.verbose);
    JobSettings job;
    try {
      job = job();
    } catch (RuntimeException e) {
      // An ssh config file that cannot be used is a failure in one sentence; invalid options stay
      // usage errors for picocli.
      if (Failures.tunnelFailure(e).isEmpty()) {
        throw e;
      }
      return fail(e);
    }
    CancellationToken cancel = new CancellationToken();
    Interrupts interrupts = Interrupts.cancelOnCtrlC(cancel);
    try (interrupts;
        FerrySession session = open(job)) {
      try {
        return run(session, cancel);
      } catch (RunCancelledException e) {
        throw e;
      } catch (RuntimeException e) {
        // Checked before the session closes, which ends the tunnel on purpose.
        Optional<String> dropped = tunnelDropped(session);
        if (dropped.isPresent()) {
          return fail(dropped.get(), e);
        }
        throw e;
      }
    } catch (RunCancelledException e) {
      err()
          .println(
              "ferry: cancelled; the target is consistent and the next run completes the job.");
      err().flush();
      return ExitCodes.CANCELLED;
    } catch (RuntimeException e) {
      return fail(Failures.sentence(e, job), e);
    }
  }

  /**
   * Opens the session, asking for a key's passphrase at the terminal if it needs one, and checks
   * that the target answers, so that an unreachable MongoDB is one sentence before any work starts.
   */
  private FerrySession open(JobSettings job) {
    FerrySession session;
    try {
      session = FerrySession.open(job, HostKeyPrompt.REFUSE);
    } catch (RuntimeException e) {
      JobSettings withPassphrase = ssh.withPromptedPassphrase(job, e).orElseThrow(() -> e);
      session = FerrySession.open(withPassphrase, HostKeyPrompt.REFUSE);
    }
    try {
      session.pingTarget();
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /**
   * The sentence for a failure of an open session whose SSH tunnel has dropped, if it has: the
   * source's own error ("I/O error") would hide the cause. Call it before the session closes.
   */
  Optional<String> tunnelDropped(FerrySession session) {
    Optional<SshTunnelSettings> tunnel = session.job().tunnel();
    if (tunnel.isEmpty() || !tunnelDown(session)) {
      return Optional.empty();
    }
    SshTunnelSettings t = tunnel.get();
    String host = t.port() == SshTunnelSettings.DEFAULT_PORT ? t.host() : t.host() + ":" + t.port();
    return Optional.of(
        "The SSH tunnel to "
            + host
            + " dropped during the run; the target is consistent and a re-run completes the job.");
  }

  /**
   * Whether the tunnel is down, waiting briefly: the database connection may report the cut a
   * moment before the SSH session notices it.
   */
  private static boolean tunnelDown(FerrySession session) {
    long deadline = System.nanoTime() + TUNNEL_DROP_GRACE_NANOS;
    while (!session.tunnelDropped()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return session.tunnelDropped();
      }
    }
    return true;
  }

  /** Prints a failure as one sentence (the stack trace only with --verbose). */
  int fail(Throwable e) {
    return fail(Failures.sentence(e), e);
  }

  /** Prints {@code sentence} for the failure {@code e} (its stack trace only with --verbose). */
  int fail(String sentence, Throwable e) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("ferry: " + sentence);
    if (output.verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    if (output.json) {
      out().println(Json.line(new FailedLine("failed", sentence)));
      out().flush();
    }
    return ExitCodes.FAILED;
  }

  /** The last line of a failed command with {@code --json}. */
  private record FailedLine(String status, String error) {}

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
