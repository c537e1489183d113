package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job file typed into a form, judged by JobFile's own reader. */
class JobDraftTest {
  private static Map<String, Object> document(Object zone, Object taxRate) {
    return Map.of(
        "version",
        JobFile.VERSION,
        "source",
        Map.of("url", "jdbc:postgresql://db/shop", "user", "reader", "zone", zone),
        "mapping",
        Map.of("tax_rate", taxRate),
        "target",
        Map.of("database", "shop"));
  }

  @Test
  void valuesAsTypedAreJudgedLikeAFileButWithoutALineNumber() {
    assertThat(JobDraft.parse(document("UTC", "percent")).mapping().taxRate().label())
        .isEqualTo("percent");
    assertThatThrownBy(() -> JobDraft.parse(document("Mars/Olympus", "percent")))
        .isInstanceOf(JobFileException.class)
        .hasMessageStartingWith("source.zone \"Mars/Olympus\" is not a time zone")
        .satisfies(
            e -> {
              JobFileException problem = (JobFileException) e;
              assertThat(problem.key()).as("the key still says where").contains("source.zone");
              assertThat(problem.line()).as("a form has no lines").isEmpty();
              assertThat(problem.file()).isEmpty();
            });
  }

  @Test
  void aDraftKeepsItsPlaceholdersWhichACompleteJobRefuses() {
    String open =
        new JobFile.Placeholder("mapping.tax_rate", List.of("fraction", "percent")).text();

    assertThat(JobDraft.parseDraft(document("UTC", open)).placeholders()).hasSize(1);
    assertThatThrownBy(() -> JobDraft.parse(document("UTC", open)))
        .hasMessageContaining("placeholder")
        .hasMessageNotContaining(" line ");
  }
}
