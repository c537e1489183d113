package dev.ferry.app;

import com.mongodb.MongoException;
import dev.ferry.sink.MongoFailures;
import dev.ferry.tunnel.TunnelException;
import dev.ferry.tunnel.TunnelFailure;
import java.util.Optional;
import org.bson.BSONException;

/**
 * Failures put in words and in kinds, for the faces: the one sentence the CLI prints and the error
 * dialog shows, and the kind of an SSH failure a face answers differently (a trust dialog, a
 * passphrase prompt).
 *
 * <p>Contract: never returns the MongoDB driver's own text for a driver error, and never a blank
 * sentence; the kinds are read from the exception types of the layers below, so no face re-parses a
 * message.
 */
public final class Failures {
  private Failures() {}

  /**
   * The sentence for a failure of {@code job}: a MongoDB driver error that reached here unwrapped
   * is put in words by {@link MongoFailures} (never the driver's text); anything else is {@link
   * #sentence(Throwable)}.
   */
  public static String sentence(Throwable e, JobSettings job) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MongoException || t instanceof BSONException) {
        return MongoFailures.describe(e, job.target());
      }
    }
    return sentence(e);
  }

  /**
   * The first message in the cause chain; the layers below write their messages for people (what
   * failed and what to check), so the faces do not rephrase them.
   */
  public static String sentence(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank()) {
        return message.strip();
      }
    }
    return e.getClass().getSimpleName();
  }

  /** What went wrong with the SSH tunnel, if {@code e} or one of its causes is a tunnel failure. */
  public static Optional<TunnelFailure> tunnelFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TunnelException tunnel) {
        return Optional.of(tunnel.failure());
      }
    }
    return Optional.empty();
  }
}
