package dev.ferry.source;

import static dev.ferry.source.SourceTesting.byUid;
import static dev.ferry.source.SourceTesting.readAll;
import static dev.ferry.source.SourceTesting.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.OrderTimestamp;
import dev.ferry.core.SourceClient;
import dev.ferry.core.SourceLine;
import dev.ferry.core.SourceOrder;
import dev.ferry.core.SourceProduct;
import dev.ferry.engine.OrderReader;
import dev.ferry.engine.OrderSelection;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Reading the three schema variants the client's databases come in. */
class PostgresOrderSourceTest {

  private static TestDatabase uuidDb;
  private static TestDatabase textDb;
  private static TestDatabase bigintDb;

  @BeforeAll
  static void createDatabases() {
    uuidDb = EmbeddedPostgresSupport.createDatabase();
    uuidDb.executeResource("/dev/ferry/source/variant-a-uuid.sql");
    textDb = EmbeddedPostgresSupport.createDatabase();
    textDb.executeResource("/dev/ferry/source/variant-b-text.sql");
    bigintDb = EmbeddedPostgresSupport.createDatabase();
    bigintDb.executeResource("/dev/ferry/source/variant-c-bigint.sql");
  }

  @Nested
  class UuidIdsWithTimestamptz {

    @Test
    void readsUuidIdsAsText() {
      List<SourceOrder> orders = readAll(uuidDb, OrderSelection.all());

      assertThat(orders)
          .extracting(SourceOrder::uid)
          .containsExactly(
              "00000000-0000-0000-0000-000000000002",
              "a0000000-0000-0000-0000-000000000001",
              "b0000000-0000-0000-0000-000000000004",
              "ffffffff-0000-0000-0000-000000000003");
      SourceOrder order = byUid(orders, "a0000000-0000-0000-0000-000000000001");
      assertThat(order.clientUid()).contains("11111111-1111-1111-1111-111111111111");
      assertThat(order.lines())
          .extracting(SourceLine::lineUid)
          .containsExactly(
              Optional.of("c0000000-0000-0000-0000-000000000001"),
              Optional.of("c0000000-0000-0000-0000-000000000002"));
    }

    @Test
    void readsTimestampWithTimeZoneAsAnAbsoluteInstant() {
      SourceOrder order =
          byUid(readAll(uuidDb, OrderSelection.all()), "a0000000-0000-0000-0000-000000000001");

      assertThat(order.orderedAt())
          .contains(new OrderTimestamp.Absolute(Instant.parse("2024-03-04T08:15:30.123456Z")));
    }

    @Test
    void groupsLinesOfOneOrderTogetherWithTheirProducts() {
      SourceOrder order =
          byUid(readAll(uuidDb, OrderSelection.all()), "a0000000-0000-0000-0000-000000000001");

      assertThat(order.client())
          .contains(
              new SourceClient(
                  "11111111-1111-1111-1111-111111111111",
                  Optional.of("Ana López"),
                  Optional.of("Av. Reforma 1, CDMX"),
                  Optional.of("Monday")));
      assertThat(order.latitude()).contains("19.432608");
      assertThat(order.longitude()).contains("-99.133209");
      assertThat(order.status()).contains("delivered");
      assertThat(order.lines())
          .containsExactly(
              new SourceLine(
                  Optional.of("c0000000-0000-0000-0000-000000000001"),
                  Optional.of("aaaaaaaa-0000-0000-0000-000000000001"),
                  Optional.of(new BigDecimal("2")),
                  Optional.of(
                      new SourceProduct(
                          "aaaaaaaa-0000-0000-0000-000000000001",
                          Optional.of("Café 500 g"),
                          Optional.of("Marca A"),
                          Optional.of(new BigDecimal("10.50")),
                          Optional.of(new BigDecimal("0.1600"))))),
              new SourceLine(
                  Optional.of("c0000000-0000-0000-0000-000000000002"),
                  Optional.of("aaaaaaaa-0000-0000-0000-000000000002"),
                  Optional.of(new BigDecimal("3")),
                  Optional.of(
                      new SourceProduct(
                          "aaaaaaaa-0000-0000-0000-000000000002",
                          Optional.of("Azúcar"),
                          Optional.empty(),
                          Optional.of(new BigDecimal("3.00")),
                          Optional.empty()))));
    }

    @Test
    void readsAnOrderWithoutLinesAsNoLinesAndNullsAsEmpty() {
      SourceOrder order =
          byUid(readAll(uuidDb, OrderSelection.all()), "00000000-0000-0000-0000-000000000002");

      assertThat(order.lines()).isEmpty();
      assertThat(order.orderedAt()).isEmpty();
      assertThat(order.latitude()).isEmpty();
      assertThat(order.longitude()).isEmpty();
      assertThat(order.status()).isEmpty();
      assertThat(order.client())
          .contains(
              new SourceClient(
                  "22222222-2222-2222-2222-222222222222",
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty()));
    }

