package dev.ferry.cli;

/** The CLI's exit codes, also listed in {@code --help} and the README. */
final class ExitCodes {
  /** The command did what was asked (verify: source and target match). */
  static final int OK = 0;

  /** The command failed: a connection, a query or a write went wrong; the message says what. */
  static final int FAILED = 1;

  /** The command line was invalid. */
  static final int USAGE = 2;

  /** verify found differences between source and target. */
  static final int MISMATCH = 3;

  /** The run was cancelled (Ctrl+C); the target is consistent and the next run completes it. */
  static final int CANCELLED = 130;

  static final String HELP =
      "Exit codes: 0 success; 1 failure (connection, query or write); 2 invalid command line;"
          + " 3 verify found differences; 130 cancelled (Ctrl+C).";

  private ExitCodes() {}
}
