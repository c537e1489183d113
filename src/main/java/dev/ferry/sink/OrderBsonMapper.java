package dev.ferry.sink;

import dev.ferry.core.OrderDocument;
import dev.ferry.core.OrderItem;
import java.math.BigDecimal;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonBinaryWriter;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;

/**
 * Turns an {@link OrderDocument} into the exact BSON Ferry stores.
 *
 * <p>Contract — field order and types are fixed, because unchanged-detection compares documents
 * byte for byte: {@code _id} (order uid), {@code uid}, {@code date_of_order} (date), {@code
 * client_uid}, {@code client_name}, {@code client_address}, {@code latitude}, {@code longitude}
 * (double), {@code status}, {@code subtotal}, {@code taxes}, {@code total} (Decimal128, scale kept,
 * never double), {@code is_promotion_day} (bool), {@code most_popular_brand}, {@code order_items}
 * (array of {@code {uid, quantity, price, name, brand}}). Every field is always present; an empty
 * optional becomes BSON null. A quantity is Int32 when whole and in range, Int64 when whole and
 * larger, Decimal128 otherwise; a price is Decimal128 exactly as given ({@code 10.10} stays {@code
 * 10.10}). A decimal that Decimal128 cannot hold exactly (more than 34 digits) is refused with
 * {@link IllegalArgumentException} rather than rounded.
 */
public final class OrderBsonMapper {
  /**
   * A buffer per thread for {@link #toRaw}, reused from one document to the next (each document is
   * copied out at its exact size); one grown past {@link #KEPT_CAPACITY} by a huge order is dropped
   * rather than kept for the thread's lifetime.
   */
  private static final ThreadLocal<ByteArrayBsonOutput> BUFFERS =
      ThreadLocal.withInitial(() -> new ByteArrayBsonOutput(4096));

  private static final int KEPT_CAPACITY = 1 << 16;

  private static final int MIN_EXPONENT = -6176;
  private static final int MAX_EXPONENT = 6111;
  private static final int EXPONENT_OFFSET = 6176;

  private OrderBsonMapper() {}

  /** The BSON document for {@code order}. */
  public static BsonDocument toBson(OrderDocument order) {
    BsonArray items = new BsonArray();
    for (OrderItem item : order.orderItems()) {
      items.add(
          new BsonDocument()
              .append("uid", new BsonString(item.uid()))
              .append("quantity", quantity(item.quantity()))
              .append("price", decimal(item.price()))
              .append("name", string(item.name()))
              .append("brand", string(item.brand())));
    }
    return new BsonDocument()
        .append("_id", new BsonString(order.uid()))
        .append("uid", new BsonString(order.uid()))
        .append("date_of_order", new BsonDateTime(order.dateOfOrder().toEpochMilli()))
        .append("client_uid", new BsonString(order.clientUid()))
        .append("client_name", string(order.clientName()))
        .append("client_address", string(order.clientAddress()))
        .append("latitude", number(order.latitude()))
        .append("longitude", number(order.longitude()))
        .append("status", string(order.status()))
        .append("subtotal", decimal(order.subtotal()))
        .append("taxes", decimal(order.taxes()))
        .append("total", decimal(order.total()))
        .append("is_promotion_day", BsonBoolean.valueOf(order.isPromotionDay()))
        .append("most_popular_brand", string(order.mostPopularBrand()))
        .append("order_items", items);
  }

