package dev.ferry.engine;

/** How a run actually compared source and target (see {@link SyncReport}). */
public enum SyncMode {
  /** Every order read from the source, every target document read and compared byte for byte. */
  FULL_COMPARE,
  /** Every order read from the source, compared with the target's sync state fingerprints. */
  STATE,
  /**
   * Only the orders the source changed since the last completed run were read (found from the
   * source's row versions); every other order was checked against the sync state only.
   */
  INCREMENTAL;

  /** The lower-case name stored in the run history and printed by the CLI. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
