package dev.ferry.engine;

import java.util.Collection;
import java.util.Set;

/**
 * The source database, read-only.
 *
 * <p>Contract: implementations never write to the source or create objects there; every read runs
 * in a READ ONLY transaction. {@link #open} starts one REPEATABLE READ snapshot that lives until
 * the reader is closed; {@link #openSnapshot} one that lives until the snapshot is closed and
 * serves several reads.
 */
public interface OrderSource extends AutoCloseable {

  /** Opens a snapshot and streams the selected orders. */
  OrderReader open(OrderSelection selection);

  /** Opens a snapshot for a whole run (full or incremental). */
  SourceSnapshot openSnapshot();

  /**
   * Opens a snapshot that sees exactly what the exported snapshot {@code snapshotId} sees (see
   * {@link SourceSnapshot#export()}), for one part of a distributed run.
   */
  SourceSnapshot openSnapshot(String snapshotId);

  /** Which of {@code uids} exist as orders in the source now (for verification). */
  Set<String> existingOrderIds(Collection<String> uids);

  /** Where the data comes from, without secrets (for run history and messages). */
  String describe();

  @Override
  void close();
}
