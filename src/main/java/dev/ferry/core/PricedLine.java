package dev.ferry.core;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A valid item line reduced to what the money and brand rules need.
 *
 * @param quantity positive quantity
 * @param unitPrice the product's unit price
 * @param taxRate the tax rate as a fraction
 * @param brand the product's brand, if any
 */
public record PricedLine(
    BigDecimal quantity, BigDecimal unitPrice, BigDecimal taxRate, Optional<String> brand) {
  public PricedLine {
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(unitPrice, "unitPrice");
    Objects.requireNonNull(taxRate, "taxRate");
    Objects.requireNonNull(brand, "brand");
  }

  /** Exact {@code quantity × unitPrice}, unrounded. */
  public BigDecimal amount() {
    return quantity.multiply(unitPrice);
  }

  /** Exact {@code quantity × unitPrice × taxRate}, unrounded. */
  public BigDecimal tax() {
    return amount().multiply(taxRate);
  }
}
