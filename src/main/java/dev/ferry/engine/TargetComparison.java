package dev.ferry.engine;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one order's expected result compares with the target, read-only.
 *
 * @param uid the order uid
 * @param state new / changed / unchanged for a valid order, rejected for a rejected one
 * @param differences the differing fields when {@code state} is {@link TargetState#CHANGED}
 * @param inTarget whether a document with this uid is in the target collection
 * @param inRejects whether a reject with this uid is in the rejects collection
 * @param targetTotal the target document's {@code total}, when it has a decimal one
 * @param targetItems the number of entries in the target document's {@code order_items}
 */
public record TargetComparison(
    String uid,
    TargetState state,
    List<FieldDifference> differences,
    boolean inTarget,
    boolean inRejects,
    Optional<BigDecimal> targetTotal,
    int targetItems) {
  public TargetComparison {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(state, "state");
    differences = List.copyOf(differences);
    Objects.requireNonNull(targetTotal, "targetTotal");
  }
}
