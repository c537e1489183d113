package dev.ferry.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one {@link SourceOrder} into its target document, or rejects it with every reason found.
 *
 * <p>Contract: pure and deterministic — no I/O, no clock; the same order and settings always give
 * an equal result. An order is rejected when its client is missing, its date is null, a coordinate
 * is not a number, or any line has a missing product, a null/zero/negative quantity, or a null or
 * negative unit price or tax rate. Tax rates are converted to fractions as {@link
 * MappingSettings#taxRate()} says, totals rounded to its money scale and rounding mode, and a
 * client's {@link PromotionOverride} replaces its promotion value and/or zone; a numeric promotion
 * value is read with {@link MappingSettings#weekdayNumbers()}. An order without lines is valid
 * (totals 0.00, no brand, empty items). {@code date_of_order} is truncated to milliseconds, the
 * precision of a BSON date, so that the document equals what the target stores.
 */
public final class OrderDocumentMapper {
  /**
   * The version of the rules as a whole. Raise it whenever a rule changes what a document or a
   * reject looks like for the same source data: the sync state then stops vouching for documents
   * written under the old rules, and the next run re-reads every order.
   */
  public static final int RULES_VERSION = 1;

  /** Promotion values read so far: a client database has few distinct ones, read per order. */
  private static final int MAX_REMEMBERED_PROMOTIONS = 4096;

  private final MappingSettings settings;
  private final Map<String, PromotionDay> promotions = new ConcurrentHashMap<>();

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
    LocalDate orderDate = promotionDate(orderedAt, client.uid());
    Optional<String> promotionValue = promotionValue(client);
    PromotionDay promotion = promotionDay(promotionValue);
    OrderTotals totals = OrderTotals.of(priced, settings.moneyScale(), settings.rounding());
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
        document, orderDate, promotion, promotionValue.orElse(""), priced, tally);
  }

  /**
   * The date an order falls on for the promotion rule: in the source zone, or in the client's
   * override zone (the order's instant seen there).
   */
  public LocalDate promotionDate(OrderTimestamp orderedAt, String clientUid) {
    Optional<ZoneId> zone = settings.overrideFor(clientUid).flatMap(PromotionOverride::zone);
    return zone.isPresent()
        ? orderedAt.toInstant(settings.sourceZone()).atZone(zone.get()).toLocalDate()
        : orderedAt.dateIn(settings.sourceZone());
  }

  /**
   * {@link MappingSettings#promotionDay}, remembered per value (the answer depends on nothing
   * else).
   */
  private PromotionDay promotionDay(Optional<String> raw) {
    if (raw.isEmpty()) {
      return settings.promotionDay(raw);
    }
    PromotionDay known = promotions.get(raw.get());
    if (known != null) {
      return known;
    }
    PromotionDay day = settings.promotionDay(raw);
    if (promotions.size() < MAX_REMEMBERED_PROMOTIONS) {
      promotions.put(raw.get(), day);
    }
    return day;
  }

  /** The promotion value the rule reads for {@code client}: its override, else the stored one. */
  public Optional<String> promotionValue(SourceClient client) {
    return settings
        .overrideFor(client.uid())
        .flatMap(PromotionOverride::value)
        .or(client::promotion);
  }

  private void checkLine(
      int number,
      SourceLine line,
      List<PricedLine> priced,
      List<OrderItem> items,
      List<String> reasons) {
    // Labels are built only for a reason: most lines have none, and this runs for every line.
    int before = reasons.size();
    if (line.quantity().isEmpty()) {
      reasons.add(label(number) + ": quantity is null");
    } else if (line.quantity().get().signum() <= 0) {
      reasons.add(
          label(number)
              + ": quantity is "
              + line.quantity().get().toPlainString()
              + " (must be positive)");
    }
    if (line.productUid().isEmpty()) {
      reasons.add(label(number) + ": product_uid is null");
      return;
    }
    if (line.product().isEmpty()) {
      reasons.add(label(number) + ": product " + line.productUid().get() + " does not exist");
      return;
    }
    SourceProduct product = line.product().get();
    checkNonNegative(number, product.uid(), "unit_price", product.unitPrice(), reasons);
    checkNonNegative(number, product.uid(), "tax_rate", product.taxRate(), reasons);
    if (reasons.size() > before) {
      return;
    }
    BigDecimal quantity = line.quantity().orElseThrow();
    BigDecimal price = product.unitPrice().orElseThrow();
    BigDecimal taxRate = settings.taxRate().toFraction(product.taxRate().orElseThrow());
    priced.add(new PricedLine(quantity, price, taxRate, product.brand()));
    items.add(new OrderItem(product.uid(), quantity, price, product.name(), product.brand()));
  }

  private static String label(int number) {
    return "item #" + number;
  }

  private static void checkNonNegative(
      int number,
      String productUid,
      String field,
      Optional<BigDecimal> value,
      List<String> reasons) {
    if (value.isEmpty()) {
      reasons.add(label(number) + ": product " + productUid + " has no " + field);
    } else if (value.get().signum() < 0) {
      reasons.add(
          label(number)
              + ": product "
              + productUid
              + " has a negative "
              + field
              + " ("
              + value.get().toPlainString()
              + ")");
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
