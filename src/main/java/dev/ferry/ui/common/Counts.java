package dev.ferry.ui.common;

import java.util.Locale;

/**
 * A count with its noun, singular for one: "1 index", "2 indexes", "1,200 rows". The screens say
 * how many of something there are in many places; one rule keeps "1 indexes" off every one of them.
 *
 * <p>Contract: pure; numbers are grouped as the screens show them elsewhere ({@code %,d}, English).
 */
public final class Counts {
  private Counts() {}

  /** {@code n} and {@code one} or {@code many}, e.g. {@code of(1, "index", "indexes")}. */
  public static String of(long n, String one, String many) {
    return String.format(Locale.ROOT, "%,d", n) + " " + (n == 1 ? one : many);
  }

  /** {@code n} and {@code noun}, with an s unless {@code n} is one: {@code of(2, "row")}. */
  public static String of(long n, String noun) {
    return of(n, noun, noun + "s");
  }
}
