package dev.ferry.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A count says its noun in the singular for one, never "1 indexes". */
class CountsTest {
  @ParameterizedTest(name = "{0} {1}/{2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | index | indexes | 0 indexes",
        "1 | index | indexes | 1 index",
        "2 | index | indexes | 2 indexes",
        "1 | rejected order | rejected orders | 1 rejected order",
        "1200 | row | rows | 1,200 rows",
      })
  void oneTakesTheSingularEveryOtherCountThePlural(
      long n, String one, String many, String expected) {
    assertThat(Counts.of(n, one, many)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({"1, run, 1 run", "2, run, 2 runs", "1, relation, 1 relation", "0, order, 0 orders"})
  void aRegularNounGetsAnS(long n, String noun, String expected) {
    assertThat(Counts.of(n, noun)).isEqualTo(expected);
  }
}
