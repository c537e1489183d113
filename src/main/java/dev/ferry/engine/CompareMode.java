package dev.ferry.engine;

/** How a run finds out what the target already holds. */
public enum CompareMode {
  /**
   * Trust the target's sync state (a fingerprint of every document and reject Ferry wrote) when it
   * is consistent, and read documents only where it disagrees with what Ferry would write; fall
   * back to {@link #FULL} by itself when the state is missing, from an unfinished or overlapping
   * run, or does not add up to the target's counts.
   */
  STATE,
  /**
   * Read every target document and reject and compare it byte for byte with what Ferry would write,
   * repairing anything changed behind Ferry's back, and rebuild the sync state.
   */
  FULL;

  /** The lower-case name used on the command line and in job files. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
