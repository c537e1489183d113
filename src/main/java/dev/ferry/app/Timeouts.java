package dev.ferry.app;

import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bounds on every wait of a job, for the source and the target alike (a job file's {@code
 * timeouts} section).
 *
 * <p>Contract: every bound is positive; {@link #DEFAULTS} suit a slow server reached through SSH.
 * {@link #applyTo} hands them to {@link PostgresSettings} and {@link MongoSettings}, which check
 * their own ranges (and for MongoDB let a timeout set in the connection string win). Durations are
 * written and read as a whole number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code
 * 1h}.
 *
 * @param connect TCP connect and login, source and target
 * @param read the longest silence once an answer is due before a connection counts as dead: the
 *     fetches of PostgreSQL's order stream, every MongoDB operation (its socket read timeout)
 * @param serverSelection how long the MongoDB driver may look for a usable server
 * @param query how long one PostgreSQL statement may run ({@code statement_timeout}); any other
 *     PostgreSQL wait (a sort before the first row, a count) is bounded by {@code query + read}
 */
public record Timeouts(Duration connect, Duration read, Duration serverSelection, Duration query) {

  /**
   * The defaults: 10 s to connect, 30 s of silence, 10 s to find a MongoDB server, 30 min per
   * query.
   */
  public static final Timeouts DEFAULTS =
      new Timeouts(
          PostgresSettings.DEFAULT_CONNECT_TIMEOUT,
          PostgresSettings.DEFAULT_READ_TIMEOUT,
          MongoSettings.DEFAULT_TIMEOUT,
          PostgresSettings.DEFAULT_QUERY_TIMEOUT);

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

  public Timeouts {
    requirePositive("connect", connect);
    requirePositive("read", read);
    requirePositive("server_selection", serverSelection);
    requirePositive("query", query);
  }

  /** The source with these bounds. */
  public PostgresSettings applyTo(PostgresSettings source) {
    return source.withTimeouts(connect, read, query);
  }

  /** The target with these bounds (a timeout its connection string sets still wins). */
  public MongoSettings applyTo(MongoSettings target) {
    return target.withTimeouts(connect, serverSelection, read);
  }

  /** The job with these bounds on both ends. */
  public JobSettings applyTo(JobSettings job) {
    return new JobSettings(
        applyTo(job.source()), applyTo(job.target()), job.mapping(), job.batchSize(), job.tunnel());
  }

  /**
   * Parses {@code 500ms}, {@code 30s}, {@code 5m} or {@code 1h}.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Duration parse(String text) {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a duration; write a whole number with a unit: 500ms, 30s, 5m, 1h");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  /** The largest unit that expresses {@code duration} exactly: {@code 30s}, {@code 5m}, … */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("timeouts." + name + " must be positive, not " + value);
    }
  }
}
