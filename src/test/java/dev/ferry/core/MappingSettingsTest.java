package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The configurable parts of the rules: tax-rate format, money scale and rounding, overrides. */
class MappingSettingsTest {

  private static final SourceClient CLIENT =
      new SourceClient("c1", Optional.of("Ana"), Optional.of("Calle 1"), Optional.of("Mon"));

  private static SourceOrder order(OrderTimestamp at, String price, String rate, String qty) {
    SourceProduct product =
        new SourceProduct(
            "p1",
            Optional.of("Agua"),
            Optional.of("Ciel"),
            Optional.of(new BigDecimal(price)),
            Optional.of(new BigDecimal(rate)));
    return new SourceOrder(
        "o1",
        Optional.of(at),
        Optional.of("c1"),
        Optional.of(CLIENT),
        Optional.empty(),
        Optional.empty(),
        Optional.of("delivered"),
        List.of(
            new SourceLine(
                Optional.empty(),
                Optional.of("p1"),
                Optional.of(new BigDecimal(qty)),
                Optional.of(product))));
  }

  private static OrderTimestamp utc(String instant) {
    return new OrderTimestamp.Absolute(Instant.parse(instant));
  }

  private static MappingResult.Accepted map(MappingSettings settings, SourceOrder order) {
    MappingResult result = new OrderDocumentMapper(settings).map(order);
    assertThat(result).isInstanceOf(MappingResult.Accepted.class);
    return (MappingResult.Accepted) result;
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    MappingSettings defaults = MappingSettings.defaults();
    assertThat(defaults.sourceZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(defaults.moneyScale()).isEqualTo(2);
    assertThat(defaults.rounding()).isEqualTo(RoundingMode.HALF_UP);
    assertThat(defaults.taxRate()).isEqualTo(TaxRateFormat.FRACTION);
    assertThat(defaults.promotionOverrides()).isEmpty();
    assertThat(new MappingSettings(ZoneId.of("UTC"))).isEqualTo(defaults);
  }

  @ParameterizedTest
  @CsvSource({
    "FRACTION, 0.16, 0.16",
    "PERCENT, 16, 0.16",
    "PERCENT, 7.5, 0.075",
    "PERCENT, 0.5, 0.005",
    "AUTO, 16, 0.16",
    "AUTO, 0.16, 0.16",
    "AUTO, 1, 1",
  })
  void taxRatesBecomeExactFractions(TaxRateFormat format, String stored, String fraction) {
    assertThat(format.toFraction(new BigDecimal(stored))).isEqualByComparingTo(fraction);
  }

  @Test
  void aPercentRateGivesTheSameTotalsAsTheFraction() {
    SourceOrder percent = order(utc("2024-03-04T12:00:00Z"), "10.05", "16", "3");
    SourceOrder fraction = order(utc("2024-03-04T12:00:00Z"), "10.05", "0.16", "3");
    OrderDocument a =
        map(MappingSettings.defaults().withTaxRate(TaxRateFormat.PERCENT), percent).document();
    OrderDocument b = map(MappingSettings.defaults(), fraction).document();
    assertThat(a.taxes()).isEqualTo(new BigDecimal("4.82")).isEqualTo(b.taxes());
    assertThat(a.total()).isEqualTo(new BigDecimal("34.97")).isEqualTo(b.total());
  }

  @Test
  void moneyScaleAndRoundingApplyToTheTotals() {
    SourceOrder order = order(utc("2024-03-04T12:00:00Z"), "0.125", "0.16", "1");
    OrderDocument halfUp = map(MappingSettings.defaults(), order).document();
    OrderDocument halfEven =
        map(MappingSettings.defaults().withMoney(2, RoundingMode.HALF_EVEN), order).document();
    OrderDocument three =
        map(MappingSettings.defaults().withMoney(3, RoundingMode.HALF_UP), order).document();
    assertThat(halfUp.subtotal()).isEqualTo(new BigDecimal("0.13"));
    assertThat(halfEven.subtotal()).isEqualTo(new BigDecimal("0.12"));
    assertThat(three.subtotal()).isEqualTo(new BigDecimal("0.125"));
    assertThat(three.taxes()).isEqualTo(new BigDecimal("0.020"));
    assertThat(three.total()).isEqualTo(new BigDecimal("0.145"));
  }

  @Test
  void contradictoryMoneySettingsAreRefused() {
    assertThatThrownBy(() -> MappingSettings.defaults().withMoney(2, RoundingMode.UNNECESSARY))
        .hasMessageContaining("UNNECESSARY");
    assertThatThrownBy(() -> MappingSettings.defaults().withMoney(-1, RoundingMode.HALF_UP))
        .hasMessageContaining("between 0 and 10");
    assertThatThrownBy(() -> new PromotionOverride(Optional.empty(), Optional.empty()))
        .hasMessageContaining("value, a zone or both");
  }

  @Test
  void anOverrideValueReplacesTheStoredOne() {
    // 2024-03-05 is a Tuesday; the stored value says Monday.
    SourceOrder order = order(utc("2024-03-05T12:00:00Z"), "1", "0", "1");
    assertThat(map(MappingSettings.defaults(), order).document().isPromotionDay()).isFalse();
    MappingResult.Accepted overridden =
        map(
            MappingSettings.defaults()
                .withPromotionOverrides(Map.of("c1", PromotionOverride.value("terça-feira"))),
            order);
    assertThat(overridden.document().isPromotionDay()).isTrue();
    assertThat(overridden.promotionRaw()).isEqualTo("terça-feira");
    assertThat(overridden.promotion())
        .isEqualTo(new PromotionDay.Weekday(java.time.DayOfWeek.TUESDAY));
  }

  @Test
  void anOverrideZoneMovesOnlyThePromotionDate() {
    // Monday 2024-03-04 23:30 in Mexico City is Tuesday 05:30 UTC.
    SourceOrder order =
        order(new OrderTimestamp.WallClock(LocalDateTime.parse("2024-03-04T23:30")), "1", "0", "1");
    MappingSettings mexico = new MappingSettings(ZoneId.of("America/Mexico_City"));
    MappingResult.Accepted local = map(mexico, order);
    assertThat(local.document().isPromotionDay()).isTrue();

    MappingResult.Accepted inUtc =
        map(
            mexico.withPromotionOverrides(Map.of("c1", PromotionOverride.zone(ZoneOffset.UTC))),
            order);
    assertThat(inUtc.document().isPromotionDay()).isFalse();
    assertThat(inUtc.orderDate()).hasToString("2024-03-05");
    // The stored instant is unchanged: the source zone still says how to read the timestamp.
    assertThat(inUtc.document().dateOfOrder()).isEqualTo(local.document().dateOfOrder());
  }
}
