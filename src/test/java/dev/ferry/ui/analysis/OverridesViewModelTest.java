package dev.ferry.ui.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.MappingSettings;
import dev.ferry.ui.analysis.OverridesViewModel.OverrideRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping editor's promotion overrides alone. */
class OverridesViewModelTest {
  private final List<String> refused = new ArrayList<>();
  private final OverridesViewModel overrides = new OverridesViewModel(refused::add);

  @Test
  void oneOverridePerClientSortedByClientAndTheInputsClearedAfterAdding() {
    overrides.load(AnalysisFixtures.ready(), MappingSettings.defaults());
    assertThat(overrides.clientUids()).containsExactly("c-1", "c-13");

    overrides.clientProperty().set(" c-13 ");
    overrides.valueProperty().set("lunes");
    overrides.add();
    overrides.clientProperty().set("c-1");
    overrides.zoneProperty().set("Europe/Madrid");
    overrides.add();
    overrides.clientProperty().set("c-13");
    overrides.valueProperty().set("martes");
    overrides.add();

    assertThat(overrides.overrides())
        .containsExactly(
            new OverrideRow("c-1", "", "Europe/Madrid"), new OverrideRow("c-13", "martes", ""));
    assertThat(overrides.valueProperty().get()).isEmpty();
    assertThat(overrides.zoneProperty().get()).isEmpty();
    assertThat(overrides.jobFileOverrides())
        .isEqualTo(
            Map.of("c-1", Map.of("zone", "Europe/Madrid"), "c-13", Map.of("value", "martes")));
    assertThat(refused).isEmpty();

    overrides.remove(overrides.overrides().get(0));
    assertThat(overrides.overrides()).extracting(OverrideRow::client).containsExactly("c-13");
  }

  @Test
  void anOverrideWithoutAClientIsRefusedWithASentence() {
    overrides.valueProperty().set("lunes");

    overrides.add();

    assertThat(overrides.overrides()).isEmpty();
    assertThat(refused).containsExactly("Pick or type the client uid the override is for.");
    assertThat(overrides.jobFileOverrides()).isEmpty();
  }
}
