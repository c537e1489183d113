package dev.ferry.engine;

/** Where an order stands in the target compared with what Ferry would write for it. */
public enum TargetState {
  /** A valid order whose document is not in the target yet. */
  NEW,
  /** A valid order whose document is in the target with different content. */
  CHANGED,
  /** A valid order whose document is in the target with exactly this content. */
  UNCHANGED,
  /** A rejected order (whatever the target holds; see {@link TargetComparison}). */
  REJECTED
}
