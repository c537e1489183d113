package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromotionSpellingTest {
  @ParameterizedTest
  @CsvSource({
    "MON, English abbreviation",
    "Monday, English",
    "lunes, Spanish",
    "Miércoles, Spanish",
    "segunda, Portuguese",
    "terça-feira, Portuguese",
    "domingo, Spanish or Portuguese",
    "2024-03-04, ISO date",
    "3, weekday number",
    "0, weekday number",
    "12, not understood",
    "someday, not understood",
    "'  ', absent",
  })
  void namesTheSpelling(String raw, String spelling) {
    assertThat(PromotionDay.spelling(Optional.of(raw))).isEqualTo(spelling);
  }
}
