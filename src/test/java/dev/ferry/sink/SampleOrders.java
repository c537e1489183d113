package dev.ferry.sink;

import dev.ferry.core.MappingResult;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.OrderDocumentMapper;
import dev.ferry.core.OrderTimestamp;
import dev.ferry.core.SourceClient;
import dev.ferry.core.SourceLine;
import dev.ferry.core.SourceOrder;
import dev.ferry.core.SourceProduct;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Realistic source orders, mapped by the real {@link OrderDocumentMapper}. */
final class SampleOrders {
  static final OrderDocumentMapper MAPPER = new OrderDocumentMapper(MappingSettings.defaults());
  static final Instant ORDERED_AT = Instant.parse("2024-05-06T10:15:30.123Z");

  private SampleOrders() {}

  static SourceClient client(String uid) {
    return new SourceClient(
        uid,
        Optional.of("Client " + uid),
        Optional.of("Av. Reforma 222, Ciudad de México"),
        Optional.of("MON"));
  }

  static SourceLine line(String productUid, String quantity, String price, String brand) {
    SourceProduct product =
        new SourceProduct(
            productUid,
            Optional.of("Product " + productUid),
            Optional.ofNullable(brand),
            Optional.of(new BigDecimal(price)),
            Optional.of(new BigDecimal("0.16")));
    return new SourceLine(
        Optional.of(productUid + "-line"),
        Optional.of(productUid),
        Optional.of(new BigDecimal(quantity)),
        Optional.of(product));
  }

  /** A valid order with the given lines. */
  static SourceOrder order(String uid, String status, SourceLine... lines) {
    return new SourceOrder(
        uid,
        Optional.of(new OrderTimestamp.Absolute(ORDERED_AT)),
        Optional.of("client-1"),
        Optional.of(client("client-1")),
        Optional.of("19.4326"),
        Optional.of("-99.1332"),
        Optional.ofNullable(status),
        List.of(lines));
  }

  /** A valid order with two lines: {@code 2 × 10.10 (Acme)} and {@code 1.5 × 3.333 (Zeta)}. */
  static SourceOrder order(String uid) {
    return order(
        uid, "paid", line("p-1", "2", "10.10", "Acme"), line("p-2", "1.5", "3.333", "Zeta"));
  }

  /** An order whose client does not exist and whose second line has quantity 0: rejected. */
  static SourceOrder invalidOrder(String uid) {
    return new SourceOrder(
        uid,
        Optional.of(new OrderTimestamp.Absolute(ORDERED_AT)),
        Optional.of("ghost"),
        Optional.empty(),
        Optional.of("19.4326"),
        Optional.of("north"),
        Optional.of("paid"),
        List.of(line("p-1", "2", "10.10", "Acme"), line("p-2", "0", "3.50", "Zeta")));
  }

  static MappingResult map(SourceOrder order) {
    return MAPPER.map(order);
  }

  static MappingResult.Accepted accepted(SourceOrder order) {
    return (MappingResult.Accepted) MAPPER.map(order);
  }

  static MappingResult.Rejected rejected(SourceOrder order) {
    return (MappingResult.Rejected) MAPPER.map(order);
  }

  /** {@code n} valid orders {@code order-00001…}, two lines each. */
  static List<MappingResult> batch(int n) {
    return batch(0, n);
  }

  /** Orders number {@code from+1 … from+n}. */
  static List<MappingResult> batch(int from, int n) {
    List<MappingResult> out = new ArrayList<>(n);
    for (int i = from + 1; i <= from + n; i++) {
      out.add(map(order(String.format("order-%05d", i))));
    }
    return out;
  }

  /**
   * {@code n} valid orders of about 1 KB each as stored (six lines with longish names), for rate
   * measurements.
   */
  static List<MappingResult> kilobyteBatch(int from, int n) {
    List<MappingResult> out = new ArrayList<>(n);
    for (int i = from + 1; i <= from + n; i++) {
      SourceLine[] lines = new SourceLine[6];
      for (int j = 0; j < lines.length; j++) {
        lines[j] =
            line(
                String.format("product-%06d-%d", i % 5000, j),
                Integer.toString(1 + j),
                (j + 1) + ".25",
                j % 2 == 0 ? "Acme Corporation" : "Globex International");
      }
      out.add(map(order(String.format("order-%07d", i), "delivered", lines)));
    }
    return out;
  }
}