    @Test
    void readsAMissingClientOrProductAsEmptyWithoutRejectingIt() {
      List<SourceOrder> orders = readAll(uuidDb, OrderSelection.all());
      SourceOrder unknownClient = byUid(orders, "ffffffff-0000-0000-0000-000000000003");
      SourceOrder noClient = byUid(orders, "b0000000-0000-0000-0000-000000000004");

      assertThat(unknownClient.clientUid()).contains("99999999-9999-9999-9999-999999999999");
      assertThat(unknownClient.client()).isEmpty();
      assertThat(unknownClient.lines())
          .containsExactly(
              new SourceLine(
                  Optional.of("c0000000-0000-0000-0000-000000000003"),
                  Optional.of("dddddddd-0000-0000-0000-000000000000"),
                  Optional.empty(),
                  Optional.empty()));
      assertThat(noClient.clientUid()).isEmpty();
      assertThat(noClient.client()).isEmpty();
      assertThat(noClient.lines())
          .singleElement()
          .satisfies(l -> assertThat(l.productUid()).isEmpty());
    }

    @Test
    void readsCoordinatesAsPostgresRendersNumeric() {
      SourceOrder order =
          byUid(readAll(uuidDb, OrderSelection.all()), "ffffffff-0000-0000-0000-000000000003");

      // numeric(9,6) keeps its scale in PostgreSQL's rendering.
      assertThat(order.latitude()).contains("0.000000");
    }
  }

  @Nested
  class TextIdsWithWallClockTimes {

    @Test
    void ordersTextIdsByCodePointNotByTheColumnCollation() {
      List<String> uids =
          readAll(textDb, OrderSelection.all()).stream().map(SourceOrder::uid).toList();

      assertThat(uids).containsExactly("B-1", "Z", "a-1", "é", "ｚ", "😀");
      assertThat(uids).isSortedAccordingTo(SourceTesting::byCodePoint);
    }

    @Test
    void readsTimestampWithoutTimeZoneAsWallClock() {
      SourceOrder order = byUid(readAll(textDb, OrderSelection.all()), "a-1");

      assertThat(order.orderedAt())
          .contains(new OrderTimestamp.WallClock(LocalDateTime.parse("2024-03-04T23:30:00")));
    }

    @Test
    void readsAPromotionDateColumnAsIsoText() {
      SourceOrder order = byUid(readAll(textDb, OrderSelection.all()), "a-1");

      assertThat(order.client().flatMap(SourceClient::promotion)).contains("2024-03-04");
    }

    @Test
    void keepsTextCoordinatesExactlyAsStored() {
      List<SourceOrder> orders = readAll(textDb, OrderSelection.all());

      assertThat(byUid(orders, "a-1").latitude()).contains(" 19.4326 ");
      assertThat(byUid(orders, "a-1").longitude()).contains("-99,1332");
      assertThat(byUid(orders, "B-1").latitude()).contains("north");
      assertThat(byUid(orders, "B-1").longitude()).contains("");
      assertThat(byUid(orders, "é").latitude()).contains("1e2");
    }

    @Test
    void ordersLinesWithoutUidByProductQuantityAndRemainingColumns() {
      SourceOrder order = byUid(readAll(textDb, OrderSelection.all()), "a-1");

      assertThat(order.lines())
          .extracting(l -> l.productUid().orElseThrow() + " x" + l.quantity().orElseThrow())
          .containsExactly("P-1 x1", "P-1 x2", "P-1 x2", "P-2 x1");
      assertThat(order.lines()).allSatisfy(l -> assertThat(l.lineUid()).isEmpty());
      // Same on every run: the two "P-1 x2" lines differ only in note ('alpha' < 'zeta').
      assertThat(readAll(textDb, OrderSelection.all())).contains(order);
    }

    @Test
    void readsExactDecimalsAndNonFiniteNumbersAsAbsent() {
      List<SourceOrder> orders = readAll(textDb, OrderSelection.all());
      SourceOrder order = byUid(orders, "B-1");

      assertThat(byUid(orders, "a-1").lines().get(0).product().flatMap(SourceProduct::unitPrice))
          .contains(new BigDecimal("1.005"));
      assertThat(order.lines())
          .extracting(SourceLine::productUid, SourceLine::quantity)
          .containsExactly(
              Tuple.tuple(Optional.of("P-2"), Optional.empty()), // quantity NaN
              Tuple.tuple(Optional.of("P-404"), Optional.of(new BigDecimal("1.250"))));
      assertThat(order.lines().get(0).product().flatMap(SourceProduct::unitPrice)).isEmpty();
      assertThat(order.lines().get(1).product()).isEmpty();
      assertThat(byUid(orders, "é").client()).isEmpty();
    }
  }

  @Nested
  class BigintIdsWithDoubles {

    @Test
    void readsBigintIdsAsTextInCodePointOrder() {
      List<SourceOrder> orders = readAll(bigintDb, OrderSelection.all());

      assertThat(orders).extracting(SourceOrder::uid).containsExactly("10", "2", "9");
      assertThat(byUid(orders, "9").clientUid()).contains("7");
      assertThat(byUid(orders, "9").client().map(SourceClient::uid)).contains("7");
    }

