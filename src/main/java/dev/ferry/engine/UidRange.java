package dev.ferry.engine;

import dev.ferry.core.CodePointOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A range of order uids in code-point order, for running a migration in parts: from {@code from}
 * (inclusive) until {@code until} (exclusive); an empty bound is open.
 *
 * @param from the first uid of the range, when it has a lower bound
 * @param until the first uid after the range, when it has an upper bound
 */
public record UidRange(Optional<String> from, Optional<String> until) {
  /** Every uid. */
  public static final UidRange ALL = new UidRange(Optional.empty(), Optional.empty());

  public UidRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    if (from.isPresent() && until.isPresent() && !CodePointOrder.before(from.get(), until.get())) {
      throw new IllegalArgumentException("an empty range: " + from.get() + " .. " + until.get());
    }
  }

  /** Whether {@code uid} lies in the range. */
  public boolean contains(String uid) {
    return from.map(f -> !CodePointOrder.before(uid, f)).orElse(true)
        && until.map(u -> CodePointOrder.before(uid, u)).orElse(true);
  }

  /** Whether the range is {@link #ALL}. */
  public boolean isAll() {
    return from.isEmpty() && until.isEmpty();
  }

  /**
   * The ranges that {@code points} cut every uid into, in order: {@code (-∞, p1), [p1, p2), …, [pn,
   * ∞)}; points are sorted and duplicates dropped, so the ranges never overlap and cover all.
   */
  public static List<UidRange> cutAt(List<String> points) {
    List<String> sorted = new ArrayList<>(points);
    sorted.sort(CodePointOrder.INSTANCE);
    List<String> distinct = new ArrayList<>();
    for (String point : sorted) {
      if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(point)) {
        distinct.add(point);
      }
    }
    List<UidRange> ranges = new ArrayList<>();
    Optional<String> from = Optional.empty();
    for (String point : distinct) {
      ranges.add(new UidRange(from, Optional.of(point)));
      from = Optional.of(point);
    }
    ranges.add(new UidRange(from, Optional.empty()));
    return ranges;
  }

  @Override
  public String toString() {
    return "[" + from.orElse("-∞") + ", " + until.orElse("∞") + ")";
  }
}
