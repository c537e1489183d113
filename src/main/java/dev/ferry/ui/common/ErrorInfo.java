package dev.ferry.ui.common;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * An error as the user sees it: a title, a one-sentence cause, the action to take and technical
 * details (shown only on request).
 *
 * @param title what the user was doing, e.g. "Test PostgreSQL"
 * @param cause one sentence saying what went wrong
 * @param action what to do about it
 * @param details the technical details (stack trace), possibly empty
 */
public record ErrorInfo(String title, String cause, String action, String details) {
  public ErrorInfo {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(details, "details");
  }

  /**
   * Splits Ferry's usual message form "cause; action." into its two halves, so that messages made
   * by the source, sink and tunnel checks read well in the dialog.
   */
  public static ErrorInfo fromSentence(String title, String sentence, String details) {
    String text = sentence == null || sentence.isBlank() ? "Something went wrong." : sentence;
    int split = text.indexOf("; ");
    if (split > 0) {
      String cause = text.substring(0, split).strip();
      // A cause that already ends a sentence gets no second period ("RFC 3986..").
      cause = cause.endsWith(".") ? cause : cause + ".";
      String action = text.substring(split + 2).strip();
      action = Character.toUpperCase(action.charAt(0)) + action.substring(1);
      return new ErrorInfo(title, cause, action.endsWith(".") ? action : action + ".", details);
    }
    return new ErrorInfo(
        title,
        text.endsWith(".") ? text : text + ".",
        "Check the settings and try again; the details below say more.",
        details);
  }

  /** The error behind a failed background task. */
  public static ErrorInfo of(String title, Throwable error) {
    Throwable shown = error;
    while (shown.getCause() != null
        && shown.getMessage() != null
        && shown.getMessage().equals(String.valueOf(shown.getCause()))) {
      shown = shown.getCause();
    }
    String message = shown.getMessage();
    if (message == null || message.isBlank()) {
      message = shown.getClass().getSimpleName();
    }
    return fromSentence(title, firstLine(message), stackTrace(error));
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String stackTrace(Throwable error) {
    StringWriter out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
