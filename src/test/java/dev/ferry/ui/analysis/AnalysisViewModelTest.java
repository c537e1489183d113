package dev.ferry.ui.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.analysis.AnalysisViewModel.ClientRow;
import dev.ferry.ui.analysis.AnalysisViewModel.Format;
import dev.ferry.ui.common.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Analysis screen's state and exports, with a hand-made analysis and no database. */
class AnalysisViewModelTest {
  @TempDir Path dir;
  private final AnalysisViewModel model =
      new AnalysisViewModel(new Workspace(new SameThreadUiExecutor(), 10));

  @Test
  void withoutASessionItAsksToConnect() {
    model.analyze();
    assertThat(model.messageProperty().get()).startsWith("Connect first");
    assertThat(model.runningProperty().get()).isFalse();
    assertThat(model.hasReportProperty().get()).isFalse();
  }

  @Test
  void showsTheClientsProfilesAndRules() {
    model.analysisProperty().set(AnalysisFixtures.ready());
    assertThat(model.hasReportProperty().get()).isTrue();
    assertThat(model.summaryProperty().get())
        .contains("Database shop as analyst")
        .contains("schema public (configured)")
        .endsWith("Ferry can read it.");
    assertThat(model.coverageProperty().get()).startsWith("Clients: 2 · all 17 orders");
    assertThat(model.clients()).hasSize(2);
    ClientRow funday = model.clients().get(1);
    assertThat(funday.client()).isEqualTo("Abarrotes Lupita");
    assertThat(funday.uid()).isEqualTo("c-13");
    assertThat(funday.promotionOk()).isFalse();
    assertThat(funday.promotion()).isEqualTo("⚠ 'Funday': not understood: 'Funday'");
    assertThat(funday.promotionDetail()).isEqualTo("unrecognised, days taken in UTC");
    assertThat(funday.anomalies()).isEqualTo("2: 2 no coordinates");
    assertThat(funday.nearMidnight()).isEqualTo("2 (1 zone-sensitive)");
    assertThat(model.clients().get(0).anomalies()).isEqualTo("none");

    assertThat(model.profileTables()).containsExactly("orders");
    assertThat(model.profileTableProperty().get()).isEqualTo("orders");
    assertThat(model.profileSummaryProperty().get())
        .isEqualTo("public.orders · 17 rows · 17 rows profiled — all rows");
    assertThat(model.profileColumns()).hasSize(1);
    assertThat(model.profileColumns().get(0).nullShare()).isEqualTo("1 (5.9 %)");
    assertThat(model.profileColumns().get(0).top()).isEqualTo("delivered ×10, shipped ×4");

    assertThat(model.rulesProperty().get())
        .contains("Tax rates: percent — distinct positive rates seen: 16, 8")
        .contains("Join orders.client_uid → clients.uid (foreign key)");
  }

  @Test
  void aSourceWithOpenChoicesSaysWhatToChoose() {
    model.analysisProperty().set(AnalysisFixtures.notReady());
    assertThat(model.summaryProperty().get())
        .contains(
            "Ferry needs 1 choice from you (see the mapping editor): no table plays order_items");
    assertThat(model.coverageProperty().get()).startsWith("No client report");
    assertThat(model.clients()).isEmpty();
    assertThat(model.rulesProperty().get()).contains("Problem: no table plays order_items");

    model.analysisProperty().set(AnalysisFixtures.withChoices());
    assertThat(model.summaryProperty().get())
        .contains("Ferry needs 2 choices from you")
        .contains("holds weekday numbers (1, 3, 7)");
    assertThat(model.rulesProperty().get())
        .contains("Choose mapping.weekday_numbers: clients.promotion_day holds weekday numbers");
  }

  @Test
  void exportsEachFormat() throws Exception {
    model.export(Format.MARKDOWN, dir.resolve("none.md"));
    assertThat(dir.resolve("none.md")).doesNotExist();
    assertThat(model.messageProperty().get()).startsWith("Analyze first");

    model.analysisProperty().set(AnalysisFixtures.ready());
    for (Format format : Format.values()) {
      Path file = dir.resolve(model.suggestedName(format));
      model.export(format, file);
      assertThat(Files.readString(file)).isEqualTo(format.render(model.analysisProperty().get()));
      assertThat(model.messageProperty().get()).startsWith("Wrote the " + format.label());
    }
    assertThat(model.suggestedName(Format.HTML)).isEqualTo("ferry-shop-analysis.html");
  }

  @Test
  void clearingTheAnalysisEmptiesTheScreenAndTheEditor() {
    model.analysisProperty().set(AnalysisFixtures.ready());
    model.editor().load(AnalysisFixtures.ready(), AnalysisFixtures.job());
    model.analysisProperty().set(null);
    assertThat(model.clients()).isEmpty();
    assertThat(model.profileColumns()).isEmpty();
    assertThat(model.editor().loadedProperty().get()).isFalse();
    assertThat(model.editor().roles().rows()).isEmpty();
  }
}
