package dev.ferry.engine;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The reconciliation of the source with the target.
 *
 * @param sourceOrders orders in the source snapshot
 * @param expectedDocuments source orders that should be documents
 * @param expectedRejects source orders that should be rejects
 * @param targetDocuments documents in the target collection
 * @param targetRejects documents in the rejects collection
 * @param expectedItems items the documents should hold in all
 * @param targetItems items the matching target documents hold in all
 * @param expectedTotal Σ total the documents should hold
 * @param targetTotal Σ total of the matching target documents
 * @param differenceCount every discrepancy found
 * @param differences the first {@link Verifier#MAX_LISTED} discrepancies
 */
public record VerificationReport(
    long sourceOrders,
    long expectedDocuments,
    long expectedRejects,
    long targetDocuments,
    long targetRejects,
    long expectedItems,
    long targetItems,
    BigDecimal expectedTotal,
    BigDecimal targetTotal,
    long differenceCount,
    List<Difference> differences) {
  public VerificationReport {
    Objects.requireNonNull(expectedTotal, "expectedTotal");
    Objects.requireNonNull(targetTotal, "targetTotal");
    differences = List.copyOf(differences);
  }

  /** Whether source and target agree in every respect checked. */
  public boolean matches() {
    return differenceCount == 0
        && expectedDocuments == targetDocuments
        && expectedRejects == targetRejects
        && expectedItems == targetItems
        && expectedTotal.compareTo(targetTotal) == 0;
  }
}
