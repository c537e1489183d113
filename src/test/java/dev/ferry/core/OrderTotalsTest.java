package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderTotalsTest {

  private static PricedLine line(String quantity, String price, String rate) {
    return new PricedLine(
        new BigDecimal(quantity), new BigDecimal(price), new BigDecimal(rate), Optional.empty());
  }

  /** Each row: lines as "q*price@rate" separated by spaces, then expected subtotal/taxes/total. */
  @ParameterizedTest(name = "{0} -> {1} + {2} = {3}")
  @CsvSource({
    "'1*10.00@0.16',                    10.00, 1.60,  11.60",
    "'1*0.125@0',                       0.13,  0.00,  0.13",
    "'1*0.124@0',                       0.12,  0.00,  0.12",
    "'1*0.03125@0.16',                  0.03,  0.01,  0.04",
    "'1*10.005@0',                      10.01, 0.00,  10.01",
    "'3*0.335@0.16 1*0.335@0.16',       1.34,  0.21,  1.55",
    "'1*1.05@0.1 1*1.05@0.1 1*1.05@0.1', 3.15, 0.32,  3.47",
    "'2*19.99@0.08',                    39.98, 3.20,  43.18",
    "'7*3.33@0.21',                     23.31, 4.90,  28.21",
  })
  void roundsHalfUpOnceAtOrderLevel(String lines, String subtotal, String taxes, String total) {
    List<PricedLine> parsed = new ArrayList<>();
    for (String spec : lines.split(" ")) {
      String[] qp = spec.split("[*@]");
      parsed.add(line(qp[0], qp[1], qp[2]));
    }
    OrderTotals totals = OrderTotals.of(parsed);
    assertThat(totals.subtotal()).isEqualByComparingTo(subtotal).hasToString(subtotal);
    assertThat(totals.taxes()).isEqualByComparingTo(taxes).hasToString(taxes);
    assertThat(totals.total()).isEqualByComparingTo(total).hasToString(total);
  }

  @Test
  void roundsTaxesOfTheWholeOrderNotOfEachLine() {
    // Per line each tax is 0.0048 → 0.00, but the order's 0.0144 rounds to 0.01.
    OrderTotals totals =
        OrderTotals.of(
            List.of(
                line("1", "0.03", "0.16"), line("1", "0.03", "0.16"), line("1", "0.03", "0.16")));
    assertThat(totals.taxes()).hasToString("0.01");
  }

  @Test
  void anEmptyOrderTotalsZeroWithTwoDecimals() {
    OrderTotals totals = OrderTotals.of(List.of());
    assertThat(totals.subtotal()).hasToString("0.00");
    assertThat(totals.taxes()).hasToString("0.00");
    assertThat(totals.total()).hasToString("0.00");
  }
}
