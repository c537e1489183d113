package dev.ferry.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The most-popular-brand rule: the brand with the highest total quantity in the order; ties go to
 * the higher spend (Σ quantity × unit_price), then to the alphabetically first brand (by Unicode
 * code point, case-sensitive). Lines without a brand (null or blank) do not count; brands are
 * compared after trimming surrounding blanks.
 *
 * @param entries every brand of the order with its quantity and spend, winner first
 */
public record BrandTally(List<Entry> entries) {

  /** Ranks brands: more quantity, then more spend, then alphabetical. */
  static final Comparator<Entry> RANKING =
      Comparator.comparing(Entry::quantity)
          .reversed()
          .thenComparing(Comparator.comparing(Entry::spend).reversed())
          .thenComparing(Entry::brand);

  public BrandTally {
    entries = List.copyOf(entries);
  }

  /**
   * One brand's share of the order.
   *
   * @param brand trimmed brand name
   * @param quantity total quantity of its lines
   * @param spend total quantity × unit price of its lines
   */
  public record Entry(String brand, BigDecimal quantity, BigDecimal spend) {
    public Entry {
      Objects.requireNonNull(brand, "brand");
      Objects.requireNonNull(quantity, "quantity");
      Objects.requireNonNull(spend, "spend");
    }
  }

  /** Tallies the lines of one order. */
  public static BrandTally of(List<PricedLine> lines) {
    Map<String, BigDecimal[]> sums = new LinkedHashMap<>();
    for (PricedLine line : lines) {
      Optional<String> brand = line.brand().map(String::strip).filter(b -> !b.isEmpty());
      if (brand.isEmpty()) {
        continue;
      }
      BigDecimal[] sum =
          sums.computeIfAbsent(
              brand.get(), b -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
      sum[0] = sum[0].add(line.quantity());
      sum[1] = sum[1].add(line.amount());
    }
    List<Entry> entries = new ArrayList<>(sums.size());
    sums.forEach((brand, sum) -> entries.add(new Entry(brand, sum[0], sum[1])));
    entries.sort(RANKING);
    return new BrandTally(entries);
  }

  /** The winning brand, or empty when no line has a brand. */
  public Optional<String> winner() {
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0).brand());
  }
}
