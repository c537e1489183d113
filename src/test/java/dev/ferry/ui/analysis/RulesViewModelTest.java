package dev.ferry.ui.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.MappingSettings;
import dev.ferry.core.TaxRateFormat;
import dev.ferry.core.WeekdayNumbering;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping editor's rules alone: what the analysis proposes, what stays a question. */
class RulesViewModelTest {
  private final RulesViewModel rules = new RulesViewModel();

  @Test
  void theDetectedTaxFormatIsProposedWithItsEvidenceAndTheDefaultZoneReadsUtc() {
    rules.load(AnalysisFixtures.ready(), MappingSettings.defaults());

    assertThat(rules.zoneProperty().get()).isEqualTo("UTC");
    assertThat(rules.taxRateProperty().get()).isEqualTo(TaxRateFormat.PERCENT);
    assertThat(rules.taxEvidenceProperty().get()).contains("percents");
    assertThat(rules.open()).isEmpty();
    Map<String, Object> mapping = new LinkedHashMap<>();
    rules.putInto(mapping);
    assertThat(mapping)
        .containsEntry("money_scale", "2")
        .containsEntry("rounding", "HALF_UP")
        .containsEntry("tax_rate", "percent")
        .doesNotContainKey("weekday_numbers");
  }

  @Test
  void aQuestionTheDataCannotAnswerStartsUnansweredAndIsWrittenAsAPlaceholder() {
    rules.load(
        AnalysisFixtures.withChoices(),
        MappingSettings.defaults().withSourceZone(ZoneId.of("America/Bogota")));

    assertThat(rules.zoneProperty().get()).isEqualTo("America/Bogota");
    assertThat(rules.weekdayNumbersProperty().get()).isNull();
    assertThat(rules.weekdayQuestionProperty().get()).startsWith("CHOOSE: ");
    assertThat(rules.open()).containsExactly("mapping.weekday_numbers");
    Map<String, Object> mapping = new LinkedHashMap<>();
    rules.putInto(mapping);
    assertThat((String) mapping.get("weekday_numbers")).startsWith("<choose");

    rules.weekdayNumbersProperty().set(WeekdayNumbering.ISO);
    mapping.clear();
    rules.putInto(mapping);
    assertThat(rules.open()).isEmpty();
    assertThat(mapping).containsEntry("weekday_numbers", WeekdayNumbering.ISO.label());
  }

  @Test
  void theZonePickerOffersTheCommonZonesFirst() {
    assertThat(RulesViewModel.zoneChoices())
        .startsWith(RulesViewModel.COMMON_ZONES.toArray(String[]::new))
        .contains("Asia/Tokyo")
        .doesNotContain("Etc/GMT+5");
    assertThat(RulesViewModel.ROUNDING_MODES).contains("HALF_UP").doesNotContain("UNNECESSARY");
  }

  @Test
  void aSourceWhoseRolesAreOpenIsNotSaidToBeUnreadable() {
    rules.load(AnalysisFixtures.withChoices(), MappingSettings.defaults());

    assertThat(rules.taxEvidenceProperty().get())
        .doesNotContain("cannot read")
        .startsWith("No tax rates read yet");
  }

  @Test
  void pickingAColumnOfPercentsProposesPercentFromTheAnalysisProfile() {
    rules.load(AnalysisFixtures.withTaxColumns(), MappingSettings.defaults());
    assertThat(rules.taxRateProperty().get()).isEqualTo(TaxRateFormat.FRACTION);

    rules.taxColumnPicked("products", "vat_percent");

    assertThat(rules.taxRateProperty().get()).isEqualTo(TaxRateFormat.PERCENT);
    assertThat(rules.taxEvidenceProperty().get())
        .contains("products.vat_percent")
        .contains("percents");

    rules.taxColumnPicked("products", "mixed_rate");
    assertThat(rules.taxRateProperty().get()).isNull();
    assertThat(rules.open()).containsExactly("mapping.tax_rate");

    rules.taxColumnPicked("products", "tax_rate");
    assertThat(rules.taxEvidenceProperty().get()).isEqualTo("distinct positive rates seen: 0.16");
  }
}
