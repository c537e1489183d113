package dev.ferry.engine;

import dev.ferry.core.MappingResult;
import java.util.List;
import java.util.function.Consumer;

/**
 * The target database: the orders collection, its rejects collection and the run history.
 *
 * <p>Contract for {@link #write}: idempotent and safe when two runs overlap — documents are keyed
 * on {@code _id} = order uid, so no duplicate can arise; a document whose stored content already
 * equals the expected one is not written and counts as unchanged; an accepted order leaves the
 * rejects collection; a rejected order is stored in the rejects collection (with its reasons, the
 * source rows, the run id and the time) and removed from the target collection. The returned counts
 * are exact on any MongoDB-compatible server: they are derived from Ferry's own comparison and from
 * per-document write errors, never from the server's {@code modifiedCount}.
 */
public interface OrderSink extends AutoCloseable {

  /**
   * Opens the target side of one run: registers the run in the sync state (unless {@code dryRun})
   * and decides whether the state can be trusted; {@link CompareMode#FULL} never trusts it.
   */
  TargetSync openSync(String runId, boolean dryRun, CompareMode compare);

  /**
   * Opens the target side of one part of a distributed run whose driver opened the sync with {@link
   * #openSync} and handed out {@code scope}: no registration of its own, the state's entries and
   * chunks of {@code range} only (the driver cut the ranges where the state can be cut), and {@link
   * TargetSync#complete}/{@link TargetSync#stop} write this part's state, never the run's meta
   * data, which the driver writes.
   */
  TargetSync openRange(String runId, boolean dryRun, SyncScope scope, UidRange range);

  /**
   * Names the way documents are encoded for this target (a version), part of the sync state's
   * settings fingerprint: documents written under another encoding are re-read and compared.
   */
  String encodingVersion();

  /**
   * Writes one batch, comparing with the target itself (no sync state), and returns what it did.
   */
  RunCounts write(List<MappingResult> batch, String runId);

  /** Compares a batch with the target without writing anything (dry runs, previews, verify). */
  List<TargetComparison> compare(List<MappingResult> batch);

  /** How many of these uids are target documents, and their items and Σ total. */
  DocumentTotals totals(List<String> uids);

  /**
   * What some target documents hold.
   *
   * @param documents how many were found
   * @param items their {@code order_items} entries in all
   * @param total Σ of their decimal {@code total}s
   */
  record DocumentTotals(long documents, long items, java.math.BigDecimal total) {}

  /** Number of documents in the target collection. */
  long documentCount();

  /** Number of documents in the rejects collection. */
  long rejectCount();

  /** Feeds every target document id to {@code consumer}, {@code batchSize} ids at a time. */
  void forEachDocumentId(int batchSize, Consumer<List<String>> consumer);

  /** Feeds every reject id to {@code consumer}, {@code batchSize} ids at a time. */
  void forEachRejectId(int batchSize, Consumer<List<String>> consumer);

  /** The run history stored next to the target. */
  RunLog runLog();

  /** Where the data goes, without secrets (for run history and messages). */
  String describe();

  @Override
  void close();
}
