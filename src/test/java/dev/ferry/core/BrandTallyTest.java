package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrandTallyTest {

  /**
   * Each row: lines as "brand:quantity*price" separated by spaces ("-" = no brand, "_" = blank
   * brand), then the expected winner ("" = none).
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "'Acme:3*1.00 Zeta:1*100.00',            Acme",
    "'Acme:2*1.00 Zeta:2*5.00',              Zeta",
    "'Zeta:2*5.00 Acme:2*5.00',              Acme",
    "'Acme:1*1.00 Acme:1*1.00 Zeta:1*3.00',  Acme",
    "'acme:1*1.00 Acme:1*1.00',              Acme",
    "'-:10*1.00 Beta:1*1.00',                Beta",
    "'-:1*1.00 _:2*1.00',                    ''",
    "'Nike :2*1.00 Nike:1*1.00 Puma:2*2.00', Nike",
    "'Acme:1.5*2.00 Beta:1*3.00',            Acme",
  })
  void picksHighestQuantityThenSpendThenAlphabetical(String lines, String expected) {
    List<PricedLine> parsed = new ArrayList<>();
    for (String spec : lines.split(" (?=[^ ]+:)")) {
      String[] parts = spec.split("[:*]");
      Optional<String> brand =
          switch (parts[0]) {
            case "-" -> Optional.empty();
            case "_" -> Optional.of("   ");
            default -> Optional.of(parts[0]);
          };
      parsed.add(
          new PricedLine(
              new BigDecimal(parts[1]), new BigDecimal(parts[2]), BigDecimal.ZERO, brand));
    }
    Optional<String> winner = BrandTally.of(parsed).winner();
    if (expected == null || expected.isEmpty()) {
      assertThat(winner).isEmpty();
    } else {
      assertThat(winner).contains(expected);
    }
  }
}
