package dev.ferry.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * The CLI's logging: none on the console unless {@code --verbose}.
 *
 * <p>Contract: without {@code --verbose}, stderr carries only the CLI's own lines — progress and
 * the one sentence {@code ferry: …} of a failure — and no log event at all: every failure reaches
 * the user as that sentence, so log lines would only repeat it at length, with the drivers' raw
 * text and stack traces. With {@code --verbose}, Ferry logs at DEBUG and every event is printed
 * with its stack trace.
 */
final class Logging {
  private Logging() {}

  static void configure(boolean verbose) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.getLogger("dev.ferry").setLevel(verbose ? Level.DEBUG : Level.WARN);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
        console.clearAllFilters();
        if (!verbose) {
          console.addFilter(new Silent());
        }
      }
    }
  }

  /** Drops every event: without --verbose the CLI speaks for itself. */
  private static final class Silent extends Filter<ILoggingEvent> {
    Silent() {
      start();
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
      return FilterReply.DENY;
    }
  }
}
