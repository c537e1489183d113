package dev.ferry.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The document Ferry writes for one order; its fields are the target's fixed field names.
 *
 * <p>Contract: money values have scale 2 and {@code total = subtotal + taxes}; the document is a
 * pure function of the source snapshot and the mapping settings, so the same source always yields
 * an equal document (this is what makes re-runs write nothing).
 */
public record OrderDocument(
    String uid,
    Instant dateOfOrder,
    String clientUid,
    Optional<String> clientName,
    Optional<String> clientAddress,
    Optional<Double> latitude,
    Optional<Double> longitude,
    Optional<String> status,
    BigDecimal subtotal,
    BigDecimal taxes,
    BigDecimal total,
    boolean isPromotionDay,
    Optional<String> mostPopularBrand,
    List<OrderItem> orderItems) {
  public OrderDocument {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(dateOfOrder, "dateOfOrder");
    Objects.requireNonNull(clientUid, "clientUid");
    Objects.requireNonNull(clientName, "clientName");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(latitude, "latitude");
    Objects.requireNonNull(longitude, "longitude");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(subtotal, "subtotal");
    Objects.requireNonNull(taxes, "taxes");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(mostPopularBrand, "mostPopularBrand");
    orderItems = List.copyOf(orderItems);
    if (subtotal.add(taxes).compareTo(total) != 0) {
      throw new IllegalArgumentException("total must equal subtotal + taxes");
    }
  }
}
