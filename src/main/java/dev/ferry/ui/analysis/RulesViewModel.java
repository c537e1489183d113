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

  private List<SourceAnalysis.TableProfile> profiles = List.of();
  private String analysedTaxColumn = "";
  private TaxRateFormat analysedTaxRate;
  private String analysedTaxEvidence = "";

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
    profiles = analysis.profiles();
    analysedTaxColumn =
        analysis.roles().fields().stream()
            .filter(m -> m.role().equals("products.tax_rate"))
            .map(SourceAnalysis.RoleMatch::name)
            .findFirst()
            .orElse("");
    // Without a profile of any table the analysis read no rate (its rules then say the source
    // cannot be read, which is not true of a connected source whose roles are still open).
    String notRead =
        "No tax rates read yet: choose the products table and its tax rate column in the role"
            + " table; the format follows the values of the column you pick.";
    taxEvidence.set(
        taxQuestion
            .map(q -> "CHOOSE: " + q.question())
            .orElse(profiles.isEmpty() ? notRead : analysis.rules().taxEvidence()));
    analysedTaxRate = taxRate.get();
    analysedTaxEvidence = taxEvidence.get();
    Optional<Question> weekdays = question(analysis, "mapping.weekday_numbers");
    weekdayNumbers.set(weekdays.isPresent() ? null : mapping.weekdayNumbers());
    weekdayQuestion.set(weekdays.map(q -> "CHOOSE: " + q.question()).orElse(""));
    moneyScale.set(Integer.toString(mapping.moneyScale()));
    rounding.set(mapping.rounding().name());
  }

  private Optional<SourceAnalysis.TableProfile> profile(String role) {
    return profiles.stream().filter(p -> p.role().equals(role)).findFirst();
  }

  /**
   * The analyst (or the editor, by name) picked {@code column} of {@code table} as the tax rate:
   * the format follows what the analysis' profile of that column implies (percents when every rate
   * is above 1), and an unknown column says so. The column Ferry itself judged keeps the analysis'
   * own verdict.
   */
  void taxColumnPicked(String table, String column) {
    if (column == null || column.isBlank()) {
      return;
    }
    if (column.equals(analysedTaxColumn)) {
      taxRate.set(analysedTaxRate);
      taxEvidence.set(analysedTaxEvidence);
      return;
    }
    Optional<SourceAnalysis.ColumnProfile> values =
        profile("products")
            .filter(p -> p.relation().endsWith("." + table))
            .flatMap(p -> p.columns().stream().filter(c -> c.name().equals(column)).findFirst());
    if (values.isEmpty()) {
      taxEvidence.set(
          "Ferry has not profiled "
              + table
              + "."
              + column
              + ": choose the format by its values (0.16 is a fraction, 16 a percent).");
      return;
    }
    SourceAnalysis.ColumnProfile c = values.get();
    Optional<TaxRateFormat> implied = c.impliedTaxRate();
    String seen =
        "values of "
            + table
            + "."
            + column
            + ": "
            + c.min().map(v -> "from " + v + " ").orElse("")
            + c.max().map(v -> "to " + v).orElse("")
            + implied
                .map(
                    t ->
                        switch (t) {
                          case FRACTION -> " (all at most 1: fractions)";
                          case PERCENT -> " (all above 1: percents)";
                          case AUTO -> " (both fractions and percents: choose how to read them)";
                        })
                .orElse(" (no positive rate to judge by)");
    taxEvidence.set(seen);
    implied.ifPresent(t -> taxRate.set(t == TaxRateFormat.AUTO ? null : t));
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
