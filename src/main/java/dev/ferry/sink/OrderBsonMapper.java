package dev.ferry.sink;

import dev.ferry.core.OrderDocument;
import dev.ferry.core.OrderItem;
import java.math.BigDecimal;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonType;
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
   * intermediate tree and no general-purpose writer (its state checks cost more than the writing),
   * which is what a first load spends most of its own CPU on. The byte layout is BSON's: a document
   * is its length, its elements (type byte, name, value) and a zero; an array is a document whose
   * names are "0", "1", …
   */
  public static RawBsonDocument toRaw(OrderDocument order) {
    ByteArrayBsonOutput out = BUFFERS.get();
    out.reset();
    int start = startDocument(out);
    string(out, "_id", order.uid());
    string(out, "uid", order.uid());
    name(out, BsonType.DATE_TIME, "date_of_order");
    out.writeInt64(order.dateOfOrder().toEpochMilli());
    string(out, "client_uid", order.clientUid());
    string(out, "client_name", order.clientName());
    string(out, "client_address", order.clientAddress());
    number(out, "latitude", order.latitude());
    number(out, "longitude", order.longitude());
    string(out, "status", order.status());
    decimal(out, "subtotal", decimal128(order.subtotal()));
    decimal(out, "taxes", decimal128(order.taxes()));
    decimal(out, "total", decimal128(order.total()));
    name(out, BsonType.BOOLEAN, "is_promotion_day");
    out.writeByte(order.isPromotionDay() ? 1 : 0);
    string(out, "most_popular_brand", order.mostPopularBrand());
    name(out, BsonType.ARRAY, "order_items");
    int items = startDocument(out);
    int index = 0;
    for (OrderItem item : order.orderItems()) {
      name(out, BsonType.DOCUMENT, Integer.toString(index++));
      int element = startDocument(out);
      string(out, "uid", item.uid());
      BsonValue quantity = quantity(item.quantity());
      if (quantity.isInt32()) {
        name(out, BsonType.INT32, "quantity");
        out.writeInt32(quantity.asInt32().getValue());
      } else if (quantity.isInt64()) {
        name(out, BsonType.INT64, "quantity");
        out.writeInt64(quantity.asInt64().getValue());
      } else {
        decimal(out, "quantity", quantity.asDecimal128().getValue());
      }
      decimal(out, "price", decimal128(item.price()));
      string(out, "name", item.name());
      string(out, "brand", item.brand());
      endDocument(out, element);
    }
    endDocument(out, items);
    endDocument(out, start);
    RawBsonDocument document = new RawBsonDocument(out.copy());
    if (out.capacity() > KEPT_CAPACITY) {
      BUFFERS.remove();
    }
    return document;
  }

  /** Reserves a document's length; returns where it starts. */
  private static int startDocument(ByteArrayBsonOutput out) {
    int start = out.getPosition();
    out.writeInt32(0);
    return start;
  }

  /** Closes the document started at {@code start} and writes its length there. */
  private static void endDocument(ByteArrayBsonOutput out, int start) {
    out.writeByte(0);
    out.patchInt32(start, out.getPosition() - start);
  }

  private static void name(ByteArrayBsonOutput out, BsonType type, String name) {
    out.writeByte(type.getValue());
    out.writeCString(name);
  }

  private static void string(ByteArrayBsonOutput out, String name, String value) {
    name(out, BsonType.STRING, name);
    out.writeString(value);
  }

  private static void string(ByteArrayBsonOutput out, String name, Optional<String> value) {
    if (value.isPresent()) {
      string(out, name, value.get());
    } else {
      name(out, BsonType.NULL, name);
    }
  }

  private static void number(ByteArrayBsonOutput out, String name, Optional<Double> value) {
    if (value.isPresent()) {
      name(out, BsonType.DOUBLE, name);
      out.writeDouble(value.get());
    } else {
      name(out, BsonType.NULL, name);
    }
  }

  private static void decimal(ByteArrayBsonOutput out, String name, Decimal128 value) {
    name(out, BsonType.DECIMAL128, name);
    out.writeInt64(value.getLow());
    out.writeInt64(value.getHigh());
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
