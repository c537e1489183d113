package dev.ferry.core;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of mapping one source order: a document to load, or a rejection with its reasons.
 * Every source order yields exactly one of the two, so nothing is dropped silently.
 */
public sealed interface MappingResult {

  /** The order's uid. */
  String uid();

  /**
   * A valid order and the facts behind its document (for previews and run reports).
   *
   * @param document the document to write
   * @param orderDate the order's date in the source zone
   * @param promotion how the client's promotion value was understood
   * @param promotionRaw the raw promotion value ("" when absent)
   * @param lines the priced lines, in document order
   * @param tally the brand tally, winner first
   */
  record Accepted(
      OrderDocument document,
      LocalDate orderDate,
      PromotionDay promotion,
      String promotionRaw,
      List<PricedLine> lines,
      BrandTally tally)
      implements MappingResult {
    public Accepted {
      Objects.requireNonNull(document, "document");
      Objects.requireNonNull(orderDate, "orderDate");
      Objects.requireNonNull(promotion, "promotion");
      Objects.requireNonNull(promotionRaw, "promotionRaw");
      lines = List.copyOf(lines);
      Objects.requireNonNull(tally, "tally");
    }

    @Override
    public String uid() {
      return document.uid();
    }
  }

  /**
   * An order that cannot be loaded as it stands.
   *
   * @param order the source order, kept whole for the reject record
   * @param reasons one sentence per problem, never empty
   */
  record Rejected(SourceOrder order, List<String> reasons) implements MappingResult {
    public Rejected {
      Objects.requireNonNull(order, "order");
      reasons = List.copyOf(reasons);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("a rejection needs at least one reason");
      }
    }

    @Override
    public String uid() {
      return order.uid();
    }
  }
}
