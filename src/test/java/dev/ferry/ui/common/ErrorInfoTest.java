package dev.ferry.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ferry's "cause; action." messages split into the dialog's two lines. */
class ErrorInfoTest {
  @Test
  void causeAndActionAreSplit() {
    ErrorInfo e =
        ErrorInfo.fromSentence(
            "Connect",
            "Nothing accepted the connection at db:5432 (refused); check the host and port.",
            "");
    assertThat(e.cause()).isEqualTo("Nothing accepted the connection at db:5432 (refused).");
    assertThat(e.action()).isEqualTo("Check the host and port.");
  }

  @Test
  void aSentenceWithoutActionGetsAGenericOne() {
    ErrorInfo e = ErrorInfo.of("Run", new IllegalStateException("boom"));
    assertThat(e.cause()).isEqualTo("boom.");
    assertThat(e.action()).startsWith("Check the settings");
    assertThat(e.details()).contains("IllegalStateException");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "It failed; retry | It failed. | Retry.",
        "It failed.; retry. | It failed. | Retry.",
        "It failed | It failed. | Check the settings and try again; the details below say more.",
        "It failed. | It failed. | Check the settings and try again; the details below say more.",
      })
  void everyLineEndsWithExactlyOnePeriod(String sentence, String cause, String action) {
    ErrorInfo e = ErrorInfo.fromSentence("Connect", sentence, "");
    assertThat(e.cause()).isEqualTo(cause);
    assertThat(e.action()).isEqualTo(action);
  }
}
