package dev.ferry.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one {@link SourceOrder} into its target document, or rejects it with every reason found.
 *
 * <p>Contract: pure and deterministic — no I/O, no clock; the same order and settings always give
 * an equal result. An order is rejected when its client is missing, its date is null, a coordinate
 * is not a number, or any line has a missing product, a null/zero/negative quantity, or a null or
 * negative unit price or tax rate. An order without lines is valid (totals 0.00, no brand, empty
 * items). {@code date_of_order} is truncated to milliseconds, the precision of a BSON date, so that
 * the document equals what the target stores.
 */
public final class OrderDocumentMapper {
  private final MappingSettings settings;

  public OrderDocumentMapper(MappingSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The settings this mapper applies. */
  public MappingSettings settings() {
    return settings;
  }

  /** Maps one order. */
  public MappingResult map(SourceOrder order) {
    List<String> reasons = new ArrayList<>();
    if (order.orderedAt().isEmpty()) {
      reasons.add("date_of_order is null");
    }
    if (order.clientUid().isEmpty()) {
      reasons.add("client_uid is null");
    } else if (order.client().isEmpty()) {
      reasons.add("client " + order.clientUid().get() + " does not exist");
    }
    Optional<Double> latitude = coordinate("latitude", order.latitude(), reasons);
    Optional<Double> longitude = coordinate("longitude", order.longitude(), reasons);

    List<PricedLine> priced = new ArrayList<>(order.lines().size());
    List<OrderItem> items = new ArrayList<>(order.lines().size());
    for (int i = 0; i < order.lines().size(); i++) {
      checkLine(i + 1, order.lines().get(i), priced, items, reasons);
    }
    if (!reasons.isEmpty()) {
      return new MappingResult.Rejected(order, reasons);
    }

    SourceClient client = order.client().orElseThrow();
    OrderTimestamp orderedAt = order.orderedAt().orElseThrow();
    Instant instant = orderedAt.toInstant(settings.sourceZone()).truncatedTo(ChronoUnit.MILLIS);
    var orderDate = orderedAt.dateIn(settings.sourceZone());
    PromotionDay promotion = PromotionDay.parse(client.promotion());
    OrderTotals totals = OrderTotals.of(priced);
    BrandTally tally = BrandTally.of(priced);
    OrderDocument document =
        new OrderDocument(
            order.uid(),
            instant,
            client.uid(),
            client.name(),
            client.address(),
            latitude,
            longitude,
            order.status(),
            totals.subtotal(),
            totals.taxes(),
            totals.total(),
            promotion.matches(orderDate),
            tally.winner(),
            items);
    return new MappingResult.Accepted(
        document, orderDate, promotion, client.promotion().orElse(""), priced, tally);
  }

  private static void checkLine(
      int number,
      SourceLine line,
      List<PricedLine> priced,
      List<OrderItem> items,
      List<String> reasons) {
    String label = "item #" + number;
    int before = reasons.size();
    if (line.quantity().isEmpty()) {
      reasons.add(label + ": quantity is null");
    } else if (line.quantity().get().signum() <= 0) {
      reasons.add(
          label + ": quantity is " + line.quantity().get().toPlainString() + " (must be positive)");
    }
    if (line.productUid().isEmpty()) {
      reasons.add(label + ": product_uid is null");
      return;
    }
    if (line.product().isEmpty()) {
      reasons.add(label + ": product " + line.productUid().get() + " does not exist");
      return;
    }
    SourceProduct product = line.product().get();
    String productLabel = label + ": product " + product.uid();
    checkNonNegative(productLabel, "unit_price", product.unitPrice(), reasons);
    checkNonNegative(productLabel, "tax_rate", product.taxRate(), reasons);
    if (reasons.size() > before) {
      return;
    }
    BigDecimal quantity = line.quantity().orElseThrow();
    BigDecimal price = product.unitPrice().orElseThrow();
    priced.add(new PricedLine(quantity, price, product.taxRate().orElseThrow(), product.brand()));
    items.add(new OrderItem(product.uid(), quantity, price, product.name(), product.brand()));
  }

  private static void checkNonNegative(
      String label, String field, Optional<BigDecimal> value, List<String> reasons) {
    if (value.isEmpty()) {
      reasons.add(label + " has no " + field);
    } else if (value.get().signum() < 0) {
      reasons.add(label + " has a negative " + field + " (" + value.get().toPlainString() + ")");
    }
  }

  private static Optional<Double> coordinate(
      String field, Optional<String> raw, List<String> reasons) {
    if (raw.isEmpty() || raw.get().isBlank()) {
      return Optional.empty();
    }
    try {
      double value = Double.parseDouble(raw.get().strip());
      if (Double.isFinite(value)) {
        return Optional.of(value);
      }
    } catch (NumberFormatException e) {
      // reported below: a coordinate that is not a number is bad input, not a null
    }
    reasons.add(field + " '" + raw.get() + "' is not a number");
    return Optional.empty();
  }
}
