package dev.ferry.core;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A per-client correction of the promotion rule, for a client whose stored value is wrong or
 * unreadable, or whose promotion day is taken in another zone than the source's.
 *
 * <p>Contract: at least one of the two is present. {@code value} replaces the stored promotion
 * value and is read by {@link PromotionDay#parse} like any stored value. {@code zone} is the zone
 * in which this client's order dates are taken for {@code is_promotion_day}; {@code date_of_order}
 * itself is still read in the source zone, which describes how the database stores time, not where
 * the client is.
 *
 * @param value the promotion value to use instead of the stored one
 * @param zone the zone of this client's promotion day
 */
public record PromotionOverride(Optional<String> value, Optional<ZoneId> zone) {
  public PromotionOverride {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(zone, "zone");
    if (value.isEmpty() && zone.isEmpty()) {
      throw new IllegalArgumentException("A promotion override needs a value, a zone or both.");
    }
  }

  /** An override of the value only. */
  public static PromotionOverride value(String value) {
    return new PromotionOverride(Optional.of(value), Optional.empty());
  }

  /** An override of the zone only. */
  public static PromotionOverride zone(ZoneId zone) {
    return new PromotionOverride(Optional.empty(), Optional.of(zone));
  }
}
