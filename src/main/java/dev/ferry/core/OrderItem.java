package dev.ferry.core;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a target document's {@code order_items}.
 *
 * @param uid the product's uid
 * @param quantity the quantity (positive)
 * @param price the product's unit price, exactly as stored
 * @param name the product's name, if any
 * @param brand the product's brand, if any
 */
public record OrderItem(
    String uid,
    BigDecimal quantity,
    BigDecimal price,
    Optional<String> name,
    Optional<String> brand) {
  public OrderItem {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(brand, "brand");
    if (quantity.signum() <= 0) {
      throw new IllegalArgumentException("quantity must be positive: " + quantity);
    }
  }
}
