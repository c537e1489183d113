package dev.ferry.analysis;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How far an analysis may go.
 *
 * @param sampleRows the most rows profiled per table; a larger table is sampled ({@code TABLESAMPLE
 *     SYSTEM}, or the first rows of a view) and the report says so
 * @param maxOrders the most orders read for the per-client report; beyond it the report covers the
 *     first orders by uid and says so
 * @param topValues how many most frequent values are listed per column
 * @param nearMidnight how close to midnight (either side) an order counts as time-zone sensitive
 * @param statementTimeout the longest any one profiling query may run
 * @param detectSchema whether to look in the other schemas when the configured one does not hold
 *     Ferry's tables
 * @param detectTaxRate whether the per-client report reads tax rates in the format the data implies
 *     (else as the mapping settings say)
 * @param clock the clock for the report's date (fixed in tests)
 */
public record AnalysisOptions(
    int sampleRows,
    int maxOrders,
    int topValues,
    Duration nearMidnight,
    Duration statementTimeout,
    boolean detectSchema,
    boolean detectTaxRate,
    Clock clock) {

  public AnalysisOptions {
    if (sampleRows < 100) {
      throw new IllegalArgumentException("sampleRows must be at least 100");
    }
    if (maxOrders < 1) {
      throw new IllegalArgumentException("maxOrders must be at least 1");
    }
    if (topValues < 1 || topValues > 50) {
      throw new IllegalArgumentException("topValues must be between 1 and 50");
    }
    Objects.requireNonNull(nearMidnight, "nearMidnight");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * 100 000 rows per table, 200 000 orders, 5 top values, one hour, 60 s, detect schema and tax.
   */
  public static AnalysisOptions defaults() {
    return new AnalysisOptions(
        100_000,
        200_000,
        5,
        Duration.ofHours(1),
        Duration.ofSeconds(60),
        true,
        true,
        Clock.systemUTC());
  }

  /** A copy with another clock. */
  public AnalysisOptions withClock(Clock newClock) {
    return new AnalysisOptions(
        sampleRows,
        maxOrders,
        topValues,
        nearMidnight,
        statementTimeout,
        detectSchema,
        detectTaxRate,
        newClock);
  }

  /** A copy with other bounds. */
  public AnalysisOptions withBounds(int rows, int orders) {
    return new AnalysisOptions(
        rows,
        orders,
        topValues,
        nearMidnight,
        statementTimeout,
        detectSchema,
        detectTaxRate,
        clock);
  }

  /** A copy that does or does not look in other schemas. */
  public AnalysisOptions withDetectSchema(boolean detect) {
    return new AnalysisOptions(
        sampleRows,
        maxOrders,
        topValues,
        nearMidnight,
        statementTimeout,
        detect,
        detectTaxRate,
        clock);
  }

  /** A copy that does or does not apply the detected tax-rate format to the client report. */
  public AnalysisOptions withDetectTaxRate(boolean detect) {
    return new AnalysisOptions(
        sampleRows,
        maxOrders,
        topValues,
        nearMidnight,
        statementTimeout,
        detectSchema,
        detect,
        clock);
  }
}