    @Test
    void readsDoubleCoordinatesAsPostgresRendersThem() {
      List<SourceOrder> orders = readAll(bigintDb, OrderSelection.all());

      assertThat(byUid(orders, "9").latitude()).contains("0.30000000000000004");
      assertThat(byUid(orders, "9").longitude()).contains("-99.13320900000001");
      assertThat(byUid(orders, "10").latitude()).contains("0.1");
      assertThat(byUid(orders, "10").longitude()).contains("-0");
      assertThat(byUid(orders, "2").latitude()).contains("1e-07");
      assertThat(byUid(orders, "2").longitude()).contains("123456789.125");
    }

    @Test
    void readsDoubleTaxRatesThroughTheirShortestTextNotThroughBinaryDouble() {
      SourceOrder order = byUid(readAll(bigintDb, OrderSelection.all()), "9");

      assertThat(order.lines())
          .extracting(l -> l.product().flatMap(SourceProduct::taxRate).orElseThrow())
          .containsExactly(new BigDecimal("0.16"), new BigDecimal("0.1"));
    }

    @Test
    void readsADateAsWallClockMidnight() {
      SourceOrder order = byUid(readAll(bigintDb, OrderSelection.all()), "9");

      assertThat(order.orderedAt())
          .contains(new OrderTimestamp.WallClock(LocalDateTime.parse("2024-03-04T00:00:00")));
    }

    @Test
    void joinsIdsOfDifferentTypesByTheirText() {
      SourceOrder order = byUid(readAll(bigintDb, OrderSelection.all()), "10");

      // order_items.product_uid is text, products.uid bigint: '100' matches, '0100' does not.
      assertThat(order.lines())
          .extracting(l -> l.productUid().orElseThrow(), l -> l.product().isPresent())
          .containsExactly(Tuple.tuple("100", true), Tuple.tuple("0100", false));
    }
  }

  @Nested
  class Selections {

    @Test
    void selectsTheFirstOrdersWithAllOfTheirLines() {
      List<SourceOrder> orders = readAll(uuidDb, OrderSelection.first(2));

      assertThat(orders)
          .extracting(SourceOrder::uid)
          .containsExactly(
              "00000000-0000-0000-0000-000000000002", "a0000000-0000-0000-0000-000000000001");
      assertThat(orders.get(1).lines()).hasSize(2);
    }

    @Test
    void selectsByUidsComparedAsText() {
      List<SourceOrder> orders =
          readAll(
              uuidDb,
              OrderSelection.byUids(
                  List.of(
                      "ffffffff-0000-0000-0000-000000000003",
                      "not-a-uuid",
                      "00000000-0000-0000-0000-000000000002")));

      assertThat(orders)
          .extracting(SourceOrder::uid)
          .containsExactly(
              "00000000-0000-0000-0000-000000000002", "ffffffff-0000-0000-0000-000000000003");
    }

    @Test
    void selectsTheFirstOrdersOfOneClient() {
      List<SourceOrder> orders = readAll(textDb, OrderSelection.byClient("C-1", 2));

      assertThat(orders).extracting(SourceOrder::uid).containsExactly("Z", "a-1");
    }

    @Test
    void countsTheSelectionInTheSameSnapshot() {
      try (PostgresOrderSource source = source(textDb)) {
        try (OrderReader reader = source.open(OrderSelection.all())) {
          assertThat(reader.count()).isEqualTo(6);
        }
        try (OrderReader reader = source.open(OrderSelection.first(4))) {
          assertThat(reader.count()).isEqualTo(4);
          assertThat(SourceTesting.drain(reader)).hasSize(4);
        }
        try (OrderReader reader = source.open(OrderSelection.byClient("C-1", 10))) {
          assertThat(reader.count()).isEqualTo(4);
        }
      }
    }

    @Test
    void findsWhichOrderIdsExist() {
      try (PostgresOrderSource source = source(bigintDb)) {
        assertThat(source.existingOrderIds(List.of("9", "10", "11", "x", "09")))
            .containsExactlyInAnyOrder("9", "10");
        assertThat(source.existingOrderIds(List.of())).isEmpty();
      }
    }

    @Test
    void describesHostPortAndDatabaseOnly() {
      try (PostgresOrderSource source = source(uuidDb)) {
        assertThat(source.describe())
            .isEqualTo("localhost:" + uuidDb.port() + "/" + uuidDb.name())
            .doesNotContain(uuidDb.password());
      }
    }

    @Test
    void readsAnEmptySource() {
      TestDatabase empty = EmbeddedPostgresSupport.createDatabase();
      empty.executeResource("/dev/ferry/source/variant-a-uuid.sql");
      empty.execute("DELETE FROM order_items; DELETE FROM orders;");

      try (PostgresOrderSource source = source(empty);
          OrderReader reader = source.open(OrderSelection.all())) {
        assertThat(reader.count()).isZero();
        assertThat(reader.next()).isEmpty();
        assertThat(reader.next()).isEmpty();
      }
    }
  }
}
