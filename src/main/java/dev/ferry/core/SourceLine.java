package dev.ferry.core;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code order_items} row with its product joined.
 *
 * @param lineUid the line's own id, when the table has one
 * @param productUid the product id the line refers to, if not null
 * @param quantity the quantity, if not null
 * @param product the joined product; empty when the product does not exist
 */
public record SourceLine(
    Optional<String> lineUid,
    Optional<String> productUid,
    Optional<BigDecimal> quantity,
    Optional<SourceProduct> product) {
  public SourceLine {
    Objects.requireNonNull(lineUid, "lineUid");
    Objects.requireNonNull(productUid, "productUid");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(product, "product");
  }
}
