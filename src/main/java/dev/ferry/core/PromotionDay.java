package dev.ferry.core;

import java.text.Normalizer;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A client's promotion day as Ferry understands it, and the rule that decides {@code
 * is_promotion_day}.
 *
 * <p>Contract: {@link #parse} accepts a weekday name — English three-letter abbreviation or full
 * name ({@code MON}, {@code Mon}, {@code mon}, {@code Monday}, {@code MONDAY}), or the Spanish or
 * Portuguese name ({@code lunes}, {@code segunda}, {@code segunda-feira}; accents optional) — or an
 * ISO date {@code YYYY-MM-DD}; case and surrounding blanks are ignored. A whole number names a
 * weekday only under an explicit {@link WeekdayNumbering} ({@link #parse(Optional,
 * WeekdayNumbering)}); without one it is not understood, as before. Anything else is {@link
 * NotUnderstood} and never matches; a null or blank value is {@link Absent}. The order's date is
 * taken in the source zone by the caller ({@link OrderTimestamp#dateIn}).
 */
public sealed interface PromotionDay {

  /** Whether an order placed on {@code orderDate} (in the source zone) is on promotion. */
  boolean matches(LocalDate orderDate);

  /** A human explanation of how the value was read, e.g. {@code "weekday MONDAY"}. */
  String describe();

  /** A weekly promotion day. */
  record Weekday(DayOfWeek day) implements PromotionDay {
    public Weekday {
      Objects.requireNonNull(day, "day");
    }

    @Override
    public boolean matches(LocalDate orderDate) {
      return orderDate.getDayOfWeek() == day;
    }

    @Override
    public String describe() {
      return "every " + day.name();
    }
  }

  /** A single promotion date. */
  record OnDate(LocalDate date) implements PromotionDay {
    public OnDate {
      Objects.requireNonNull(date, "date");
    }

    @Override
    public boolean matches(LocalDate orderDate) {
      return orderDate.equals(date);
    }

    @Override
    public String describe() {
      return "on " + date;
    }
  }

  /** A value that is neither a weekday nor a date; reported per client, never matches. */
  record NotUnderstood(String raw) implements PromotionDay {
    public NotUnderstood {
      Objects.requireNonNull(raw, "raw");
    }

    @Override
    public boolean matches(LocalDate orderDate) {
      return false;
    }

    @Override
    public String describe() {
      return "not understood: '" + raw + "'";
    }
  }

  /** No value (null or blank); never matches. */
  record Absent() implements PromotionDay {
    @Override
    public boolean matches(LocalDate orderDate) {
      return false;
    }

    @Override
    public String describe() {
      return "no promotion day";
    }
  }

  /** Reads a raw promotion value; numbers are not weekdays ({@link WeekdayNumbering#NONE}). */
  static PromotionDay parse(Optional<String> raw) {
    return parse(raw, WeekdayNumbering.NONE);
  }

  /** Reads a raw promotion value, reading whole numbers as weekdays numbered by {@code numbers}. */
  static PromotionDay parse(Optional<String> raw, WeekdayNumbering numbers) {
    if (raw.isEmpty() || raw.get().isBlank()) {
      return new Absent();
    }
    String value = raw.get().strip();
    if (Names.WEEKDAY_NUMBER.matcher(value).matches()) {
      return numbers
          .day(Integer.parseInt(value))
          .<PromotionDay>map(Weekday::new)
          .orElseGet(() -> new NotUnderstood(raw.get()));
    }
    if (Names.ISO_DATE.matcher(value).matches()) {
      try {
        return new OnDate(LocalDate.parse(value));
      } catch (DateTimeParseException e) {
        return new NotUnderstood(raw.get());
      }
    }
    DayOfWeek day = Names.WEEKDAYS.get(Names.fold(value));
    return day == null ? new NotUnderstood(raw.get()) : new Weekday(day);
  }

  /**
   * How a raw promotion value is spelled, for reports: {@code "English abbreviation"}, {@code
   * "English"}, {@code "Spanish"}, {@code "Portuguese"}, {@code "Spanish or Portuguese"} (domingo,
   * sábado), {@code "ISO date"}, {@code "weekday number"} (a single digit, whatever the numbering),
   * {@code "not understood"} or {@code "absent"}.
   */
  static String spelling(Optional<String> raw) {
    if (raw.isPresent() && Names.WEEKDAY_NUMBER.matcher(raw.get().strip()).matches()) {
      return "weekday number";
    }
    PromotionDay day = parse(raw);
    if (day instanceof Absent) {
      return "absent";
    }
    if (day instanceof OnDate) {
      return "ISO date";
    }
    if (day instanceof NotUnderstood) {
      return "not understood";
    }
    String folded = Names.fold(raw.orElseThrow().strip());
    if (folded.length() == 3 && Names.WEEKDAYS.containsKey(folded)) {
      return "English abbreviation";
    }
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().toLowerCase(Locale.ROOT).equals(folded)) {
        return "English";
      }
    }
    if (folded.equals("domingo") || folded.equals("sabado")) {
      return "Spanish or Portuguese";
    }
    return Names.SPANISH.contains(folded) ? "Spanish" : "Portuguese";
  }

  /** Weekday spellings; a holder class so the table is built once. */
  final class Names {
    static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    static final Pattern WEEKDAY_NUMBER = Pattern.compile("\\d");
    static final Map<String, DayOfWeek> WEEKDAYS = new HashMap<>();
    static final java.util.Set<String> SPANISH =
        java.util.Set.of("lunes", "martes", "miercoles", "jueves", "viernes");

    static {
      for (DayOfWeek day : DayOfWeek.values()) {
        String english = day.name().toLowerCase(Locale.ROOT);
        WEEKDAYS.put(english, day);
        WEEKDAYS.put(english.substring(0, 3), day);
      }
      String[][] others = {
        {"MONDAY", "lunes", "segunda", "segunda-feira", "segunda feira"},
        {"TUESDAY", "martes", "terca", "terca-feira", "terca feira"},
        {"WEDNESDAY", "miercoles", "quarta", "quarta-feira", "quarta feira"},
        {"THURSDAY", "jueves", "quinta", "quinta-feira", "quinta feira"},
        {"FRIDAY", "viernes", "sexta", "sexta-feira", "sexta feira"},
        {"SATURDAY", "sabado"},
        {"SUNDAY", "domingo"},
      };
      for (String[] row : others) {
        for (int i = 1; i < row.length; i++) {
          WEEKDAYS.put(row[i], DayOfWeek.valueOf(row[0]));
        }
      }
    }

    private Names() {}

    /** Lower case without accents, so {@code Miércoles} and {@code MIERCOLES} read alike. */
    static String fold(String value) {
      String decomposed = Normalizer.normalize(value.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
      return decomposed.replaceAll("\\p{M}", "");
    }
  }
}
