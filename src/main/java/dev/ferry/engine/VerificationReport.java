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
 * @param targetItems items held by the target documents that have a source order
 * @param expectedTotal Σ total the documents should hold
 * @param targetTotal Σ total of the target documents that have a source order
 * @param orphans the target documents and rejects with no source order, and what they hold (not
 *     part of {@code targetItems} and {@code targetTotal}, so those compare with the expected ones;
 *     the target as a whole holds both)
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
    Orphans orphans,
    long differenceCount,
    List<Difference> differences) {
  public VerificationReport {
    Objects.requireNonNull(expectedTotal, "expectedTotal");
    Objects.requireNonNull(targetTotal, "targetTotal");
    Objects.requireNonNull(orphans, "orphans");
    differences = List.copyOf(differences);
  }

  /**
   * Target entries with no order in the source.
   *
   * @param documents documents without a source order
   * @param rejects rejects without a source order
   * @param items items those documents hold
   * @param total Σ total of those documents
   */
  public record Orphans(long documents, long rejects, long items, BigDecimal total) {
    public static final Orphans NONE = new Orphans(0, 0, 0, BigDecimal.ZERO);

    public Orphans {
      Objects.requireNonNull(total, "total");
    }
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
