package dev.ferry.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * The money rule: {@code subtotal = Σ quantity × unit_price}, {@code taxes = Σ quantity ×
 * unit_price × tax_rate}, each summed exactly and then rounded once, HALF_UP to 2 decimals by
 * default (both configurable in {@link MappingSettings}), at order level; {@code total = subtotal +
 * taxes} (of the rounded values, so the three always add up).
 *
 * <p>Rounding once per order rather than per line keeps the sum free of accumulated per-line
 * rounding errors.
 *
 * @param subtotal rounded subtotal, scale 2
 * @param taxes rounded taxes, scale 2
 * @param total subtotal + taxes, scale 2
 */
public record OrderTotals(BigDecimal subtotal, BigDecimal taxes, BigDecimal total) {
  /** Money values in target documents carry this many decimals. */
  public static final int SCALE = 2;

  /** Money is rounded half up: 0.005 becomes 0.01. */
  public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;

  public OrderTotals {
    Objects.requireNonNull(subtotal, "subtotal");
    Objects.requireNonNull(taxes, "taxes");
    Objects.requireNonNull(total, "total");
  }

  /** Computes the totals of an order's valid lines; an empty order totals 0.00. */
  public static OrderTotals of(List<PricedLine> lines) {
    return of(lines, SCALE, ROUNDING);
  }

  /**
   * Computes the totals with another money rule: each sum is rounded once to {@code scale} decimals
   * with {@code rounding} (see {@link MappingSettings}).
   */
  public static OrderTotals of(List<PricedLine> lines, int scale, RoundingMode rounding) {
    BigDecimal subtotal = BigDecimal.ZERO;
    BigDecimal taxes = BigDecimal.ZERO;
    for (PricedLine line : lines) {
      subtotal = subtotal.add(line.amount());
      taxes = taxes.add(line.tax());
    }
    BigDecimal roundedSubtotal = subtotal.setScale(scale, rounding);
    BigDecimal roundedTaxes = taxes.setScale(scale, rounding);
    return new OrderTotals(roundedSubtotal, roundedTaxes, roundedSubtotal.add(roundedTaxes));
  }
}
