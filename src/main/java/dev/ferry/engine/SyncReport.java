package dev.ferry.engine;

import java.util.List;
import java.util.Objects;

/**
 * How a run synchronised the target, for the run history and the report.
 *
 * @param mode how source and target were compared
 * @param reason why this mode was chosen (one sentence, e.g. "the sync state is missing")
 * @param goneFromSource the first uids (at most {@link #MAX_LISTED}) of orders that are in the
 *     target or the rejects but no longer in the source, in uid order
 */
public record SyncReport(SyncMode mode, String reason, List<String> goneFromSource) {
  /** How many gone orders a report lists (all are counted in {@link RunCounts}). */
  public static final int MAX_LISTED = 100;

  public SyncReport {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(reason, "reason");
    goneFromSource = List.copyOf(goneFromSource);
    if (goneFromSource.size() > MAX_LISTED) {
      throw new IllegalArgumentException("at most " + MAX_LISTED + " gone orders are listed");
    }
  }
}
