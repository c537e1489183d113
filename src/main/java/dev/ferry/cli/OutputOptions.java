package dev.ferry.cli;

import picocli.CommandLine.Option;

/** Output options shared by every command. */
final class OutputOptions {
  @Option(names = "--json", description = "End with one line of JSON (run id, status, counts).")
  boolean json;

  @Option(
      names = "--verbose",
      description = "Log progress details and print stack traces on errors.")
  boolean verbose;
}
