package dev.ferry.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The moment an order was placed, as the source stores it.
 *
 * <p>Contract: a {@code timestamp with time zone} is an absolute {@link Instant}; a {@code
 * timestamp without time zone} is a wall-clock {@link LocalDateTime} that only becomes an instant
 * once a source zone is chosen. Keeping the two apart forces every rule that needs a date or an
 * instant to say which zone it means.
 */
public sealed interface OrderTimestamp {

  /** The absolute instant, reading wall-clock values in {@code sourceZone}. */
  Instant toInstant(ZoneId sourceZone);

  /** The calendar date the order falls on, seen in {@code sourceZone}. */
  LocalDate dateIn(ZoneId sourceZone);

  /** A {@code timestamptz} value: already absolute. */
  record Absolute(Instant instant) implements OrderTimestamp {
    public Absolute {
      Objects.requireNonNull(instant, "instant");
    }

    @Override
    public Instant toInstant(ZoneId sourceZone) {
      return instant;
    }

    @Override
    public LocalDate dateIn(ZoneId sourceZone) {
      return instant.atZone(sourceZone).toLocalDate();
    }

    @Override
    public String toString() {
      return instant.toString();
    }
  }

  /** A {@code timestamp without time zone} value: wall-clock time in the source zone. */
  record WallClock(LocalDateTime dateTime) implements OrderTimestamp {
    public WallClock {
      Objects.requireNonNull(dateTime, "dateTime");
    }

    @Override
    public Instant toInstant(ZoneId sourceZone) {
      return dateTime.atZone(sourceZone).toInstant();
    }

    @Override
    public LocalDate dateIn(ZoneId sourceZone) {
      return dateTime.toLocalDate();
    }

    @Override
    public String toString() {
      return dateTime.toString();
    }
  }
}
