package dev.ferry.core;

import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a source numbers weekdays when it stores a promotion day as a number.
 *
 * <p>Contract: numbers are never guessed. {@link #NONE} (the default) reads a number as a value
 * that is not understood, exactly as before; any other numbering must be set explicitly (a job
 * file's {@code mapping.weekday_numbers}), because the data alone cannot tell whether {@code 1} is
 * Monday or Sunday. A number outside the numbering's range is not understood either.
 */
public enum WeekdayNumbering {
  /** Numbers are not weekdays: Ferry's default. */
  NONE("numbers are not weekdays"),
  /** ISO 8601: 1 = Monday … 7 = Sunday (PostgreSQL's {@code isodow}). */
  ISO("1 = Monday … 7 = Sunday (ISO 8601, PostgreSQL isodow)"),
  /** 0 = Sunday … 6 = Saturday (PostgreSQL's {@code dow}, JavaScript's {@code getDay}). */
  SUNDAY_ZERO("0 = Sunday … 6 = Saturday (PostgreSQL dow)"),
  /** 1 = Sunday … 7 = Saturday (MySQL's {@code DAYOFWEEK}, spreadsheets). */
  SUNDAY_ONE("1 = Sunday … 7 = Saturday (MySQL DAYOFWEEK)"),
  /** 0 = Monday … 6 = Sunday (Python's {@code weekday()}). */
  MONDAY_ZERO("0 = Monday … 6 = Sunday (Python weekday())");

  private final String meaning;

  WeekdayNumbering(String meaning) {
    this.meaning = meaning;
  }

  /** What the numbers mean, in words. */
  public String meaning() {
    return meaning;
  }

  /** The weekday {@code number} names in this numbering, if it names one. */
  public Optional<DayOfWeek> day(int number) {
    return switch (this) {
      case NONE -> Optional.empty();
      case ISO -> number >= 1 && number <= 7 ? Optional.of(DayOfWeek.of(number)) : Optional.empty();
      case SUNDAY_ZERO ->
          number >= 0 && number <= 6
              ? Optional.of(DayOfWeek.SUNDAY.plus(number))
              : Optional.empty();
      case SUNDAY_ONE ->
          number >= 1 && number <= 7
              ? Optional.of(DayOfWeek.SUNDAY.plus(number - 1L))
              : Optional.empty();
      case MONDAY_ZERO ->
          number >= 0 && number <= 6 ? Optional.of(DayOfWeek.of(number + 1)) : Optional.empty();
    };
  }

  /** The lower-case name used in job files, e.g. {@code sunday_zero}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The numbering named {@code label} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static WeekdayNumbering parse(String label) {
    for (WeekdayNumbering numbering : values()) {
      if (numbering.label().equalsIgnoreCase(label.strip())) {
        return numbering;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + label
            + "' is not a weekday numbering; use one of "
            + Arrays.stream(values())
                .map(n -> n.label() + " (" + n.meaning() + ")")
                .collect(Collectors.joining(", "))
            + ".");
  }
}
