package dev.ferry.sink;

import static dev.ferry.sink.SampleOrders.accepted;
import static dev.ferry.sink.SampleOrders.line;
import static dev.ferry.sink.SampleOrders.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.OrderDocument;
import dev.ferry.core.OrderItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderBsonMapperTest {

  @Test
  void fieldsComeInTheFixedOrderWithTheirTypes() {
    BsonDocument bson = OrderBsonMapper.toBson(accepted(order("o-1")).document());

    assertThat(bson.keySet())
        .containsExactly(
            "_id",
            "uid",
            "date_of_order",
            "client_uid",
            "client_name",
            "client_address",
            "latitude",
            "longitude",
            "status",
            "subtotal",
            "taxes",
            "total",
            "is_promotion_day",
            "most_popular_brand",
            "order_items");
    assertThat(bson.getString("_id").getValue()).isEqualTo("o-1");
    assertThat(bson.getString("uid").getValue()).isEqualTo("o-1");
    assertThat(bson.getDateTime("date_of_order").getValue())
        .isEqualTo(SampleOrders.ORDERED_AT.toEpochMilli());
    assertThat(bson.getDouble("latitude").getValue()).isEqualTo(19.4326);
    assertThat(bson.getDouble("longitude").getValue()).isEqualTo(-99.1332);
    assertThat(bson.get("subtotal").getBsonType()).isEqualTo(BsonType.DECIMAL128);
    assertThat(bson.get("taxes").getBsonType()).isEqualTo(BsonType.DECIMAL128);
    assertThat(bson.get("total").getBsonType()).isEqualTo(BsonType.DECIMAL128);
    assertThat(bson.getBoolean("is_promotion_day").getValue()).isTrue(); // 2024-05-06 is a Monday
    assertThat(bson.getString("most_popular_brand").getValue()).isEqualTo("Acme");
    BsonDocument item = bson.getArray("order_items").get(0).asDocument();
    assertThat(item.keySet()).containsExactly("uid", "quantity", "price", "name", "brand");
  }

  @Test
  void moneyIsDecimal128AndKeepsItsScale() {
    BsonDocument bson = OrderBsonMapper.toBson(accepted(order("o-1")).document());

    // 2 × 10.10 + 1.5 × 3.333 = 25.1995 → 25.20; taxes 16 % → 4.03
    assertThat(bson.getDecimal128("subtotal").getValue().toString()).isEqualTo("25.20");
    assertThat(bson.getDecimal128("taxes").getValue().toString()).isEqualTo("4.03");
    assertThat(bson.getDecimal128("total").getValue().toString()).isEqualTo("29.23");
    BsonDocument first = bson.getArray("order_items").get(0).asDocument();
    assertThat(first.getDecimal128("price").getValue().toString()).isEqualTo("10.10");
  }

  @ParameterizedTest(name = "quantity {0} is stored as {1} {2}")
  @CsvSource({
    "2,                      INT32,      2",
    "2.000,                  INT32,      2",
    "2147483647,             INT32,      2147483647",
    "2147483648,             INT64,      2147483648",
    "9223372036854775807,    INT64,      9223372036854775807",
    "9223372036854775808,    DECIMAL128, 9223372036854775808",
    "1.5,                    DECIMAL128, 1.5",
    "0.250,                  DECIMAL128, 0.250",
  })
  void quantityIsInt32WhenWholeAndSmallInt64WhenLargerDecimalOtherwise(
      String quantity, BsonType type, String stored) {
    BsonValue value = OrderBsonMapper.quantity(new BigDecimal(quantity));

    assertThat(value.getBsonType()).isEqualTo(type);
    String text =
        switch (type) {
          case INT32 -> Integer.toString(value.asInt32().getValue());
          case INT64 -> Long.toString(value.asInt64().getValue());
          default -> value.asDecimal128().getValue().toString();
        };
    assertThat(text).isEqualTo(stored);
  }

  @Test
  void quantitiesInsideDocumentsFollowTheSameRule() {
    BsonDocument bson =
        OrderBsonMapper.toBson(
            accepted(
                    order(
                        "o-q",
                        "paid",
                        line("a", "3", "1.00", "A"),
                        line("b", "5000000000", "1.00", "B"),
                        line("c", "0.5", "1.00", "C")))
                .document());

    var items = bson.getArray("order_items");
    assertThat(items.get(0).asDocument().get("quantity").getBsonType()).isEqualTo(BsonType.INT32);
    assertThat(items.get(1).asDocument().get("quantity").getBsonType()).isEqualTo(BsonType.INT64);
    assertThat(items.get(2).asDocument().get("quantity").getBsonType())
        .isEqualTo(BsonType.DECIMAL128);
  }

  @Test
  void emptyOptionalsAreStoredAsNullAndEveryFieldIsPresent() {
    OrderDocument bare =
        new OrderDocument(
            "o-bare",
            Instant.parse("2024-01-01T00:00:00Z"),
            "c-1",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            new BigDecimal("1.00"),
            new BigDecimal("0.00"),
            new BigDecimal("1.00"),
            false,
            Optional.empty(),
            List.of(
                new OrderItem(
                    "p",
                    BigDecimal.ONE,
                    new BigDecimal("1.00"),
                    Optional.empty(),
                    Optional.empty())));

    BsonDocument bson = OrderBsonMapper.toBson(bare);

    for (String field :
        List.of(
            "client_name",
            "client_address",
            "latitude",
            "longitude",
            "status",
            "most_popular_brand")) {
      assertThat(bson.get(field)).as(field).isNotNull();
      assertThat(bson.get(field).isNull()).as(field).isTrue();
    }
    BsonDocument item = bson.getArray("order_items").get(0).asDocument();
    assertThat(item.get("name").isNull()).isTrue();
    assertThat(item.get("brand").isNull()).isTrue();
  }

  @Test
  void aDecimalThatDecimal128CannotHoldExactlyIsRefusedNotRounded() {
    assertThatThrownBy(
            () -> OrderBsonMapper.decimal(new BigDecimal("1.2345678901234567890123456789012345")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly");
  }
}
