package dev.ferry.app;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A job file that cannot be used: unreadable, malformed, with an unknown key, a wrong value or
 * contradictory settings.
 *
 * <p>Contract: the message is one sentence that names the file, the line and the key (e.g. {@code
 * job.yaml line 12: unknown key "tabel" in source.roles.orders; known keys: table, columns.}), so
 * the user can fix it without guessing. Nothing is ever defaulted silently in its place. The same
 * facts are carried as data — {@link #file()}, {@link #line()}, {@link #key()} — so that callers
 * never take the message apart; each is empty when it does not apply (a file that cannot be read
 * has no line; a job built in memory has no file).
 */
public class JobFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Optional<String> file;
  private final OptionalInt line;
  private final Optional<String> key;

  /** A problem with no file, line or key to point at. */
  public JobFileException(String message) {
    this(message, Optional.empty(), OptionalInt.empty(), Optional.empty());
  }

  /** A problem with no file, line or key to point at, caused by {@code cause}. */
  public JobFileException(String message, Throwable cause) {
    super(message, cause);
    this.file = Optional.empty();
    this.line = OptionalInt.empty();
    this.key = Optional.empty();
  }

  /**
   * A problem located in a job file.
   *
   * @param message the whole sentence, naming the file, the line and the key as it sees fit
   * @param file the file name as given to the reader
   * @param line the 1-based line the problem is on
   * @param key the dotted key, e.g. {@code source.roles.orders.table}
   */
  public JobFileException(
      String message, Optional<String> file, OptionalInt line, Optional<String> key) {
    super(message);
    this.file = Objects.requireNonNull(file, "file");
    this.line = Objects.requireNonNull(line, "line");
    this.key = Objects.requireNonNull(key, "key");
  }

  /**
   * {@code <file> line <line>: <detail>.} — the usual form, for a problem at a key.
   *
   * @param key the dotted key; empty for the document as a whole
   */
  static JobFileException at(String file, int line, Optional<String> key, String detail) {
    return new JobFileException(
        file + " line " + line + ": " + detail + (detail.endsWith(".") ? "" : "."),
        Optional.of(file),
        OptionalInt.of(line),
        key);
  }

  /** The file the problem is in, as it was named to the reader. */
  public Optional<String> file() {
    return file;
  }

  /** The 1-based line of the key (or value) at fault. */
  public OptionalInt line() {
    return line;
  }

  /** The dotted key at fault, e.g. {@code mapping.tax_rate} or {@code source.roles}. */
  public Optional<String> key() {
    return key;
  }
}
