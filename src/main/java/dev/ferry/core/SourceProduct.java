package dev.ferry.core;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A product row as read from the source.
 *
 * @param uid the product's id, as text
 * @param name the product's name, if any
 * @param brand the brand, if any
 * @param unitPrice the unit price (exact), if any
 * @param taxRate the tax rate as a fraction ({@code 0.16} = 16 %), if any
 */
public record SourceProduct(
    String uid,
    Optional<String> name,
    Optional<String> brand,
    Optional<BigDecimal> unitPrice,
    Optional<BigDecimal> taxRate) {
  public SourceProduct {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(brand, "brand");
    Objects.requireNonNull(unitPrice, "unitPrice");
    Objects.requireNonNull(taxRate, "taxRate");
  }
}
