package dev.ferry.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One order with everything joined to it, as read from the source in a single snapshot.
 *
 * <p>Contract: values are as stored, converted to plain Java types without interpretation —
 * coordinates stay text so that the mapping rules, not the reader, decide what a valid coordinate
 * is, and a missing client or product is an empty {@link Optional} rather than an error, so that
 * the order can be rejected with its reason instead of failing the run.
 *
 * @param uid the order id, as text
 * @param orderedAt {@code date_of_order}, if not null
 * @param clientUid the client id the order refers to, if not null
 * @param client the joined client; empty when it does not exist
 * @param latitude the latitude as text, if not null
 * @param longitude the longitude as text, if not null
 * @param status the status, if not null
 * @param lines the order's item lines in a deterministic order
 */
public record SourceOrder(
    String uid,
    Optional<OrderTimestamp> orderedAt,
    Optional<String> clientUid,
    Optional<SourceClient> client,
    Optional<String> latitude,
    Optional<String> longitude,
    Optional<String> status,
    List<SourceLine> lines) {
  public SourceOrder {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(orderedAt, "orderedAt");
    Objects.requireNonNull(clientUid, "clientUid");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(latitude, "latitude");
    Objects.requireNonNull(longitude, "longitude");
    Objects.requireNonNull(status, "status");
    lines = List.copyOf(lines);
  }
}
