package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.OrderExplanation.Reading;
import dev.ferry.core.OrderExplanation.TieBreak;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderExplanationTest {

  private static final Instant MONDAY_MORNING = Instant.parse("2026-11-23T10:15:30.123456Z");

  private static SourceProduct product(String uid, String brand, String price, String rate) {
    return new SourceProduct(
        uid,
        Optional.of("Product " + uid),
        Optional.ofNullable(brand),
        Optional.of(new BigDecimal(price)),
        Optional.of(new BigDecimal(rate)));
  }

  private static SourceLine line(String quantity, SourceProduct product) {
    return new SourceLine(
        Optional.empty(),
        Optional.of(product.uid()),
        Optional.of(new BigDecimal(quantity)),
        Optional.of(product));
  }

  private static SourceOrder order(
      OrderTimestamp at, Optional<String> promotion, List<SourceLine> lines) {
    SourceClient client =
        new SourceClient("c1", Optional.of("Ana"), Optional.of("Calle 1"), promotion);
    return new SourceOrder(
        "o1",
        Optional.of(at),
        Optional.of("c1"),
        Optional.of(client),
        Optional.empty(),
        Optional.empty(),
        Optional.of("delivered"),
        lines);
  }

  private static OrderExplanation.Accepted explain(SourceOrder order, ZoneId zone) {
    MappingResult result = new OrderDocumentMapper(new MappingSettings(zone)).map(order);
    assertThat(result).isInstanceOf(MappingResult.Accepted.class);
    return OrderExplanation.of((MappingResult.Accepted) result, zone);
  }

  private static OrderExplanation.Accepted twoLineOrder() {
    SourceProduct p1 = product("p1", "Acme", "10.50", "0.16");
    SourceProduct p2 = product("p2", "Zeta", "3.25", "0.08");
    return explain(
        order(
            new OrderTimestamp.Absolute(MONDAY_MORNING),
            Optional.of("Mon"),
            List.of(line("2", p1), line("1", p2))),
        ZoneOffset.UTC);
  }

  @Test
  void explainsAFullOrderInExactSentences() {
    assertThat(twoLineOrder().lines())
        .containsExactly(
            "Order o1 is accepted, 2 items",
            "Item 1, product p1, brand Acme: 2 × 10.50 = 21.00; tax 21.00 × 0.16 = 3.3600",
            "Item 2, product p2, brand Zeta: 1 × 3.25 = 3.25; tax 3.25 × 0.08 = 0.2600",
            "Subtotal: sum of amounts 24.25, rounded half up to 2 decimals: 24.25",
            "Taxes: sum of taxes 3.6200, rounded half up to 2 decimals: 3.62",
            "Total = subtotal + taxes = 24.25 + 3.62 = 27.87",
            "Brands: Acme quantity 2, spend 21.00; Zeta quantity 1, spend 3.25",
            "Most popular brand: Acme, decided by quantity (2 against 1 for Zeta)",
            "Promotion day: 'Mon', read as weekday Monday",
            "Order date in UTC: Monday 2026-11-23 (placed at 2026-11-23T10:15:30.123Z)",
            "is_promotion_day is true: the order falls on a Monday");
  }

  @Test
  void offersTheSameFactsAsRecords() {
    OrderExplanation.Accepted explained = twoLineOrder();

    OrderExplanation.Item first = explained.items().get(0);
    assertThat(first.number()).isEqualTo(1);
    assertThat(first.productUid()).contains("p1");
    assertThat(first.productName()).contains("Product p1");
    assertThat(first.amount()).isEqualByComparingTo("21.00");
    assertThat(first.tax()).hasToString("3.3600");
    assertThat(first.amountFormula()).isEqualTo("2 × 10.50 = 21.00");
    assertThat(first.taxFormula()).isEqualTo("21.00 × 0.16 = 3.3600");
    assertThat(explained.totals().exactTaxes()).hasToString("3.6200");
    assertThat(explained.totals().taxes()).hasToString("3.62");
    assertThat(explained.totals().total()).hasToString("27.87");
    assertThat(explained.brands().decidedBy()).isEqualTo(TieBreak.QUANTITY);
    assertThat(explained.brands().winner()).contains("Acme");
    assertThat(explained.promotion().reading()).isEqualTo(Reading.WEEKDAY);
    assertThat(explained.promotion().orderDate()).isEqualTo(LocalDate.parse("2026-11-23"));
    assertThat(explained.promotion().orderWeekday()).isEqualTo(DayOfWeek.MONDAY);
    assertThat(explained.promotion().isPromotionDay()).isTrue();
  }

  @Test
  void showsTheExactSumsBeforeTheSingleRounding() {
    // Three lines of 0.333 × 0.015 tax: per-line rounding would give 0.00, the order-level 0.01.
    SourceProduct p = product("p", null, "0.333", "0.015");
    OrderExplanation.Accepted explained =
        explain(
            order(
                new OrderTimestamp.Absolute(MONDAY_MORNING),
                Optional.empty(),
                List.of(line("1", p), line("1", p), line("1", p))),
            ZoneOffset.UTC);

    assertThat(explained.totals().sentences())
        .containsExactly(
            "Subtotal: sum of amounts 0.999, rounded half up to 2 decimals: 1.00",
            "Taxes: sum of taxes 0.014985, rounded half up to 2 decimals: 0.01",
            "Total = subtotal + taxes = 1.00 + 0.01 = 1.01");
    assertThat(explained.items().get(0).sentence())
        .isEqualTo("Item 1, product p, no brand: 1 × 0.333 = 0.333; tax 0.333 × 0.015 = 0.004995");
  }

  @Test
  void explainsAnOrderWithoutItems() {
    OrderExplanation.Accepted explained =
        explain(
            order(new OrderTimestamp.Absolute(MONDAY_MORNING), Optional.of("Tue"), List.of()),
            ZoneOffset.UTC);

    assertThat(explained.lines())
        .startsWith(
            "Order o1 is accepted, no items",
            "Subtotal: sum of amounts 0, rounded half up to 2 decimals: 0.00",
            "Taxes: sum of taxes 0, rounded half up to 2 decimals: 0.00",
            "Total = subtotal + taxes = 0.00 + 0.00 = 0.00",
            "Most popular brand: none, no item has a brand");
  }

  /** Lines as {@code brand quantity price} separated by {@code /}; brand {@code -} means none. */
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          - 1 5.00                               | NO_BRAND     |      | | Most popular brand: none, no item has a brand
          Acme 1 5.00 / - 7 1.00                 | SINGLE_BRAND | Acme | | Most popular brand: Acme, the only brand
          Zeta 3 1.00 / Acme 2 10.00             | QUANTITY     | Zeta | | Most popular brand: Zeta, decided by quantity (3 against 2 for Acme)
          Zeta 2 1.00 / Acme 2 10.00             | SPEND        | Acme | Zeta | Most popular brand: Acme, decided by spend (quantity tied at 2 with Zeta; spend 20.00 against 2.00 for Zeta)
          Beta 2 3.00 / Zeta 2 1.00 / Acme 2 10.00 | SPEND      | Acme | Beta Zeta | Most popular brand: Acme, decided by spend (quantity tied at 2 with Beta, Zeta; spend 20.00 against 6.00 for Beta)
          Zeta 2 5.00 / Acme 1 5.00 / Acme 1 5.00 | ALPHABETICAL | Acme | Zeta | Most popular brand: Acme, decided alphabetically (quantity 2 and spend 10.00 tied with Zeta)
          acme 1 5.00 / Acme 1 5.00              | ALPHABETICAL | Acme | acme | Most popular brand: Acme, decided alphabetically (quantity 1 and spend 5.00 tied with acme)
          """)
  void namesTheRuleThatDecidedTheBrand(
      String spec, TieBreak decidedBy, String winner, String tiedWith, String verdict) {
    List<SourceLine> lines = new ArrayList<>();
    int n = 0;
    for (String part : spec.split("/")) {
      String[] fields = part.strip().split(" ");
      String brand = "-".equals(fields[0]) ? null : fields[0];
      lines.add(line(fields[1], product("p" + ++n, brand, fields[2], "0")));
    }

    OrderExplanation.Brands brands =
        explain(
                order(new OrderTimestamp.Absolute(MONDAY_MORNING), Optional.empty(), lines),
                ZoneOffset.UTC)
            .brands();

    assertThat(brands.decidedBy()).isEqualTo(decidedBy);
    assertThat(brands.winner()).isEqualTo(Optional.ofNullable(winner));
    assertThat(brands.tiedWith())
        .isEqualTo(tiedWith == null ? List.of() : List.of(tiedWith.split(" ")));
    assertThat(brands.sentences()).last().isEqualTo(verdict);
  }

  /** {@code <null>} stands for a NULL promotion value. */
  @ParameterizedTest(name = "{0} at {1} in {2} → {4}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Mon        | 2026-11-23T10:00:00Z | UTC                 | WEEKDAY        | true  | Promotion day: 'Mon', read as weekday Monday                                      | is_promotion_day is true: the order falls on a Monday
          lunes      | 2026-11-24T10:00:00Z | UTC                 | WEEKDAY        | false | Promotion day: 'lunes', read as weekday Monday                                    | is_promotion_day is false: the order falls on a Tuesday, not a Monday
          Mon        | 2026-11-24T03:00:00Z | America/Mexico_City | WEEKDAY        | true  | Promotion day: 'Mon', read as weekday Monday                                      | is_promotion_day is true: the order falls on a Monday
          Mon        | 2026-11-24T03:00:00Z | UTC                 | WEEKDAY        | false | Promotion day: 'Mon', read as weekday Monday                                      | is_promotion_day is false: the order falls on a Tuesday, not a Monday
          2026-11-23 | 2026-11-23T23:59:59Z | UTC                 | DATE           | true  | Promotion day: '2026-11-23', read as the date 2026-11-23                          | is_promotion_day is true: the order falls on the promotion date
          2026-11-23 | 2026-11-24T00:00:00Z | UTC                 | DATE           | false | Promotion day: '2026-11-23', read as the date 2026-11-23                          | is_promotion_day is false: the order date 2026-11-24 is not 2026-11-23
          someday    | 2026-11-23T10:00:00Z | UTC                 | NOT_UNDERSTOOD | false | Promotion day: 'someday', not understood (neither a weekday nor a YYYY-MM-DD date) | is_promotion_day is false: a value that is not understood never matches
          2026-02-30 | 2026-11-23T10:00:00Z | UTC                 | NOT_UNDERSTOOD | false | Promotion day: '2026-02-30', not understood (neither a weekday nor a YYYY-MM-DD date) | is_promotion_day is false: a value that is not understood never matches
          <null>     | 2026-11-23T10:00:00Z | UTC                 | ABSENT         | false | Promotion day: none                                                               | is_promotion_day is false: the client has no promotion day
          '   '      | 2026-11-23T10:00:00Z | UTC                 | ABSENT         | false | Promotion day: '   ', blank, so none                                              | is_promotion_day is false: the client has no promotion day
          """)
  void explainsThePromotionVerdict(
      String raw,
      Instant at,
      ZoneId zone,
      Reading reading,
      boolean expected,
      String readingSentence,
      String verdictSentence) {
    Optional<String> promotion = "<null>".equals(raw) ? Optional.empty() : Optional.of(raw);

    OrderExplanation.Promotion explained =
        explain(order(new OrderTimestamp.Absolute(at), promotion, List.of()), zone).promotion();

    assertThat(explained.reading()).isEqualTo(reading);
    assertThat(explained.isPromotionDay()).isEqualTo(expected);
    assertThat(explained.readingSentence()).isEqualTo(readingSentence);
    assertThat(explained.verdictSentence()).isEqualTo(verdictSentence);
  }

  @Test
  void takesTheOrderDateInTheSourceZone() {
    OrderExplanation.Promotion wallClock =
        explain(
                order(
                    new OrderTimestamp.WallClock(LocalDateTime.parse("2026-11-23T23:30:00")),
                    Optional.of("Mon"),
                    List.of()),
                ZoneId.of("America/Mexico_City"))
            .promotion();

    assertThat(wallClock.dateSentence())
        .isEqualTo(
            "Order date in America/Mexico_City: Monday 2026-11-23"
                + " (placed at 2026-11-23T23:30-06:00)");
    assertThat(wallClock.orderedAt()).isEqualTo(Instant.parse("2026-11-24T05:30:00Z"));
  }

  @Test
  void listsTheReasonsOfARejection() {
    SourceOrder order =
        new SourceOrder(
            "o9",
            Optional.empty(),
            Optional.of("c9"),
            Optional.empty(),
            Optional.of("north"),
            Optional.empty(),
            Optional.empty(),
            List.of());
    MappingResult result = new OrderDocumentMapper(MappingSettings.defaults()).map(order);

    OrderExplanation explained = OrderExplanation.of(result, ZoneOffset.UTC);

    assertThat(explained).isInstanceOf(OrderExplanation.Rejected.class);
    assertThat(explained.uid()).isEqualTo("o9");
    assertThat(((OrderExplanation.Rejected) explained).reasons()).hasSize(3);
    assertThat(explained.lines())
        .containsExactly(
            "Order o9 is rejected:",
            "- date_of_order is null",
            "- client c9 does not exist",
            "- latitude 'north' is not a number");
  }
}
