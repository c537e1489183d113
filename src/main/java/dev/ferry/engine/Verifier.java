package dev.ferry.engine;

import dev.ferry.core.MappingResult;
import dev.ferry.core.OrderDocumentMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reconciles the source with the target: orders vs documents + rejects, items per order, money per
 * order and in total, and a deep comparison of every document.
 *
 * <p>Contract: read-only on both sides (its one write is the run history's housekeeping: records of
 * runs that died without recording their end are closed as abandoned). Each source order is mapped
 * again and compared field by field (types included) with its target document, or checked to be in
 * the rejects; then, when the target holds more than the source explains, every target id is
 * checked against the source so that extra documents are named. Differences are counted in full and
 * the first {@link #MAX_LISTED} are listed.
 */
public final class Verifier {
  /** How many differences a report lists (all are counted). */
  public static final int MAX_LISTED = 1000;

  private final OrderSource source;
  private final OrderSink sink;
  private final OrderDocumentMapper mapper;

  public Verifier(OrderSource source, OrderSink sink, OrderDocumentMapper mapper) {
    this.source = Objects.requireNonNull(source, "source");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** Verifies the whole target against the whole source. */
  public VerificationReport verify(
      int batchSize, ProgressListener listener, CancellationToken cancel) {
    // Runs that died without recording their end read as abandoned from now on.
    sink.runLog().closeAbandoned(java.time.Instant.now());
    Tally tally = new Tally();
    long startNanos = System.nanoTime();
    long total;
    try (OrderReader reader = source.open(OrderSelection.all())) {
      cancel.onCancel(reader::cancel);
      total = reader.count();
      MappedBatches batches = new MappedBatches(reader, mapper);
      List<MappingResult> batch;
      do {
        batch = batches.next(batchSize);
        cancel.throwIfCancelled();
        if (!batch.isEmpty()) {
          tally.check(batch, sink.compare(batch));
        }
        listener.onProgress(
            RunProgress.of(
                "verify",
                tally.sourceOrders,
                total,
                RunCounts.ZERO,
                System.nanoTime() - startNanos));
      } while (!batch.isEmpty());
    }
    long targetDocuments = sink.documentCount();
    long targetRejects = sink.rejectCount();
    if (targetDocuments > tally.documentsMatched) {
      sink.forEachDocumentId(batchSize, ids -> tally.noSourceOrder(ids, "document"));
    }
    if (targetRejects > tally.rejectsMatched) {
      sink.forEachRejectId(batchSize, ids -> tally.noSourceOrder(ids, "reject"));
    }
    return new VerificationReport(
        tally.sourceOrders,
        tally.expectedDocuments,
        tally.expectedRejects,
        targetDocuments,
        targetRejects,
        tally.expectedItems,
        tally.targetItems,
        tally.expectedTotal,
        tally.targetTotal,
        new VerificationReport.Orphans(
            tally.orphanDocuments, tally.orphanRejects, tally.orphanItems, tally.orphanTotal),
        tally.differenceCount,
        tally.differences);
  }

  /** Running totals of one verification. */
  private final class Tally {
    long sourceOrders;
    long expectedDocuments;
    long expectedRejects;
    long documentsMatched;
    long rejectsMatched;
    long expectedItems;
    long targetItems;
    BigDecimal expectedTotal = BigDecimal.ZERO;
    BigDecimal targetTotal = BigDecimal.ZERO;
    long differenceCount;
    long orphanDocuments;
    long orphanRejects;
    long orphanItems;
    BigDecimal orphanTotal = BigDecimal.ZERO;
    final List<Difference> differences = new ArrayList<>();

    void check(List<MappingResult> expected, List<TargetComparison> actual) {
      for (int i = 0; i < expected.size(); i++) {
        MappingResult result = expected.get(i);
        TargetComparison found = actual.get(i);
        if (!found.uid().equals(result.uid())) {
          throw new IllegalStateException("the sink compared orders out of order");
        }
        sourceOrders++;
        if (found.inTarget()) {
          documentsMatched++;
        }
        if (found.inRejects()) {
          rejectsMatched++;
        }
        if (result instanceof MappingResult.Accepted accepted) {
          checkDocument(accepted, found);
        } else {
          expectedRejects++;
          if (!found.inRejects()) {
            add(
                result.uid(),
                Difference.Kind.MISSING_REJECT,
                "the rejected order is not in the rejects");
          }
          if (found.inTarget()) {
            add(
                result.uid(),
                Difference.Kind.IN_BOTH,
                "the rejected order has a document in the target");
          }
        }
      }
    }

    private void checkDocument(MappingResult.Accepted accepted, TargetComparison found) {
      expectedDocuments++;
      expectedItems += accepted.document().orderItems().size();
      expectedTotal = expectedTotal.add(accepted.document().total());
      targetItems += found.targetItems();
      targetTotal = targetTotal.add(found.targetTotal().orElse(BigDecimal.ZERO));
      String uid = accepted.uid();
      switch (found.state()) {
        case NEW ->
            add(uid, Difference.Kind.MISSING_DOCUMENT, "the order has no document in the target");
        case CHANGED ->
            add(
                uid,
                Difference.Kind.DOCUMENT_DIFFERS,
                "the document differs: " + describe(found.differences()));
        case UNCHANGED, REJECTED -> {
          // UNCHANGED is the expected state; REJECTED cannot happen for an accepted order.
        }
      }
      if (found.inRejects()) {
        add(uid, Difference.Kind.IN_BOTH, "the order is in the target and in the rejects");
      }
    }

    void noSourceOrder(List<String> ids, String what) {
      Set<String> existing = source.existingOrderIds(ids);
      List<String> orphans = new ArrayList<>();
      for (String id : ids) {
        if (!existing.contains(id)) {
          orphans.add(id);
          add(id, Difference.Kind.NO_SOURCE_ORDER, "the " + what + " has no order in the source");
        }
      }
      if (orphans.isEmpty()) {
        return;
      }
      if (what.equals("document")) {
        OrderSink.DocumentTotals totals = sink.totals(orphans);
        orphanDocuments += orphans.size();
        orphanItems += totals.items();
        orphanTotal = orphanTotal.add(totals.total());
      } else {
        orphanRejects += orphans.size();
      }
    }

    private void add(String uid, Difference.Kind kind, String detail) {
      differenceCount++;
      if (differences.size() < MAX_LISTED) {
        differences.add(new Difference(uid, kind, detail));
      }
    }
  }

  private static String describe(List<FieldDifference> differences) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < differences.size() && i < 5; i++) {
      text.append(i == 0 ? "" : "; ").append(differences.get(i));
    }
    if (differences.size() > 5) {
      text.append("; and ").append(differences.size() - 5).append(" more");
    }
    return text.toString();
  }
}
