package dev.ferry.engine;

import java.util.Objects;

/**
 * One discrepancy found by verification.
 *
 * @param orderUid the order concerned
 * @param kind what kind of discrepancy
 * @param detail one sentence, with field differences where known
 */
public record Difference(String orderUid, Kind kind, String detail) {
  public Difference {
    Objects.requireNonNull(orderUid, "orderUid");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  /** The kinds of discrepancy. */
  public enum Kind {
    /** A valid source order has no document in the target. */
    MISSING_DOCUMENT,
    /** The target document differs from what the source yields now. */
    DOCUMENT_DIFFERS,
    /** A rejected source order is not in the rejects collection. */
    MISSING_REJECT,
    /** An order is both in the target and in the rejects (or rejected yet in the target). */
    IN_BOTH,
    /** A target document or reject has no order in the source. */
    NO_SOURCE_ORDER
  }
}
