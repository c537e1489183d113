package dev.ferry.sink;

import dev.ferry.core.MappingResult;
import dev.ferry.core.OrderTimestamp;
import dev.ferry.core.SourceClient;
import dev.ferry.core.SourceLine;
import dev.ferry.core.SourceOrder;
import dev.ferry.core.SourceProduct;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

/**
 * Turns a rejected order into its document in {@code <collection>_rejects}.
 *
 * <p>Contract: {@code {_id: order uid, reasons: [string], source: {...}, run_id, rejected_at}}.
 * {@code source} holds the source order as read — order fields, the client, every line with its
 * product — as strings, Decimal128 numbers and nulls, so a reader can see what was wrong without
 * going back to PostgreSQL. Timestamps are kept as ISO strings: a {@code timestamptz} with its
 * {@code Z}, a {@code timestamp} without zone as wall-clock text, at full precision. The {@code
 * reasons} and {@code source} parts are a pure function of the rejection, which is what lets an
 * unchanged reject be recognised and left alone; {@code run_id} and {@code rejected_at} say when it
 * was last (re)written.
 */
public final class RejectBsonMapper {
  private RejectBsonMapper() {}

  /** The full reject document. */
  public static BsonDocument toBson(MappingResult.Rejected rejected, String runId, Instant at) {
    BsonDocument content = content(rejected);
    return new BsonDocument()
        .append("_id", new BsonString(rejected.uid()))
        .append("reasons", content.get("reasons"))
        .append("source", content.get("source"))
        .append("run_id", new BsonString(runId))
        .append("rejected_at", new BsonDateTime(at.toEpochMilli()));
  }

  /** Only the parts that decide whether a stored reject is up to date: reasons and source. */
  public static BsonDocument content(MappingResult.Rejected rejected) {
    BsonArray reasons = new BsonArray();
    rejected.reasons().forEach(reason -> reasons.add(new BsonString(reason)));
    return new BsonDocument().append("reasons", reasons).append("source", source(rejected.order()));
  }

  /** The same two parts taken from a stored reject (missing ones as null). */
  static BsonDocument content(BsonDocument stored) {
    return new BsonDocument()
        .append("reasons", stored.get("reasons", BsonNull.VALUE))
        .append("source", stored.get("source", BsonNull.VALUE));
  }

  /**
   * Source lines a reject record keeps: enough to diagnose any order, few enough (a few MiB at
   * most) that the record fits in one MongoDB document.
   */
  static final int MAX_LINES = 10_000;

  private static BsonDocument source(SourceOrder order) {
    BsonArray lines = new BsonArray();
    for (SourceLine line : order.lines().subList(0, Math.min(order.lines().size(), MAX_LINES))) {
      lines.add(
          new BsonDocument()
              .append("line_uid", string(line.lineUid()))
              .append("product_uid", string(line.productUid()))
              .append("quantity", decimal(line.quantity()))
              .append(
                  "product",
                  line.product().<BsonValue>map(RejectBsonMapper::product).orElse(BsonNull.VALUE)));
    }
    BsonDocument source =
        new BsonDocument()
            .append("uid", new BsonString(order.uid()))
            .append("date_of_order", string(order.orderedAt().map(RejectBsonMapper::timestamp)))
            .append("client_uid", string(order.clientUid()))
            .append(
                "client",
                order.client().<BsonValue>map(RejectBsonMapper::client).orElse(BsonNull.VALUE))
            .append("latitude", string(order.latitude()))
            .append("longitude", string(order.longitude()))
            .append("status", string(order.status()))
            .append("lines", lines);
    if (order.lines().size() > MAX_LINES) {
      // A reject must fit in one MongoDB document too: the first lines show the shape.
      source.append("lines_omitted", new BsonInt32(order.lines().size() - MAX_LINES));
    }
    return source;
  }

  private static BsonDocument client(SourceClient client) {
    return new BsonDocument()
        .append("uid", new BsonString(client.uid()))
        .append("name", string(client.name()))
        .append("address", string(client.address()))
        .append("promotion", string(client.promotion()));
  }

  private static BsonDocument product(SourceProduct product) {
    return new BsonDocument()
        .append("uid", new BsonString(product.uid()))
        .append("name", string(product.name()))
        .append("brand", string(product.brand()))
        .append("unit_price", decimal(product.unitPrice()))
        .append("tax_rate", decimal(product.taxRate()));
  }

  private static String timestamp(OrderTimestamp timestamp) {
    // Absolute prints as 2024-05-01T10:00:00Z, WallClock as 2024-05-01T10:00 (no zone): the text
    // itself shows which kind the source column was.
    return timestamp.toString();
  }

  private static BsonValue decimal(Optional<BigDecimal> value) {
    if (value.isEmpty()) {
      return BsonNull.VALUE;
    }
    try {
      return new BsonDecimal128(new Decimal128(value.get()));
    } catch (NumberFormatException e) {
      // A reject must never fail to be stored: keep a value Decimal128 cannot hold as text.
      return new BsonString(value.get().toPlainString());
    }
  }

  private static BsonValue string(Optional<String> value) {
    return value.<BsonValue>map(BsonString::new).orElse(BsonNull.VALUE);
  }
}
