package dev.ferry.tunnel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes JSch's log to SLF4J one level lower than JSch rates it: JSch reports every handshake step
 * as INFO, which would drown Ferry's own INFO log. JSch never logs passwords or passphrases.
 */
final class JschLogger implements com.jcraft.jsch.Logger {

  private static final Logger LOG = LoggerFactory.getLogger("dev.ferry.tunnel.jsch");

  @Override
  public boolean isEnabled(int level) {
    return switch (level) {
      case DEBUG -> LOG.isTraceEnabled();
      case INFO -> LOG.isDebugEnabled();
      case WARN -> LOG.isInfoEnabled();
      default -> LOG.isWarnEnabled();
    };
  }

  @Override
  public void log(int level, String message) {
    log(level, message, null);
  }

  @Override
  public void log(int level, String message, Throwable cause) {
    switch (level) {
      case DEBUG -> LOG.trace(message, cause);
      case INFO -> LOG.debug(message, cause);
      case WARN -> LOG.info(message, cause);
      default -> LOG.warn(message, cause);
    }
  }
}
