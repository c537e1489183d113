package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderDocumentMapperTest {

  private final OrderDocumentMapper mapper = new OrderDocumentMapper(MappingSettings.defaults());

  private static final SourceClient CLIENT =
      new SourceClient("c1", Optional.of("Ana"), Optional.of("Calle 1"), Optional.of("Mon"));

  private static SourceProduct product(String uid, String brand, String price, String rate) {
    return new SourceProduct(
        uid,
        Optional.of("Product " + uid),
        Optional.ofNullable(brand),
        Optional.ofNullable(price).map(BigDecimal::new),
        Optional.ofNullable(rate).map(BigDecimal::new));
  }

  private static SourceLine line(String quantity, SourceProduct product) {
    return new SourceLine(
        Optional.empty(),
        Optional.of(product.uid()),
        Optional.ofNullable(quantity).map(BigDecimal::new),
        Optional.of(product));
  }

  private static SourceOrder order(List<SourceLine> lines) {
    return new SourceOrder(
        "o1",
        Optional.of(new OrderTimestamp.Absolute(Instant.parse("2026-11-23T10:15:30.123456Z"))),
        Optional.of("c1"),
        Optional.of(CLIENT),
        Optional.of("19.4326"),
        Optional.of("-99.1332"),
        Optional.of("delivered"),
        lines);
  }

  @Test
  void buildsTheDocumentFromAValidOrder() {
    SourceProduct p1 = product("p1", "Acme", "10.50", "0.16");
    SourceProduct p2 = product("p2", "Zeta", "3.25", "0.08");
    MappingResult result = mapper.map(order(List.of(line("2", p1), line("1", p2))));

    assertThat(result).isInstanceOf(MappingResult.Accepted.class);
    OrderDocument doc = ((MappingResult.Accepted) result).document();
    assertThat(doc.uid()).isEqualTo("o1");
    assertThat(doc.dateOfOrder()).isEqualTo(Instant.parse("2026-11-23T10:15:30.123Z"));
    assertThat(doc.clientUid()).isEqualTo("c1");
    assertThat(doc.clientName()).contains("Ana");
    assertThat(doc.latitude()).contains(19.4326);
    assertThat(doc.longitude()).contains(-99.1332);
    assertThat(doc.subtotal()).hasToString("24.25");
    assertThat(doc.taxes()).hasToString("3.62");
    assertThat(doc.total()).hasToString("27.87");
    assertThat(doc.isPromotionDay()).isTrue();
    assertThat(doc.mostPopularBrand()).contains("Acme");
    assertThat(doc.orderItems())
        .extracting(OrderItem::uid, OrderItem::price)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("p1", new BigDecimal("10.50")),
            org.assertj.core.groups.Tuple.tuple("p2", new BigDecimal("3.25")));
  }

  @Test
  void acceptsAnOrderWithoutItems() {
    MappingResult result = mapper.map(order(List.of()));
    OrderDocument doc = ((MappingResult.Accepted) result).document();
    assertThat(doc.orderItems()).isEmpty();
    assertThat(doc.total()).hasToString("0.00");
    assertThat(doc.mostPopularBrand()).isEmpty();
  }

  /** Each row: quantity, price, tax rate of the single line, and the expected reason. */
  @ParameterizedTest(name = "q={0} price={1} rate={2} -> {3}")
  @CsvSource(
      nullValues = "NULL",
      value = {
        "NULL, 1.00, 0.16, 'item #1: quantity is null'",
        "0,    1.00, 0.16, 'item #1: quantity is 0 (must be positive)'",
        "-2,   1.00, 0.16, 'item #1: quantity is -2 (must be positive)'",
        "1,    NULL, 0.16, 'item #1: product p1 has no unit_price'",
        "1,    1.00, NULL, 'item #1: product p1 has no tax_rate'",
        "1,    -1.00, 0.16, 'item #1: product p1 has a negative unit_price (-1.00)'",
      })
  void rejectsBadLinesWithTheirReason(String quantity, String price, String rate, String reason) {
    MappingResult result =
        mapper.map(order(List.of(line(quantity, product("p1", "A", price, rate)))));
    assertThat(result).isInstanceOf(MappingResult.Rejected.class);
    assertThat(((MappingResult.Rejected) result).reasons()).containsExactly(reason);
  }

  @Test
  void rejectsMissingClientAndMissingProductWithAllReasons() {
    SourceLine missing =
        new SourceLine(
            Optional.empty(), Optional.of("p9"), Optional.of(BigDecimal.ONE), Optional.empty());
    SourceOrder order = order(List.of(missing));
    SourceOrder noClient =
        new SourceOrder(
            order.uid(),
            order.orderedAt(),
            Optional.of("c404"),
            Optional.empty(),
            Optional.of("north"),
            Optional.empty(),
            Optional.empty(),
            order.lines());
    MappingResult result = mapper.map(noClient);
    assertThat(((MappingResult.Rejected) result).reasons())
        .containsExactly(
            "client c404 does not exist",
            "latitude 'north' is not a number",
            "item #1: product p9 does not exist");
  }

  @Test
  void readsWallClockTimestampsInTheSourceZone() {
    SourceOrder order = order(List.of());
    SourceOrder wallClock =
        new SourceOrder(
            order.uid(),
            Optional.of(new OrderTimestamp.WallClock(LocalDateTime.parse("2026-11-23T23:30:00"))),
            order.clientUid(),
            order.client(),
            order.latitude(),
            order.longitude(),
            order.status(),
            order.lines());
    OrderDocumentMapper mexico =
        new OrderDocumentMapper(new MappingSettings(ZoneId.of("America/Mexico_City")));
    OrderDocument doc = ((MappingResult.Accepted) mexico.map(wallClock)).document();
    assertThat(doc.dateOfOrder()).isEqualTo(Instant.parse("2026-11-24T05:30:00Z"));
    assertThat(doc.isPromotionDay()).isTrue();
  }
}
