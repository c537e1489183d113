package dev.ferry.core;

import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Settings of the transformation rules.
 *
 * <p>Contract: an instance is always consistent — the money scale is between 0 and {@value
 * #MAX_MONEY_SCALE} and the rounding mode can round ({@link RoundingMode#UNNECESSARY} is refused,
 * since it would fail on the first order with more decimals). The defaults ({@link #defaults()},
 * {@link #MappingSettings(ZoneId)}) are the documented ones: money at 2 decimals rounded {@code
 * HALF_UP}, tax rates stored as fractions, numbers not read as weekdays ({@link
 * WeekdayNumbering#NONE}), no per-client overrides.
 *
 * @param sourceZone the zone in which {@code timestamp without time zone} values are wall-clock
 *     time, and in which an order's weekday and date are taken for {@code is_promotion_day} (unless
 *     the client has a zone override)
 * @param moneyScale decimals of {@code subtotal}, {@code taxes} and {@code total}
 * @param rounding how those totals are rounded to {@code moneyScale}
 * @param taxRate how the source stores tax rates
 * @param promotionOverrides per-client corrections of the promotion rule, by client uid (as text)
 * @param weekdayNumbers how a promotion day stored as a number names a weekday ({@link
 *     WeekdayNumbering#NONE}: it does not)
 */
public record MappingSettings(
    ZoneId sourceZone,
    int moneyScale,
    RoundingMode rounding,
    TaxRateFormat taxRate,
    Map<String, PromotionOverride> promotionOverrides,
    WeekdayNumbering weekdayNumbers) {

  /** The default money scale: cents. */
  public static final int DEFAULT_MONEY_SCALE = OrderTotals.SCALE;

  /** The default rounding: 0.005 becomes 0.01. */
  public static final RoundingMode DEFAULT_ROUNDING = OrderTotals.ROUNDING;

  /** The largest money scale accepted. */
  public static final int MAX_MONEY_SCALE = 10;

  public MappingSettings {
    Objects.requireNonNull(sourceZone, "sourceZone");
    Objects.requireNonNull(rounding, "rounding");
    Objects.requireNonNull(taxRate, "taxRate");
    Objects.requireNonNull(weekdayNumbers, "weekdayNumbers");
    if (moneyScale < 0 || moneyScale > MAX_MONEY_SCALE) {
      throw new IllegalArgumentException(
          "The money scale must be between 0 and " + MAX_MONEY_SCALE + ", not " + moneyScale + ".");
    }
    if (rounding == RoundingMode.UNNECESSARY) {
      throw new IllegalArgumentException(
          "The rounding mode UNNECESSARY cannot round money; use HALF_UP, HALF_EVEN, DOWN, ...");
    }
    promotionOverrides = Collections.unmodifiableMap(new TreeMap<>(promotionOverrides));
  }

  /** Settings whose promotion numbers are not weekdays ({@link WeekdayNumbering#NONE}). */
  public MappingSettings(
      ZoneId sourceZone,
      int moneyScale,
      RoundingMode rounding,
      TaxRateFormat taxRate,
      Map<String, PromotionOverride> promotionOverrides) {
    this(sourceZone, moneyScale, rounding, taxRate, promotionOverrides, WeekdayNumbering.NONE);
  }

  /** The given zone with the default money, tax and promotion settings. */
  public MappingSettings(ZoneId sourceZone) {
    this(sourceZone, DEFAULT_MONEY_SCALE, DEFAULT_ROUNDING, TaxRateFormat.FRACTION, Map.of());
  }

  /** UTC, 2 decimals HALF_UP, tax rates as fractions, no overrides: the documented defaults. */
  public static MappingSettings defaults() {
    return new MappingSettings(ZoneId.of("UTC"));
  }

  /** A copy with another source zone. */
  public MappingSettings withSourceZone(ZoneId zone) {
    return new MappingSettings(
        zone, moneyScale, rounding, taxRate, promotionOverrides, weekdayNumbers);
  }

  /** A copy with another money scale and rounding mode. */
  public MappingSettings withMoney(int scale, RoundingMode mode) {
    return new MappingSettings(
        sourceZone, scale, mode, taxRate, promotionOverrides, weekdayNumbers);
  }

  /** A copy with another tax-rate format. */
  public MappingSettings withTaxRate(TaxRateFormat format) {
    return new MappingSettings(
        sourceZone, moneyScale, rounding, format, promotionOverrides, weekdayNumbers);
  }

  /** A copy with these per-client overrides instead. */
  public MappingSettings withPromotionOverrides(Map<String, PromotionOverride> overrides) {
    return new MappingSettings(
        sourceZone, moneyScale, rounding, taxRate, overrides, weekdayNumbers);
  }

  /** A copy reading numeric promotion days as {@code numbering} says. */
  public MappingSettings withWeekdayNumbers(WeekdayNumbering numbering) {
    return new MappingSettings(
        sourceZone, moneyScale, rounding, taxRate, promotionOverrides, numbering);
  }

  /** The promotion day {@code raw} names under these settings' weekday numbering. */
  public PromotionDay promotionDay(Optional<String> raw) {
    return PromotionDay.parse(raw, weekdayNumbers);
  }

  /** The override for {@code clientUid}, if any. */
  public Optional<PromotionOverride> overrideFor(String clientUid) {
    return Optional.ofNullable(promotionOverrides.get(clientUid));
  }

  /** The zone in which {@code clientUid}'s promotion day is taken. */
  public ZoneId promotionZone(String clientUid) {
    return overrideFor(clientUid).flatMap(PromotionOverride::zone).orElse(sourceZone);
  }
}
