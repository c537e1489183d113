package dev.ferry.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * The CLI's logging: brief unless {@code --verbose}.
 *
 * <p>Contract: without {@code --verbose}, stderr carries the CLI's own lines (progress, the one
 * sentence {@code ferry: …} of a failure) and warnings as single lines: ERROR events are dropped
 * (every failure reaches the user as the CLI's sentence, so they would only repeat it at length)
 * and no stack trace is printed. With {@code --verbose}, Ferry logs at DEBUG and every event is
 * printed with its stack trace.
 */
final class Logging {
  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";

  private Logging() {}

  static void configure(boolean verbose) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.getLogger("dev.ferry").setLevel(verbose ? Level.DEBUG : Level.WARN);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
        console.stop();
        console.clearAllFilters();
        if (!verbose) {
          console.addFilter(new NoErrors());
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        // %nopex: the message alone; without it logback appends the stack trace.
        encoder.setPattern(verbose ? PATTERN : PATTERN + "%nopex");
        encoder.start();
        console.setEncoder(encoder);
        console.start();
      }
    }
  }

  /** Drops ERROR events: the CLI reports each failure itself, in one sentence. */
  private static final class NoErrors extends Filter<ILoggingEvent> {
    NoErrors() {
      start();
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
      return event.getLevel().isGreaterOrEqual(Level.ERROR)
          ? FilterReply.DENY
          : FilterReply.NEUTRAL;
    }
  }
}
