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
