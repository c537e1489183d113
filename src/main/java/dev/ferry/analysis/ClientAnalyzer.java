package dev.ferry.analysis;

import dev.ferry.analysis.SourceAnalysis.Anomalies;
import dev.ferry.analysis.SourceAnalysis.ClientStats;
import dev.ferry.analysis.SourceAnalysis.ClientsReport;
import dev.ferry.analysis.SourceAnalysis.Promotion;
import dev.ferry.analysis.SourceAnalysis.StatusSpelling;
import dev.ferry.analysis.SourceAnalysis.ValueCount;
import dev.ferry.core.MappingResult;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.OrderDocumentMapper;
import dev.ferry.core.OrderTimestamp;
import dev.ferry.core.PromotionDay;
import dev.ferry.core.PromotionOverride;
import dev.ferry.core.SourceClient;
import dev.ferry.core.SourceLine;
import dev.ferry.core.SourceOrder;
import dev.ferry.core.SourceProduct;
import dev.ferry.core.WeekdayNumbering;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the per-client report from source orders, judging each one with Ferry's own rules ({@link
 * OrderDocumentMapper}), so the report and a migration never disagree.
 *
 * <p>Contract: pure — feed orders with {@link #accept}, then take {@link #report}; memory grows
 * with the number of clients and distinct statuses, not with the orders. An order counts as near
 * midnight when its local time in the client's promotion zone is within {@code nearMidnight} of
 * midnight; dates without a time of day (exactly 00:00 wall clock) are not counted. It is zone
 * sensitive when moving it across that midnight would flip {@code is_promotion_day}.
 */
public final class ClientAnalyzer {
  private static final Comparator<String> BY_CODE_POINT =
      (a, b) -> java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());

  private final MappingSettings settings;
  private final OrderDocumentMapper mapper;
  private final long windowSeconds;
  private final Map<String, Accumulator> clients = new TreeMap<>(BY_CODE_POINT);

  public ClientAnalyzer(MappingSettings settings, Duration nearMidnight) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.mapper = new OrderDocumentMapper(settings);
    this.windowSeconds = nearMidnight.toSeconds();
  }

  /** Takes one order into account. */
  public void accept(SourceOrder order) {
    String key = order.clientUid().orElse("(none)");
    Accumulator a = clients.computeIfAbsent(key, k -> new Accumulator());
    order.client().ifPresent(c -> a.client = Optional.of(c));
    a.orders++;
    a.items += order.lines().size();
    order.status().ifPresent(s -> a.statuses.merge(s, 1L, Long::sum));

    MappingResult result = mapper.map(order);
    if (result instanceof MappingResult.Accepted accepted) {
      a.totalValue = a.totalValue.add(accepted.document().total());
      if (accepted.document().isPromotionDay()) {
        a.promotionOrders++;
      }
    } else {
      a.rejected++;
    }
    if (order.orderedAt().isPresent() && order.client().isPresent()) {
      midnight(order.orderedAt().get(), order.client().get(), a);
    }
    a.anomalies = a.anomalies.plus(anomalies(order));
  }

  private void midnight(OrderTimestamp at, SourceClient client, Accumulator a) {
    if (at instanceof OrderTimestamp.WallClock wall
        && wall.dateTime().toLocalTime().equals(LocalTime.MIDNIGHT)) {
      return; // a date without a time of day
    }
    ZoneId zone = settings.promotionZone(client.uid());
    LocalDateTime local = at.toInstant(settings.sourceZone()).atZone(zone).toLocalDateTime();
    long second = local.toLocalTime().toSecondOfDay();
    if (second >= windowSeconds && second < 86_400 - windowSeconds) {
      return;
    }
    a.nearMidnight++;
    PromotionDay promotion = settings.promotionDay(mapper.promotionValue(client));
    LocalDate date = local.toLocalDate();
    LocalDate across = second < 43_200 ? date.minusDays(1) : date.plusDays(1);
    if (promotion.matches(date) != promotion.matches(across)) {
      a.zoneSensitive++;
    }
  }

  private static Anomalies anomalies(SourceOrder order) {
    long unknownClient = order.client().isEmpty() ? 1 : 0;
    long missingDate = order.orderedAt().isEmpty() ? 1 : 0;
    long missingCoordinates = 0;
    long badCoordinates = 0;
    long outOfRange = 0;
    if (blank(order.latitude()) || blank(order.longitude())) {
      missingCoordinates = 1;
    } else {
      Optional<Double> lat = number(order.latitude().get());
      Optional<Double> lon = number(order.longitude().get());
      if (lat.isEmpty() || lon.isEmpty()) {
        badCoordinates = 1;
      } else if (Math.abs(lat.get()) > 90 || Math.abs(lon.get()) > 180) {
        outOfRange = 1;
      }
    }
    long unknownProducts = 0;
    long badQuantities = 0;
    long missingPrices = 0;
    long negativePrices = 0;
    for (SourceLine line : order.lines()) {
      if (line.quantity().isEmpty() || line.quantity().get().signum() <= 0) {
        badQuantities++;
      }
      if (line.product().isEmpty()) {
        unknownProducts++;
        continue;
      }
      SourceProduct p = line.product().get();
      if (p.unitPrice().isEmpty() || p.taxRate().isEmpty()) {
        missingPrices++;
      } else if (p.unitPrice().get().signum() < 0 || p.taxRate().get().signum() < 0) {
        negativePrices++;
      }
    }
    return new Anomalies(
        unknownClient,
        missingDate,
        unknownProducts,
        badQuantities,
        missingPrices,
        negativePrices,
        missingCoordinates,
        badCoordinates,
        outOfRange,
        0);
  }

  private static boolean blank(Optional<String> value) {
    return value.isEmpty() || value.get().isBlank();
  }

  private static Optional<Double> number(String raw) {
    try {
      double value = Double.parseDouble(raw.strip());
      return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The report over every order accepted so far. */
  public ClientsReport report(String coverage, boolean sampled) {
    // Status spellings over all clients: the most frequent spelling of each status is the norm.
    Map<String, Map<String, Long>> spellings = new TreeMap<>(BY_CODE_POINT);
    for (Accumulator a : clients.values()) {
      a.statuses.forEach(
          (raw, n) ->
              spellings
                  .computeIfAbsent(canonical(raw), k -> new HashMap<>())
                  .merge(raw, n, Long::sum));
    }
    List<StatusSpelling> statuses = new ArrayList<>();
    Map<String, String> norm = new HashMap<>();
    spellings.forEach(
        (canonical, raws) -> {
          List<ValueCount> counts =
              raws.entrySet().stream()
                  .map(e -> new ValueCount(e.getKey(), e.getValue()))
                  .sorted(
                      Comparator.comparingLong(ValueCount::count)
                          .reversed()
                          .thenComparing(ValueCount::value, BY_CODE_POINT))
                  .toList();
          statuses.add(new StatusSpelling(canonical, counts));
          norm.put(canonical, counts.get(0).value());
        });

    List<ClientStats> stats = new ArrayList<>();
    Accumulator all = new Accumulator();
    for (Map.Entry<String, Accumulator> e : clients.entrySet()) {
      Accumulator a = e.getValue();
      long variants =
          a.statuses.entrySet().stream()
              .filter(s -> !s.getKey().equals(norm.get(canonical(s.getKey()))))
              .mapToLong(Map.Entry::getValue)
              .sum();
      Anomalies anomalies = a.anomalies.plus(new Anomalies(0, 0, 0, 0, 0, 0, 0, 0, 0, variants));
      stats.add(
          new ClientStats(
              e.getKey(),
              a.client.flatMap(SourceClient::name),
              a.client.isPresent(),
              a.orders,
              a.rejected,
              a.items,
              a.totalValue.setScale(settings.moneyScale()),
              a.client.map(this::promotion),
              a.promotionOrders,
              a.nearMidnight,
              a.zoneSensitive,
              anomalies,
              a.statuses.keySet().stream().sorted(BY_CODE_POINT).toList()));
      all.orders += a.orders;
      all.rejected += a.rejected;
      all.items += a.items;
      all.totalValue = all.totalValue.add(a.totalValue);
      all.promotionOrders += a.promotionOrders;
      all.nearMidnight += a.nearMidnight;
      all.zoneSensitive += a.zoneSensitive;
      all.anomalies = all.anomalies.plus(anomalies);
      a.statuses.forEach((s, n) -> all.statuses.merge(s, n, Long::sum));
    }
    ClientStats totals =
        new ClientStats(
            "(all)",
            Optional.empty(),
            true,
            all.orders,
            all.rejected,
            all.items,
            all.totalValue.setScale(settings.moneyScale()),
            Optional.empty(),
            all.promotionOrders,
            all.nearMidnight,
            all.zoneSensitive,
            all.anomalies,
            all.statuses.keySet().stream().sorted(BY_CODE_POINT).toList());
    String rules =
        "source zone "
            + settings.sourceZone().getId()
            + ", tax rates as "
            + settings.taxRate().label()
            + ", money at "
            + settings.moneyScale()
            + " decimals "
            + settings.rounding()
            + (settings.weekdayNumbers() == WeekdayNumbering.NONE
                ? ""
                : ", weekday numbers " + settings.weekdayNumbers().meaning())
            + (settings.promotionOverrides().isEmpty()
                ? ""
                : ", " + settings.promotionOverrides().size() + " promotion overrides");
    return new ClientsReport(coverage, rules, sampled, totals, stats, statuses);
  }

  private Promotion promotion(SourceClient client) {
    Optional<String> used = mapper.promotionValue(client);
    PromotionDay day = settings.promotionDay(used);
    return new Promotion(
        client.promotion().orElse(""),
        settings.overrideFor(client.uid()).flatMap(PromotionOverride::value),
        PromotionDay.spelling(used),
        day.describe(),
        day instanceof PromotionDay.Weekday || day instanceof PromotionDay.OnDate,
        settings.promotionZone(client.uid()).getId());
  }

  private static String canonical(String status) {
    return status.strip().toLowerCase(Locale.ROOT);
  }

  private static final class Accumulator {
    Optional<SourceClient> client = Optional.empty();
    long orders;
    long rejected;
    long items;
    BigDecimal totalValue = BigDecimal.ZERO;
    long promotionOrders;
    long nearMidnight;
    long zoneSensitive;
    Anomalies anomalies = Anomalies.NONE;
    final Map<String, Long> statuses = new HashMap<>();
  }
}
