package dev.ferry.cli;

/** Turns exceptions into the one sentence the CLI prints. */
final class Failures {
  private Failures() {}

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
