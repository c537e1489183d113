package dev.ferry.core;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Why a mapped order's document looks the way it does, for a preview pane: the money arithmetic,
 * the brand tie-break and the promotion-day verdict, or the reasons of a rejection.
 *
 * <p>Contract: pure (no I/O, no clock) and derived only from a {@link MappingResult} and the source
 * zone, so it explains exactly what the mapper decided. Every number is shown exactly as computed
 * ({@link BigDecimal#toPlainString()}): line amounts and taxes unrounded, the sums before and after
 * the single HALF_UP rounding to {@value OrderTotals#SCALE} decimals. The outcome fields (totals,
 * winner, {@code is_promotion_day}) are the document's own values, never recomputed differently.
 * Each variant offers structured records for a GUI and {@link #lines()} for plain text, in English.
 */
public sealed interface OrderExplanation {

  /** The order's uid. */
  String uid();

  /** The explanation as plain-text lines, in reading order. */
  List<String> lines();

  /** Explains {@code result}; {@code sourceZone} is the zone the mapper used. */
  static OrderExplanation of(MappingResult result, ZoneId sourceZone) {
    if (result instanceof MappingResult.Accepted accepted) {
      return of(accepted, sourceZone);
    }
    return of((MappingResult.Rejected) result);
  }

  /** Explains an accepted order; {@code sourceZone} is the zone the mapper used. */
  static Accepted of(MappingResult.Accepted accepted, ZoneId sourceZone) {
    Objects.requireNonNull(sourceZone, "sourceZone");
    OrderDocument document = accepted.document();
    List<PricedLine> priced = accepted.lines();
    // The mapper adds a priced line and an order item together, so they align; a hand-built
    // result might not, and then the product is simply not named.
    boolean aligned = document.orderItems().size() == priced.size();
    List<Item> items = new ArrayList<>(priced.size());
    BigDecimal exactSubtotal = BigDecimal.ZERO;
    BigDecimal exactTaxes = BigDecimal.ZERO;
    for (int i = 0; i < priced.size(); i++) {
      PricedLine line = priced.get(i);
      Optional<OrderItem> item =
          aligned ? Optional.of(document.orderItems().get(i)) : Optional.empty();
      items.add(
          new Item(
              i + 1,
              item.map(OrderItem::uid),
              item.flatMap(OrderItem::name),
              line.brand(),
              line.quantity(),
              line.unitPrice(),
              line.amount(),
              line.taxRate(),
              line.tax()));
      exactSubtotal = exactSubtotal.add(line.amount());
      exactTaxes = exactTaxes.add(line.tax());
    }
    Totals totals =
        new Totals(
            exactSubtotal, exactTaxes, document.subtotal(), document.taxes(), document.total());
    Brands brands = Brands.of(accepted.tally(), document.mostPopularBrand());
    Promotion promotion =
        new Promotion(
            accepted.promotionRaw(),
            accepted.promotion(),
            accepted.orderDate(),
            document.dateOfOrder(),
            sourceZone,
            document.isPromotionDay());
    return new Accepted(document.uid(), items, totals, brands, promotion);
  }

  /** Explains a rejected order: its reasons, as the mapper wrote them. */
  static Rejected of(MappingResult.Rejected rejected) {
    return new Rejected(rejected.uid(), rejected.reasons());
  }

  /**
   * An accepted order, explained.
   *
   * @param uid the order's uid
   * @param items one entry per priced line, in document order
   * @param totals the sums and their rounding
   * @param brands the brand tally and what decided the winner
   * @param promotion why {@code is_promotion_day} is what it is
   */
  record Accepted(String uid, List<Item> items, Totals totals, Brands brands, Promotion promotion)
      implements OrderExplanation {
    public Accepted {
      Objects.requireNonNull(uid, "uid");
      items = List.copyOf(items);
      Objects.requireNonNull(totals, "totals");
      Objects.requireNonNull(brands, "brands");
      Objects.requireNonNull(promotion, "promotion");
    }

    /**
     * A heading, one line per item, the totals, the brands and the promotion verdict, e.g. {@code
     * Item 1, product p1, brand Acme: 2 × 10.50 = 21.00; tax 21.00 × 0.16 = 3.3600}.
     */
    @Override
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      lines.add(
          "Order "
              + uid
              + " is accepted, "
              + switch (items.size()) {
                case 0 -> "no items";
                case 1 -> "1 item";
                default -> items.size() + " items";
              });
      items.forEach(item -> lines.add(item.sentence()));
      lines.addAll(totals.sentences());
      lines.addAll(brands.sentences());
      lines.addAll(promotion.sentences());
      return List.copyOf(lines);
    }
  }

  /**
   * A rejected order, explained.
   *
   * @param uid the order's uid
   * @param reasons one sentence per problem, as the mapper found them (never empty)
   */
  record Rejected(String uid, List<String> reasons) implements OrderExplanation {
    public Rejected {
      Objects.requireNonNull(uid, "uid");
      reasons = List.copyOf(reasons);
    }

    /** {@code Order o1 is rejected:} followed by one {@code - reason} line per reason. */
    @Override
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      lines.add("Order " + uid + " is rejected:");
      reasons.forEach(reason -> lines.add("- " + reason));
      return List.copyOf(lines);
    }
  }

  /**
   * One priced line's arithmetic, exact and unrounded.
   *
   * @param number the line's position, from 1
   * @param productUid the product's uid, when known
   * @param productName the product's name, if any
   * @param brand the product's brand as stored, if any
   * @param quantity the quantity
   * @param unitPrice the unit price
   * @param amount {@code quantity × unitPrice}
   * @param taxRate the tax rate, as a fraction
   * @param tax {@code amount × taxRate}
   */
  record Item(
      int number,
      Optional<String> productUid,
      Optional<String> productName,
      Optional<String> brand,
      BigDecimal quantity,
      BigDecimal unitPrice,
      BigDecimal amount,
      BigDecimal taxRate,
      BigDecimal tax) {
    public Item {
      Objects.requireNonNull(productUid, "productUid");
      Objects.requireNonNull(productName, "productName");
      Objects.requireNonNull(brand, "brand");
      Objects.requireNonNull(quantity, "quantity");
      Objects.requireNonNull(unitPrice, "unitPrice");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(taxRate, "taxRate");
      Objects.requireNonNull(tax, "tax");
    }

    /** {@code quantity × unit_price = amount}, e.g. {@code 2 × 10.50 = 21.00}. */
    public String amountFormula() {
      return plain(quantity) + " × " + plain(unitPrice) + " = " + plain(amount);
    }

    /** {@code amount × tax_rate = tax}, e.g. {@code 21.00 × 0.16 = 3.3600}. */
    public String taxFormula() {
      return plain(amount) + " × " + plain(taxRate) + " = " + plain(tax);
    }

    /** The line as one sentence: which product and brand, then both formulas. */
    public String sentence() {
      StringBuilder label = new StringBuilder("Item ").append(number);
      productUid.ifPresent(uid -> label.append(", product ").append(uid));
      Optional<String> shownBrand = brand.map(String::strip).filter(b -> !b.isEmpty());
      label.append(shownBrand.map(b -> ", brand " + b).orElse(", no brand"));
      return label + ": " + amountFormula() + "; tax " + taxFormula();
    }
  }

  /**
   * The order's sums: exact, then rounded once, HALF_UP to {@value OrderTotals#SCALE} decimals.
   *
   * @param exactSubtotal Σ amounts, unrounded
   * @param exactTaxes Σ taxes, unrounded
   * @param subtotal the document's subtotal (rounded)
   * @param taxes the document's taxes (rounded)
   * @param total the document's total, {@code subtotal + taxes}
   */
  record Totals(
      BigDecimal exactSubtotal,
      BigDecimal exactTaxes,
      BigDecimal subtotal,
      BigDecimal taxes,
      BigDecimal total) {
    public Totals {
      Objects.requireNonNull(exactSubtotal, "exactSubtotal");
      Objects.requireNonNull(exactTaxes, "exactTaxes");
      Objects.requireNonNull(subtotal, "subtotal");
      Objects.requireNonNull(taxes, "taxes");
      Objects.requireNonNull(total, "total");
    }

    /** Subtotal, taxes and total, one sentence each. */
    public List<String> sentences() {
      String rounding = ", rounded half up to " + OrderTotals.SCALE + " decimals: ";
      return List.of(
          "Subtotal: sum of amounts " + plain(exactSubtotal) + rounding + plain(subtotal),
          "Taxes: sum of taxes " + plain(exactTaxes) + rounding + plain(taxes),
          "Total = subtotal + taxes = "
              + plain(subtotal)
              + " + "
              + plain(taxes)
              + " = "
              + plain(total));
    }
  }

  /** Which rule of {@link BrandTally} decided the most popular brand. */
  enum TieBreak {
    /** No line has a brand; the field is absent. */
    NO_BRAND,
    /** Only one brand occurs. */
    SINGLE_BRAND,
    /** The winner has the highest total quantity outright. */
    QUANTITY,
    /** Quantities tie; the winner has the highest spend. */
    SPEND,
    /** Quantity and spend tie; the alphabetically first brand (by code point) wins. */
    ALPHABETICAL
  }

  /**
   * The brand tally and the rule that picked the winner.
   *
   * @param tally every brand with its quantity and spend, winner first
   * @param decidedBy the rule that decided
   * @param winner the document's most popular brand
   * @param tiedWith the other brands that tied with the winner on every rule before {@code
   *     decidedBy} (empty unless it is {@link TieBreak#SPEND} or {@link TieBreak#ALPHABETICAL})
   */
  record Brands(
      List<BrandTally.Entry> tally,
      TieBreak decidedBy,
      Optional<String> winner,
      List<String> tiedWith) {
    public Brands {
      tally = List.copyOf(tally);
      Objects.requireNonNull(decidedBy, "decidedBy");
      Objects.requireNonNull(winner, "winner");
      tiedWith = List.copyOf(tiedWith);
    }

    /** Works out the deciding rule from a tally, which is already ranked winner first. */
    static Brands of(BrandTally tally, Optional<String> winner) {
      List<BrandTally.Entry> entries = tally.entries();
      if (entries.isEmpty()) {
        return new Brands(entries, TieBreak.NO_BRAND, winner, List.of());
      }
      if (entries.size() == 1) {
        return new Brands(entries, TieBreak.SINGLE_BRAND, winner, List.of());
      }
      BrandTally.Entry first = entries.get(0);
      List<BrandTally.Entry> sameQuantity =
          entries.stream()
              .skip(1)
              .filter(e -> e.quantity().compareTo(first.quantity()) == 0)
              .toList();
      if (sameQuantity.isEmpty()) {
        return new Brands(entries, TieBreak.QUANTITY, winner, List.of());
      }
      List<BrandTally.Entry> sameSpend =
          sameQuantity.stream().filter(e -> e.spend().compareTo(first.spend()) == 0).toList();
      if (sameSpend.isEmpty()) {
        return new Brands(entries, TieBreak.SPEND, winner, brandsOf(sameQuantity));
      }
      return new Brands(entries, TieBreak.ALPHABETICAL, winner, brandsOf(sameSpend));
    }

    private static List<String> brandsOf(List<BrandTally.Entry> entries) {
      return entries.stream().map(BrandTally.Entry::brand).toList();
    }

    /** The tally (when there are brands) and the verdict with its reason. */
    public List<String> sentences() {
      List<String> sentences = new ArrayList<>();
      if (!tally.isEmpty()) {
        sentences.add(
            "Brands: "
                + tally.stream()
                    .map(
                        e ->
                            e.brand()
                                + " quantity "
                                + plain(e.quantity())
                                + ", spend "
                                + plain(e.spend()))
                    .collect(Collectors.joining("; ")));
      }
      sentences.add(verdict());
      return List.copyOf(sentences);
    }

    private String verdict() {
      String name = winner.orElse("none");
      String prefix = "Most popular brand: " + name;
      return switch (decidedBy) {
        case NO_BRAND -> prefix + ", no item has a brand";
        case SINGLE_BRAND -> prefix + ", the only brand";
        case QUANTITY -> {
          BrandTally.Entry runnerUp = tally.get(1);
          yield prefix
              + ", decided by quantity ("
              + plain(tally.get(0).quantity())
              + " against "
              + plain(runnerUp.quantity())
              + " for "
              + runnerUp.brand()
              + ")";
        }
        case SPEND -> {
          BrandTally.Entry runnerUp = tally.get(1);
          yield prefix
              + ", decided by spend (quantity tied at "
              + plain(tally.get(0).quantity())
              + " with "
              + String.join(", ", tiedWith)
              + "; spend "
              + plain(tally.get(0).spend())
              + " against "
              + plain(runnerUp.spend())
              + " for "
              + runnerUp.brand()
              + ")";
        }
        case ALPHABETICAL ->
            prefix
                + ", decided alphabetically (quantity "
                + plain(tally.get(0).quantity())
                + " and spend "
                + plain(tally.get(0).spend())
                + " tied with "
                + String.join(", ", tiedWith)
                + ")";
      };
    }
  }

  /** How the client's raw promotion value was understood. */
  enum Reading {
    /** A weekday name: every order on that weekday is on promotion. */
    WEEKDAY,
    /** An ISO date: orders on that date are on promotion. */
    DATE,
    /** Neither; never matches. */
    NOT_UNDERSTOOD,
    /** Null or blank; never matches. */
    ABSENT;

    /** The reading of a parsed promotion value. */
    static Reading of(PromotionDay day) {
      if (day instanceof PromotionDay.Weekday) {
        return WEEKDAY;
      }
      if (day instanceof PromotionDay.OnDate) {
        return DATE;
      }
      return day instanceof PromotionDay.NotUnderstood ? NOT_UNDERSTOOD : ABSENT;
    }
  }

  /**
   * Why {@code is_promotion_day} is true or false.
   *
   * @param raw the client's raw value ("" when null)
   * @param understood how it was read
   * @param orderDate the order's date in the source zone (the one the rule compares)
   * @param orderedAt the order's instant, as in the document
   * @param sourceZone the zone the order's date was taken in
   * @param isPromotionDay the document's value
   */
  record Promotion(
      String raw,
      PromotionDay understood,
      LocalDate orderDate,
      Instant orderedAt,
      ZoneId sourceZone,
      boolean isPromotionDay) {
    public Promotion {
      Objects.requireNonNull(raw, "raw");
      Objects.requireNonNull(understood, "understood");
      Objects.requireNonNull(orderDate, "orderDate");
      Objects.requireNonNull(orderedAt, "orderedAt");
      Objects.requireNonNull(sourceZone, "sourceZone");
    }

    /** Which kind of value the raw text was. */
    public Reading reading() {
      return Reading.of(understood);
    }

    /** The weekday of the order's date in the source zone. */
    public DayOfWeek orderWeekday() {
      return orderDate.getDayOfWeek();
    }

    /**
     * How the raw value was read, the order's date and weekday, and the verdict with its reason.
     */
    public List<String> sentences() {
      return List.of(readingSentence(), dateSentence(), verdictSentence());
    }

    /** E.g. {@code Promotion day: 'Mon', read as weekday Monday}. */
    public String readingSentence() {
      String quoted = "'" + raw + "'";
      String reading;
      if (understood instanceof PromotionDay.Weekday w) {
        reading = quoted + ", read as weekday " + dayName(w.day());
      } else if (understood instanceof PromotionDay.OnDate d) {
        reading = quoted + ", read as the date " + d.date();
      } else if (understood instanceof PromotionDay.NotUnderstood) {
        reading = quoted + ", not understood (neither a weekday nor a YYYY-MM-DD date)";
      } else {
        reading = raw.isEmpty() ? "none" : quoted + ", blank, so none";
      }
      return "Promotion day: " + reading;
    }

    /** E.g. {@code Order date in UTC: Monday 2026-11-23 (placed at 2026-11-23T10:15:30.123Z)}. */
    public String dateSentence() {
      return "Order date in "
          + zoneName(sourceZone)
          + ": "
          + dayName(orderWeekday())
          + " "
          + orderDate
          + " (placed at "
          + orderedAt.atZone(sourceZone).toOffsetDateTime()
          + ")";
    }

    /** E.g. {@code is_promotion_day is true: the order falls on a Monday}. */
    public String verdictSentence() {
      String reason;
      if (understood instanceof PromotionDay.Weekday w) {
        reason =
            w.matches(orderDate)
                ? "the order falls on a " + dayName(w.day())
                : "the order falls on a " + dayName(orderWeekday()) + ", not a " + dayName(w.day());
      } else if (understood instanceof PromotionDay.OnDate d) {
        reason =
            d.matches(orderDate)
                ? "the order falls on the promotion date"
                : "the order date " + orderDate + " is not " + d.date();
      } else if (understood instanceof PromotionDay.NotUnderstood) {
        reason = "a value that is not understood never matches";
      } else {
        reason = "the client has no promotion day";
      }
      return "is_promotion_day is " + isPromotionDay + ": " + reason;
    }

    private static String dayName(DayOfWeek day) {
      return day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    /** {@code UTC} rather than {@link ZoneOffset#UTC}'s id {@code Z}, which reads as a typo. */
    private static String zoneName(ZoneId zone) {
      return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }
  }

  /** Exact decimal text, never scientific notation. */
  private static String plain(BigDecimal value) {
    return value.toPlainString();
  }
}
