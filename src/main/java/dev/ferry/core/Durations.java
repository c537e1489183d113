package dev.ferry.core;

import java.time.Duration;

/**
 * Durations as people read them in messages: {@code 500 ms}, {@code 30 s}, {@code 5 min}, {@code 2
 * h}.
 */
public final class Durations {
  private Durations() {}

  /**
   * The largest unit that expresses {@code duration} exactly, e.g. {@code 90 s}, {@code 30 min}.
   */
  public static String describe(Duration duration) {
    long millis = duration.toMillis();
    if (millis >= 3_600_000 && millis % 3_600_000 == 0) {
      return millis / 3_600_000 + " h";
    }
    if (millis >= 60_000 && millis % 60_000 == 0) {
      return millis / 60_000 + " min";
    }
    if (millis % 1_000 == 0) {
      return millis / 1_000 + " s";
    }
    return millis + " ms";
  }
}
