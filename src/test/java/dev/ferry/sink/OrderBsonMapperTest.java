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
import java.util.Random;
import org.bson.BsonDocument;
import org.bson.BsonSerializationException;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;
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

  /** The library's own encoding of {@code document}, byte for byte what the driver would send. */
  private static byte[] libraryBytes(BsonDocument document) {
    BasicOutputBuffer buffer = new BasicOutputBuffer();
    try (org.bson.BsonBinaryWriter writer = new org.bson.BsonBinaryWriter(buffer)) {
      new BsonDocumentCodec().encode(writer, document, EncoderContext.builder().build());
    }
    return buffer.toByteArray();
  }

  /** {@link OrderBsonMapper#toRaw} gives exactly the library's bytes for {@code document}. */
  private static void assertEncodedAsTheLibraryDoes(OrderDocument document) {
    RawBsonDocument raw = OrderBsonMapper.toRaw(document);
    byte[] bytes = new byte[raw.getByteBuffer().remaining()];
    raw.getByteBuffer().get(bytes);
    assertThat(bytes).isEqualTo(libraryBytes(OrderBsonMapper.toBson(document)));
  }

  private static OrderDocument named(String clientName, String brand, String itemName) {
    return new OrderDocument(
        "o-" + clientName.length(),
        Instant.parse("2024-01-01T00:00:00.123Z"),
        "c-1",
        Optional.of(clientName),
        Optional.of("Rua São João, 12 — 2º andar"),
        Optional.of(-23.5),
        Optional.of(-46.6),
        Optional.of("paid"),
        new BigDecimal("1234.50"),
        new BigDecimal("-0.07"),
        new BigDecimal("1234.43"),
        true,
        Optional.of(brand),
        List.of(
            new OrderItem(
                "p-1",
                new BigDecimal("2.50"),
                new BigDecimal("1E+3"),
                Optional.of(itemName),
                Optional.of(brand))));
  }

  @ParameterizedTest(name = "client {0}, brand {1}, item {2}")
  @CsvSource({
    "Abarrotes La Esperanza, Gamesa, Galletas 120g",
    "Tienda María, Nestlé, Café 北京",
    "'emoji 😀 and more', 'snow ☃', 'é'",
    "'', '', ''",
    "'with\u0000null', 'tab	inside', 'line\nbreak'"
  })
  void writesExactlyTheBytesTheLibraryWritesForAnyText(
      String clientName, String brand, String itemName) {
    OrderDocument document =
        named(clientName.replace("\\u0000", "\u0000").replace("\\n", "\n"), brand, itemName);

    assertEncodedAsTheLibraryDoes(document);
  }

  @Test
  void anUnpairedSurrogateIsWrittenAsTheLibraryWritesIt() {
    OrderDocument document = named("half \uD83D of a pair", "\uDE00 alone", "ok");

    assertEncodedAsTheLibraryDoes(document);
  }

  @Test
  void aBufferGrownByAHugeOrderStillEncodesTheNextOrdersExactly() {
    String longName = "x".repeat(200_000);
    OrderDocument huge = named(longName, "b", "i");
    OrderDocument small = named("small", "b", "i");

    RawBsonDocument first = OrderBsonMapper.toRaw(huge);
    RawBsonDocument second = OrderBsonMapper.toRaw(small);

    assertThat(first.getString("client_name").getValue()).isEqualTo(longName);
    assertThat(second).isEqualTo(OrderBsonMapper.toBson(small));
    assertThat(second.getByteBuffer().remaining())
        .isEqualTo(libraryBytes(OrderBsonMapper.toBson(small)).length);
  }

  @Test
  void aFieldNameWithANullCharacterIsRefusedAsTheLibraryRefusesIt() {
    ByteArrayBsonOutput output = new ByteArrayBsonOutput(16);

    assertThatThrownBy(() -> output.writeCString("a\u0000b"))
        .isInstanceOf(BsonSerializationException.class)
        .hasMessageContaining("null character");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "0",
    "0.00",
    "-0.00",
    "1",
    "-1",
    "10.10",
    "123456789.12",
    "-0.0000001",
    "1E+3",
    "1E-6176",
    "9E+6111",
    "9223372036854775807",
    "-9223372036854775808",
    "4611686018427387903",
    "4611686018427387904",
    "12345678901234567890.12",
    "1234567890123456789012345678901234",
    "1E+6112",
    "1E-6177"
  })
  void decimalsAreEncodedWithTheLibrarysBits(String text) {
    BigDecimal value = new BigDecimal(text);

    Decimal128 expected;
    try {
      expected = new Decimal128(value);
    } catch (NumberFormatException | AssertionError refused) {
      assertThatThrownBy(() -> OrderBsonMapper.decimal(value))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    Decimal128 actual = OrderBsonMapper.decimal128(value);

    assertThat(actual.getHigh()).as("high bits").isEqualTo(expected.getHigh());
    assertThat(actual.getLow()).as("low bits").isEqualTo(expected.getLow());
    assertThat(actual.bigDecimalValue()).isEqualByComparingTo(value);
  }

  @Test
  void randomMoneyAmountsAreEncodedWithTheLibrarysBits() {
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      long unscaled = random.nextLong() >> random.nextInt(63);
      int scale = random.nextInt(40) - 10;
      BigDecimal value = BigDecimal.valueOf(unscaled, scale);
      Decimal128 expected = new Decimal128(value);
      Decimal128 actual = OrderBsonMapper.decimal128(value);
      assertThat(actual.getHigh()).as("high bits of %s", value).isEqualTo(expected.getHigh());
      assertThat(actual.getLow()).as("low bits of %s", value).isEqualTo(expected.getLow());
    }
  }

  @ParameterizedTest(name = "{0} items, quantity {1}, optional fields present: {2}")
  @CsvSource({
    "0, 1, true",
    "0, 1, false",
    "1, 3, false",
    "3, 5000000000, true",
    "12, 0.5, true",
    "11, 2147483648, false",
    "2, 10.000, true"
  })
  void encodedDocumentsAreByteForByteTheLibrarysForEveryShape(
      int itemCount, String quantity, boolean present) {
    List<OrderItem> items = new java.util.ArrayList<>();
    for (int i = 0; i < itemCount; i++) {
      items.add(
          new OrderItem(
              "p-" + i,
              new BigDecimal(quantity),
              new BigDecimal("19.90"),
              present ? Optional.of("Item " + i) : Optional.empty(),
              present ? Optional.of("Brand") : Optional.empty()));
    }
    OrderDocument document =
        new OrderDocument(
            "o-shape",
            Instant.parse("1969-07-20T20:17:40.001Z"),
            "c-9",
            present ? Optional.of("Name") : Optional.empty(),
            present ? Optional.of("Address") : Optional.empty(),
            present ? Optional.of(-0.0) : Optional.empty(),
            present ? Optional.of(179.999999) : Optional.empty(),
            present ? Optional.of("delivered") : Optional.empty(),
            new BigDecimal("0.00"),
            new BigDecimal("0.00"),
            new BigDecimal("0.00"),
            present,
            present ? Optional.of("Brand") : Optional.empty(),
            items);

    assertEncodedAsTheLibraryDoes(document);
  }
}
