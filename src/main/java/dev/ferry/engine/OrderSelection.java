package dev.ferry.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which source orders to read: all of them, or a subset for previews.
 *
 * @param uids only these order uids, when present
 * @param clientUid only this client's orders, when present
 * @param limit at most this many orders (the first ones by uid), when present
 * @param range only orders whose uid lies in this range
 */
public record OrderSelection(
    Optional<List<String>> uids, Optional<String> clientUid, OptionalInt limit, UidRange range) {
  public OrderSelection {
    Objects.requireNonNull(uids, "uids");
    uids = uids.map(List::copyOf);
    Objects.requireNonNull(clientUid, "clientUid");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(range, "range");
    if (limit.isPresent() && limit.getAsInt() < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
  }

  /** A selection over every uid range. */
  public OrderSelection(
      Optional<List<String>> uids, Optional<String> clientUid, OptionalInt limit) {
    this(uids, clientUid, limit, UidRange.ALL);
  }

  /** Every order whose uid lies in {@code range}. */
  public static OrderSelection in(UidRange range) {
    return new OrderSelection(Optional.empty(), Optional.empty(), OptionalInt.empty(), range);
  }

  /** Every order. */
  public static OrderSelection all() {
    return new OrderSelection(Optional.empty(), Optional.empty(), OptionalInt.empty());
  }

  /** The first {@code n} orders by uid. */
  public static OrderSelection first(int n) {
    return new OrderSelection(Optional.empty(), Optional.empty(), OptionalInt.of(n));
  }

  /** The given orders. */
  public static OrderSelection byUids(List<String> uids) {
    return new OrderSelection(Optional.of(uids), Optional.empty(), OptionalInt.empty());
  }

  /** The first {@code n} orders of one client. */
  public static OrderSelection byClient(String clientUid, int n) {
    return new OrderSelection(Optional.empty(), Optional.of(clientUid), OptionalInt.of(n));
  }

  /** Whether this selects every order (a full run). */
  public boolean isAll() {
    return uids.isEmpty() && clientUid.isEmpty() && limit.isEmpty() && range.isAll();
  }
}
