package dev.ferry.engine;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One consistent, read-only snapshot of the source, for a whole run.
 *
 * <p>Contract: everything read through one snapshot sees the same data, however long the run.
 * Readers and feeds are used one thread at a time (the engine reads on one thread); {@link
 * #cancel()} may be called from any thread and makes blocked reads fail promptly with {@link
 * RunCancelledException}. {@link #close()} ends the snapshot and is idempotent.
 */
public interface SourceSnapshot extends AutoCloseable {

  /** How many orders the snapshot holds. */
  long count();

  /**
   * Streams the selected orders of this snapshot (see {@link OrderReader}); closing the reader
   * leaves the snapshot open. A feed and a reader may be open at the same time.
   */
  OrderReader read(OrderSelection selection);

  /** Which of {@code uids} are orders in this snapshot. */
  Set<String> existingOrderIds(Collection<String> uids);

  /**
   * Describes what the rules read: tables, columns and their types (and anything else whose change
   * would change documents without changing rows); part of the sync state's settings fingerprint.
   */
  String schemaFingerprint();

  /**
   * A token for "changes after this snapshot", or empty (with the reason logged) when this source
   * cannot tell changes, e.g. when a table is a view.
   */
  Optional<String> changeToken();

  /**
   * The change feed since the snapshot that produced {@code token}, or a sentence saying why it
   * cannot be used (another server, a table replaced, too long ago, ...).
   */
  default FeedOrReason changesSince(String token) {
    return changesSince(token, UidRange.ALL);
  }

  /** The change feed of the orders whose uid lies in {@code range} (see above). */
  FeedOrReason changesSince(String token, UidRange range);

  /**
   * Why the change feed since {@code token} cannot be used, or empty when it can — without reading
   * anything (for a run's driver, whose parts read the feed).
   */
  Optional<String> changesUnavailable(String token);

  /**
   * Makes this snapshot available to other connections and processes (the parts of a distributed
   * run) and returns its id for {@link OrderSource#openSnapshot(String)}; the snapshot stays
   * available while this one is open.
   */
  String export();

  /**
   * At most {@code parts - 1} uids that cut the snapshot's orders into about equal parts, in
   * code-point order (sampled on large sources).
   */
  List<String> splitPoints(int parts);

  /** Aborts whatever this snapshot is running, from another thread. */
  void cancel();

  @Override
  void close();

  /** A change feed, or why there is none. */
  sealed interface FeedOrReason {
    /** The feed. */
    record Feed(ChangeFeed feed) implements FeedOrReason {}

    /** Why there is no feed: one sentence. */
    record Unavailable(String reason) implements FeedOrReason {}
  }
}
