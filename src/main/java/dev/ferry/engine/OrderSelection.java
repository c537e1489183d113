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
 */
public record OrderSelection(
    Optional<List<String>> uids, Optional<String> clientUid, OptionalInt limit) {
  public OrderSelection {
    Objects.requireNonNull(uids, "uids");
    uids = uids.map(List::copyOf);
    Objects.requireNonNull(clientUid, "clientUid");
    Objects.requireNonNull(limit, "limit");
    if (limit.isPresent() && limit.getAsInt() < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
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
    return uids.isEmpty() && clientUid.isEmpty() && limit.isEmpty();
  }
}
