package dev.ferry.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The CLI's log level: warnings only, unless --verbose asks for Ferry's own progress log. */
final class Logging {
  private Logging() {}

  static void configure(boolean verbose) {
    if (LoggerFactory.getLogger("dev.ferry") instanceof Logger ferry) {
      ferry.setLevel(verbose ? Level.DEBUG : Level.WARN);
    }
  }
}
