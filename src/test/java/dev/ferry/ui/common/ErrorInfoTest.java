package dev.ferry.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
