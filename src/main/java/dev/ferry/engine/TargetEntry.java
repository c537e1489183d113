package dev.ferry.engine;

import java.util.Objects;

/**
 * What the target's sync state says about one order: where it is and what Ferry wrote there.
 *
 * @param uid the order uid
 * @param kind whether it is a document in the target collection or a reject
 * @param fingerprint of the exact document (or the reject's reasons and source rows) Ferry wrote
 * @param lines how many source lines the order had when it was written (a change in this number
 *     means the source changed, even where no row of it was written since)
 */
public record TargetEntry(String uid, Kind kind, Fingerprint fingerprint, int lines) {
  /** Where the order is in the target. */
  public enum Kind {
    /** A document in the target collection. */
    DOCUMENT,
    /** A reject in the rejects collection. */
    REJECT
  }

  public TargetEntry {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(fingerprint, "fingerprint");
    if (lines < 0) {
      throw new IllegalArgumentException("lines cannot be negative: " + lines);
    }
  }
}
