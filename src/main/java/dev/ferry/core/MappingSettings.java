package dev.ferry.core;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Settings of the transformation rules.
 *
 * @param sourceZone the zone in which {@code timestamp without time zone} values are wall-clock
 *     time, and in which an order's weekday and date are taken for {@code is_promotion_day}
 */
public record MappingSettings(ZoneId sourceZone) {
  public MappingSettings {
    Objects.requireNonNull(sourceZone, "sourceZone");
  }

  /** UTC, the documented default. */
  public static MappingSettings defaults() {
    return new MappingSettings(ZoneOffset.UTC);
  }
}
