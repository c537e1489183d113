package dev.ferry.app;

import dev.ferry.engine.ConnectionCheckResult;
import dev.ferry.sink.MongoConnectionCheck;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresConnectionCheck;
import dev.ferry.source.PostgresSettings;
import dev.ferry.tunnel.HostKeyPrompt;
import dev.ferry.tunnel.SshTunnelSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks that a source or a target answers, and opens a session only once both do: the Test and
 * Connect buttons of the desktop app.
 *
 * <p>Contract: every method blocks (connects once) and belongs on a background thread; a check
 * never throws for an unreachable server but answers with a {@link ConnectionCheckResult} whose
 * message is one sentence (what failed and what to check). {@link #open} turns a failed check into
 * a {@link ConnectionRefusedException} with that sentence and leaves nothing open. The desktop app
 * takes the source from its form's fields (a pasted URL is taken apart into them), so a source's
 * failure names the field to check ("the Database field"), not a URL the analyst never typed.
 */
public final class ConnectionChecks {
  private ConnectionChecks() {}

  /**
   * Checks the source, through a tunnel opened for the duration when {@code tunnel} is present.
   *
   * @param hostKeys decides about an SSH server not yet in known_hosts
   * @throws RuntimeException when the tunnel cannot be opened (one sentence, see {@link Failures})
   */
  public static ConnectionCheckResult source(
      PostgresSettings source, Optional<SshTunnelSettings> tunnel, HostKeyPrompt hostKeys) {
    return FerrySession.withSource(source, tunnel, hostKeys, ConnectionChecks::checkForm);
  }

  /** Checks the source of an open session, through its tunnel when it has one. */
  public static ConnectionCheckResult source(FerrySession session) {
    return checkForm(session.reachableSource());
  }

  /** The desktop app's source was typed into form fields: its failures name the fields. */
  private static ConnectionCheckResult checkForm(PostgresSettings source) {
    return PostgresConnectionCheck.check(source, PostgresConnectionCheck.Given.FORM_FIELDS);
  }

  /** Checks the target. */
  public static ConnectionCheckResult target(MongoSettings target) {
    return MongoConnectionCheck.check(target);
  }

  /**
   * Checks both ends of {@code job} and opens its session.
   *
   * <p>Without a tunnel the source is checked before anything opens; with one, the source's pool
   * connects lazily, so an open session would prove only the tunnel: the database behind it is
   * checked through the open tunnel before the session is handed out.
   *
   * @throws ConnectionRefusedException when a check fails, with its sentence
   * @throws RuntimeException when the tunnel cannot be opened
   */
  public static FerrySession open(JobSettings job, HostKeyPrompt hostKeys) {
    Objects.requireNonNull(job, "job");
    if (job.tunnel().isEmpty()) {
      require(checkForm(job.source()));
    }
    require(MongoConnectionCheck.check(job.target()));
    FerrySession session = FerrySession.open(job, hostKeys);
    if (job.tunnel().isPresent()) {
      ConnectionCheckResult pg = source(session);
      if (!pg.ok()) {
        session.close();
        throw new ConnectionRefusedException(pg.message());
      }
    }
    return session;
  }

  private static void require(ConnectionCheckResult result) {
    if (!result.ok()) {
      throw new ConnectionRefusedException(result.message());
    }
  }

  /** A connection check failed; the message is the check's one sentence. */
  public static final class ConnectionRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConnectionRefusedException(String message) {
      super(message);
    }
  }
}
