package dev.ferry.analysis;

import dev.ferry.analysis.SourceAnalysis.ValueCount;
import dev.ferry.core.PromotionDay;
import dev.ferry.core.TaxRateFormat;
import dev.ferry.source.SourceSchema.Field;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Says in words what a column's values look like, from its type and its most frequent values. */
final class ValueFormats {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern DIGITS = Pattern.compile("-?\\d+");
  private static final Pattern DECIMAL =
      Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private ValueFormats() {}

  /**
   * The format of a column.
   *
   * @param field the Ferry field it holds, if any
   * @param type its declared type
   * @param category its type category ({@code base}, {@code array}, {@code enum}, ...)
   * @param values its most frequent values (not null)
   */
  static String detect(
      Optional<Field> field,
      String type,
      String category,
      Optional<String> detail,
      List<ValueCount> values) {
    if (!category.equals("base") && !category.equals("domain")) {
      return detail.orElse(category);
    }
    String lower = type.toLowerCase(Locale.ROOT);
    if (field.isPresent()) {
      switch (field.get().kind()) {
        case ID -> {
          return ids(lower, values);
        }
        case TIMESTAMP -> {
          return lower.startsWith("timestamp with time zone")
              ? "absolute instants (timestamp with time zone)"
              : lower.startsWith("timestamp")
                  ? "wall-clock times (read in the source zone)"
                  : lower.equals("date")
                      ? "dates without time (midnight in the source zone)"
                      : lower;
        }
        case PROMOTION -> {
          return promotion(values);
        }
        case COORDINATE -> {
          return coordinates(lower, values);
        }
        case NUMBER -> {
          if (field.get() == Field.PRODUCT_TAX_RATE) {
            return taxRates(values).map(t -> "tax rates as " + t.label()).orElse("numbers");
          }
          return numbers(lower, values);
        }
        default -> {
          // text fields: fall through to the generic description
        }
      }
    }
    if (lower.equals("json") || lower.equals("jsonb")) {
      return "JSON documents";
    }
    if (lower.equals("uuid")) {
      return "uuid";
    }
    if (lower.startsWith("text") || lower.startsWith("character")) {
      return ids(lower, values).equals("text") ? "text" : ids(lower, values);
    }
    return lower;
  }

  private static String ids(String type, List<ValueCount> values) {
    if (type.equals("uuid")) {
      return "uuid";
    }
    if (List.of("smallint", "integer", "bigint").contains(type)) {
      return "integer (" + type + ")";
    }
    if (values.isEmpty()) {
      return "text";
    }
    if (values.stream().allMatch(v -> UUID.matcher(v.value()).matches())) {
      return "uuids as text";
    }
    if (values.stream().allMatch(v -> DIGITS.matcher(v.value()).matches())) {
      return "digits as text";
    }
    return "text";
  }

  /**
   * How promotion values are spelled, e.g. {@code "Spanish 2, ISO date 1"}, most frequent first.
   */
  static String promotion(List<ValueCount> values) {
    Map<String, Long> spellings = new TreeMap<>();
    for (ValueCount v : values) {
      spellings.merge(PromotionDay.spelling(Optional.of(v.value())), v.count(), Long::sum);
    }
    if (spellings.isEmpty()) {
      return "no values";
    }
    return spellings.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String coordinates(String type, List<ValueCount> values) {
    if (List.of("numeric", "double precision", "real").stream().anyMatch(type::startsWith)) {
      return "decimal degrees (" + type + ")";
    }
    long notNumbers =
        values.stream().filter(v -> !DECIMAL.matcher(v.value().strip()).matches()).count();
    return notNumbers == 0
        ? "decimal degrees as text"
        : "text, " + notNumbers + " of the frequent values are not numbers";
  }

  private static String numbers(String type, List<ValueCount> values) {
    boolean whole =
        values.stream()
            .allMatch(
                v ->
                    decimal(v.value()).map(d -> d.stripTrailingZeros().scale() <= 0).orElse(false));
    return (whole && !values.isEmpty() ? "whole numbers" : "decimals") + " (" + type + ")";
  }

  /**
   * The tax-rate format the values imply: fractions when all are at most 1, percents when all
   * larger.
   */
  static Optional<TaxRateFormat> taxRates(List<ValueCount> values) {
    List<BigDecimal> rates =
        values.stream()
            .map(v -> decimal(v.value()))
            .flatMap(Optional::stream)
            .filter(d -> d.signum() > 0)
            .toList();
    if (rates.isEmpty()) {
      return Optional.empty();
    }
    boolean allFractions = rates.stream().allMatch(r -> r.compareTo(BigDecimal.ONE) <= 0);
    boolean allPercents = rates.stream().allMatch(r -> r.compareTo(BigDecimal.ONE) > 0);
    return Optional.of(
        allFractions
            ? TaxRateFormat.FRACTION
            : allPercents ? TaxRateFormat.PERCENT : TaxRateFormat.AUTO);
  }

  static Optional<BigDecimal> decimal(String text) {
    try {
      return Optional.of(new BigDecimal(text.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