  /**
   * The same document as {@link #toBson}, byte for byte, written straight into its encoded form: no
   * intermediate tree, which is what a run spends its time on besides the network.
   */
  public static RawBsonDocument toRaw(OrderDocument order) {
    ByteArrayBsonOutput buffer = BUFFERS.get();
    buffer.reset();
    try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
      writer.writeStartDocument();
      writer.writeString("_id", order.uid());
      writer.writeString("uid", order.uid());
      writer.writeDateTime("date_of_order", order.dateOfOrder().toEpochMilli());
      writer.writeString("client_uid", order.clientUid());
      writeString(writer, "client_name", order.clientName());
      writeString(writer, "client_address", order.clientAddress());
      writeNumber(writer, "latitude", order.latitude());
      writeNumber(writer, "longitude", order.longitude());
      writeString(writer, "status", order.status());
      writer.writeDecimal128("subtotal", decimal128(order.subtotal()));
      writer.writeDecimal128("taxes", decimal128(order.taxes()));
      writer.writeDecimal128("total", decimal128(order.total()));
      writer.writeBoolean("is_promotion_day", order.isPromotionDay());
      writeString(writer, "most_popular_brand", order.mostPopularBrand());
      writer.writeStartArray("order_items");
      for (OrderItem item : order.orderItems()) {
        writer.writeStartDocument();
        writer.writeString("uid", item.uid());
        BsonValue quantity = quantity(item.quantity());
        if (quantity.isInt32()) {
          writer.writeInt32("quantity", quantity.asInt32().getValue());
        } else if (quantity.isInt64()) {
          writer.writeInt64("quantity", quantity.asInt64().getValue());
        } else {
          writer.writeDecimal128("quantity", quantity.asDecimal128().getValue());
        }
        writer.writeDecimal128("price", decimal128(item.price()));
        writeString(writer, "name", item.name());
        writeString(writer, "brand", item.brand());
        writer.writeEndDocument();
      }
      writer.writeEndArray();
      writer.writeEndDocument();
    }
    RawBsonDocument document = new RawBsonDocument(buffer.copy());
    if (buffer.capacity() > KEPT_CAPACITY) {
      BUFFERS.remove();
    }
    return document;
  }

  private static void writeString(BsonBinaryWriter writer, String name, Optional<String> value) {
    if (value.isPresent()) {
      writer.writeString(name, value.get());
    } else {
      writer.writeNull(name);
    }
  }

  private static void writeNumber(BsonBinaryWriter writer, String name, Optional<Double> value) {
    if (value.isPresent()) {
      writer.writeDouble(name, value.get());
    } else {
      writer.writeNull(name);
    }
  }

  /** Int32 when whole and in range, Int64 when whole and larger, Decimal128 otherwise. */
  public static BsonValue quantity(BigDecimal quantity) {
    if (quantity.scale() <= 0
        || quantity.signum() == 0
        || quantity.stripTrailingZeros().scale() <= 0) {
      try {
        long whole = quantity.longValueExact();
        if (whole >= Integer.MIN_VALUE && whole <= Integer.MAX_VALUE) {
          return new BsonInt32((int) whole);
        }
        return new BsonInt64(whole);
      } catch (ArithmeticException tooLarge) {
        // beyond Int64: only Decimal128 can hold it
      }
    }
    return decimal(quantity);
  }

  /** Decimal128 with the exact digits and scale of {@code value}. */
  public static BsonDecimal128 decimal(BigDecimal value) {
    return new BsonDecimal128(decimal128(value));
  }

  /**
   * Decimal128 with the exact digits and scale of {@code value}: encoded directly when the digits
   * fit in a long and the exponent in Decimal128's range (every amount of money), which gives the
   * library's own bits without its bit-by-bit loop; by the library otherwise.
   */
  static Decimal128 decimal128(BigDecimal value) {
    java.math.BigInteger unscaled = value.unscaledValue();
    int exponent = -value.scale();
    if (unscaled.bitLength() < 63 && exponent >= MIN_EXPONENT && exponent <= MAX_EXPONENT) {
      long high = (long) (exponent + EXPONENT_OFFSET) << 49;
      if (value.signum() < 0) {
        high |= Long.MIN_VALUE;
      }
      return Decimal128.fromIEEE754BIDEncoding(high, Math.abs(unscaled.longValue()));
    }
    try {
      return new Decimal128(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "cannot store " + value.toPlainString() + " exactly as Decimal128: " + e.getMessage(), e);
    }
  }

  private static BsonValue string(Optional<String> value) {
    return value.<BsonValue>map(BsonString::new).orElse(BsonNull.VALUE);
  }

  private static BsonValue number(Optional<Double> value) {
    return value.<BsonValue>map(BsonDouble::new).orElse(BsonNull.VALUE);
  }
}
