package dev.ferry.cli;

import com.mongodb.MongoException;
import dev.ferry.app.JobSettings;
import dev.ferry.sink.MongoFailures;
import org.bson.BSONException;

/** Turns exceptions into the one sentence the CLI prints. */
final class Failures {
  private Failures() {}

  /**
   * The sentence for a failure of {@code job}: a MongoDB driver error that reached here unwrapped
   * is put in words by {@link MongoFailures} (never the driver's text); anything else is {@link
   * #sentence(Throwable)}.
   */
  static String sentence(Throwable e, JobSettings job) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MongoException || t instanceof BSONException) {
        return MongoFailures.describe(e, job.target());
      }
    }
    return sentence(e);
  }

  /**
   * The first message in the cause chain; the layers below write their messages for people (what
   * failed and what to check), so the CLI does not rephrase them.
   */
  static String sentence(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank()) {
        return message.strip();
      }
    }
    return e.getClass().getSimpleName();
  }
}
