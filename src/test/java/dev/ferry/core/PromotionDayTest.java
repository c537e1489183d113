package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromotionDayTest {

  // 2026-11-23 is a Monday.
  private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);

  @ParameterizedTest(name = "''{0}'' on {1} -> {2}")
  @CsvSource({
    "MON,          2026-11-23, true",
    "Mon,          2026-11-23, true",
    "mon,          2026-11-23, true",
    "Monday,       2026-11-23, true",
    "MONDAY,       2026-11-23, true",
    "'  monday  ', 2026-11-23, true",
    "TUE,          2026-11-23, false",
    "Tuesday,      2026-11-24, true",
    "sun,          2026-11-29, true",
    "lunes,        2026-11-23, true",
    "Miércoles,    2026-11-25, true",
    "segunda-feira,2026-11-23, true",
    "sábado,       2026-11-28, true",
    "2026-11-23,   2026-11-23, true",
    "' 2026-11-23 ',2026-11-23, true",
    "2026-11-23,   2026-11-30, false",
    "Mo,           2026-11-23, false",
    "Mondays,      2026-11-23, false",
    "2026-13-40,   2026-11-23, false",
    "23/11/2026,   2026-11-23, false",
  })
  void decidesWhetherTheOrderDateIsThePromotionDay(String raw, String date, boolean expected) {
    assertThat(PromotionDay.parse(Optional.of(raw)).matches(LocalDate.parse(date)))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' is not understood")
  @CsvSource({"Mo", "Mondays", "2026-13-40", "23/11/2026", "every day"})
  void reportsValuesItCannotRead(String raw) {
    assertThat(PromotionDay.parse(Optional.of(raw))).isEqualTo(new PromotionDay.NotUnderstood(raw));
  }

  /** Weekday numbers name a day only under the numbering set explicitly; never by default. */
  @ParameterizedTest(name = "''{0}'' with {1} -> {2}")
  @CsvSource({
    "1, ISO,         MONDAY",
    "7, ISO,         SUNDAY",
    "0, ISO,         not understood",
    "8, ISO,         not understood",
    "0, SUNDAY_ZERO, SUNDAY",
    "1, SUNDAY_ZERO, MONDAY",
    "6, SUNDAY_ZERO, SATURDAY",
    "7, SUNDAY_ZERO, not understood",
    "1, SUNDAY_ONE,  SUNDAY",
    "2, SUNDAY_ONE,  MONDAY",
    "7, SUNDAY_ONE,  SATURDAY",
    "0, SUNDAY_ONE,  not understood",
    "0, MONDAY_ZERO, MONDAY",
    "6, MONDAY_ZERO, SUNDAY",
    "7, MONDAY_ZERO, not understood",
    "1, NONE,        not understood",
    "' 3 ', ISO,     WEDNESDAY",
    "Mon, ISO,       MONDAY",
    "2026-11-23, SUNDAY_ZERO, date",
  })
  void readsWeekdayNumbersOnlyWithAnExplicitNumbering(
      String raw, WeekdayNumbering numbering, String expected) {
    PromotionDay day = PromotionDay.parse(Optional.of(raw), numbering);
    switch (expected) {
      case "not understood" -> assertThat(day).isEqualTo(new PromotionDay.NotUnderstood(raw));
      case "date" -> assertThat(day).isInstanceOf(PromotionDay.OnDate.class);
      default ->
          assertThat(day)
              .isEqualTo(new PromotionDay.Weekday(java.time.DayOfWeek.valueOf(expected)));
    }
  }

  @Test
  void aNumberWithoutANumberingIsNotUnderstoodAsBefore() {
    assertThat(PromotionDay.parse(Optional.of("1"))).isEqualTo(new PromotionDay.NotUnderstood("1"));
    assertThat(MappingSettings.defaults().promotionDay(Optional.of("1")).matches(MONDAY)).isFalse();
    assertThat(
            MappingSettings.defaults()
                .withWeekdayNumbers(WeekdayNumbering.ISO)
                .promotionDay(Optional.of("1"))
                .matches(MONDAY))
        .isTrue();
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource({"iso, ISO", "SUNDAY_ZERO, SUNDAY_ZERO", "' sunday_one ', SUNDAY_ONE", "none, NONE"})
  void parsesNumberingLabels(String label, WeekdayNumbering expected) {
    assertThat(WeekdayNumbering.parse(label)).isEqualTo(expected);
    assertThat(WeekdayNumbering.parse(expected.label())).isEqualTo(expected);
  }

  @Test
  void refusesAnUnknownNumberingNamingTheChoices() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WeekdayNumbering.parse("us"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'us' is not a weekday numbering; use one of none (")
        .hasMessageContaining("iso (1 = Monday … 7 = Sunday");
  }

  @Test
  void treatsNullAndBlankAsNoPromotionDay() {
    assertThat(PromotionDay.parse(Optional.empty())).isInstanceOf(PromotionDay.Absent.class);
    assertThat(PromotionDay.parse(Optional.of("  "))).isInstanceOf(PromotionDay.Absent.class);
    assertThat(PromotionDay.parse(Optional.empty()).matches(MONDAY)).isFalse();
  }

  /**
   * Around midnight the weekday depends on the zone: rows are an instant, the source zone, and
   * whether a Monday promotion applies.
   */
  @ParameterizedTest(name = "{0} in {1} -> {2}")
  @CsvSource({
    "2026-11-23T00:30:00Z, UTC,                 true",
    "2026-11-23T00:30:00Z, America/Mexico_City, false",
    "2026-11-23T23:30:00Z, UTC,                 true",
    "2026-11-23T23:30:00Z, Asia/Tokyo,          false",
    "2026-11-22T23:30:00Z, Europe/Madrid,       true",
    "2026-11-22T23:30:00Z, UTC,                 false",
  })
  void takesTheWeekdayOfAnInstantInTheSourceZone(String instant, String zone, boolean expected) {
    OrderTimestamp timestamp = new OrderTimestamp.Absolute(java.time.Instant.parse(instant));
    LocalDate date = timestamp.dateIn(ZoneId.of(zone));
    assertThat(PromotionDay.parse(Optional.of("MON")).matches(date)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} wall clock in {1}")
  @CsvSource({"2026-11-23T00:05:00, UTC", "2026-11-23T23:55:00, Asia/Tokyo"})
  void takesTheWeekdayOfAWallClockTimeAsWritten(String wallClock, String zone) {
    OrderTimestamp timestamp = new OrderTimestamp.WallClock(LocalDateTime.parse(wallClock));
    assertThat(timestamp.dateIn(ZoneId.of(zone))).isEqualTo(MONDAY);
    assertThat(timestamp.toInstant(ZoneId.of(zone)))
        .isEqualTo(ZonedDateTime.of(LocalDateTime.parse(wallClock), ZoneId.of(zone)).toInstant());
  }
}
