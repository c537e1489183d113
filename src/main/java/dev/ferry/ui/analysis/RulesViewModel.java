package dev.ferry.ui.analysis;

import dev.ferry.analysis.SourceAnalysis;
import dev.ferry.analysis.SourceAnalysis.Question;
import dev.ferry.app.JobFile;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.TaxRateFormat;
import dev.ferry.core.WeekdayNumbering;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The mapping rules of the mapping editor: the source zone, the money scale and rounding, how tax
 * rates and weekday numbers are read.
 *
 * <p>Contract: after {@link #load} the rules are the session's, with the tax format the analysis
 * detected proposed (as {@code inspect} does); a setting the data cannot decide (tax format,
 * weekday numbering) starts unanswered ({@code null}), as a job file's placeholder does. Values are
 * kept as typed; the job file judges them.
 */
public final class RulesViewModel {
  /** The rounding modes a job file accepts (UNNECESSARY cannot round money). */
  public static final List<String> ROUNDING_MODES =
      Arrays.stream(RoundingMode.values())
          .filter(m -> m != RoundingMode.UNNECESSARY)
          .map(Enum::name)
          .toList();

  /** A short list of zones offered first; any zone id may be typed. */
  public static final List<String> COMMON_ZONES =
      List.of(
          "UTC",
          "America/Mexico_City",
          "America/Bogota",
          "America/Sao_Paulo",
          "America/New_York",
          "America/Los_Angeles",
          "Europe/Madrid",
          "Europe/Lisbon",
          "Europe/London",
          "Europe/Berlin");

  private final StringProperty zone = new SimpleStringProperty(this, "zone", "UTC");
  private final ObjectProperty<TaxRateFormat> taxRate =
      new SimpleObjectProperty<>(this, "taxRate", TaxRateFormat.FRACTION);
  private final StringProperty taxEvidence = new SimpleStringProperty(this, "taxEvidence", "");
  private final ObjectProperty<WeekdayNumbering> weekdayNumbers =
      new SimpleObjectProperty<>(this, "weekdayNumbers", WeekdayNumbering.NONE);
  private final StringProperty weekdayQuestion =
      new SimpleStringProperty(this, "weekdayQuestion", "");
  private final StringProperty moneyScale = new SimpleStringProperty(this, "moneyScale", "2");
  private final StringProperty rounding = new SimpleStringProperty(this, "rounding", "HALF_UP");

  RulesViewModel() {}

  /** The values whose change the editor validates again. */
  List<Observable> inputs() {
    return List.of(zone, taxRate, weekdayNumbers, moneyScale, rounding);
  }

  /** Fills the rules from {@code mapping}, proposing what {@code analysis} found in the data. */
  void load(SourceAnalysis analysis, MappingSettings mapping) {
    // The default settings carry the offset "Z"; the editor (and a saved file) say "UTC".
    zone.set(mapping.sourceZone().equals(ZoneOffset.UTC) ? "UTC" : mapping.sourceZone().getId());
    // The analysis judged the data with the detected tax format; propose it, as inspect does.
    // A question the data cannot answer starts unanswered, as the job file's placeholder does.
    Optional<Question> taxQuestion = question(analysis, "mapping.tax_rate");
    taxRate.set(
        taxQuestion.isPresent() ? null : analysis.rules().taxRate().orElse(mapping.taxRate()));
    taxEvidence.set(
        taxQuestion.map(q -> "CHOOSE: " + q.question()).orElse(analysis.rules().taxEvidence()));
    Optional<Question> weekdays = question(analysis, "mapping.weekday_numbers");
    weekdayNumbers.set(weekdays.isPresent() ? null : mapping.weekdayNumbers());
    weekdayQuestion.set(weekdays.map(q -> "CHOOSE: " + q.question()).orElse(""));
    moneyScale.set(Integer.toString(mapping.moneyScale()));
    rounding.set(mapping.rounding().name());
  }

  private static Optional<Question> question(SourceAnalysis analysis, String setting) {
    return analysis.questions().stream().filter(q -> q.setting().equals(setting)).findFirst();
  }

  /** The settings still unanswered, by job-file key. */
  List<String> open() {
    List<String> settings = new ArrayList<>();
    if (taxRate.get() == null) {
      settings.add("mapping.tax_rate");
    }
    if (weekdayNumbers.get() == null) {
      settings.add("mapping.weekday_numbers");
    }
    return settings;
  }

  /**
   * Puts the rules into a job file's {@code mapping} as typed, an unanswered setting as its
   * placeholder.
   */
  void putInto(Map<String, Object> mapping) {
    mapping.put("money_scale", EditedJob.text(moneyScale));
    mapping.put("rounding", EditedJob.text(rounding));
    mapping.put(
        "tax_rate",
        taxRate.get() == null
            ? new JobFile.Placeholder(
                    "mapping.tax_rate",
                    Arrays.stream(TaxRateFormat.values()).map(TaxRateFormat::label).toList())
                .text()
            : taxRate.get().label());
    if (weekdayNumbers.get() == null) {
      mapping.put(
          "weekday_numbers",
          new JobFile.Placeholder(
                  "mapping.weekday_numbers",
                  Arrays.stream(WeekdayNumbering.values())
                      .filter(n -> n != WeekdayNumbering.NONE)
                      .map(WeekdayNumbering::label)
                      .toList())
              .text());
    } else if (weekdayNumbers.get() != WeekdayNumbering.NONE) {
      mapping.put("weekday_numbers", weekdayNumbers.get().label());
    }
  }

  /** The zone ids offered in the pickers: the common ones first, then every other. */
  public static List<String> zoneChoices() {
    List<String> all = new ArrayList<>(COMMON_ZONES);
    new TreeSet<>(ZoneId.getAvailableZoneIds())
        .stream()
            .filter(z -> !COMMON_ZONES.contains(z) && z.contains("/") && !z.startsWith("Etc/"))
            .forEach(all::add);
    return all;
  }

  /** The source zone id, as typed. */
  public StringProperty zoneProperty() {
    return zone;
  }

  /** How the source stores tax rates; null while the analyst must still choose. */
  public ObjectProperty<TaxRateFormat> taxRateProperty() {
    return taxRate;
  }

  /** Why the analysis proposes the tax-rate format (or the question, when it cannot). */
  public StringProperty taxEvidenceProperty() {
    return taxEvidence;
  }

  /** How promotion numbers name weekdays; null while the analyst must still choose. */
  public ObjectProperty<WeekdayNumbering> weekdayNumbersProperty() {
    return weekdayNumbers;
  }

  /** The question about weekday numbers, or "" when there is none. */
  public StringProperty weekdayQuestionProperty() {
    return weekdayQuestion;
  }

  /** Decimals of money totals, as typed. */
  public StringProperty moneyScaleProperty() {
    return moneyScale;
  }

  /** The rounding mode's name. */
  public StringProperty roundingProperty() {
    return rounding;
  }
}
