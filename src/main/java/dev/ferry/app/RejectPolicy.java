package dev.ferry.app;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a run does with orders that cannot be loaded.
 *
 * <p>Contract: every invalid order is always written to the rejects collection with its reasons
 * (nothing is dropped silently); the policy only says when the run stops: {@link Mode#COLLECT} goes
 * on, or stops once more than {@code max} orders were rejected; {@link Mode#FAIL} stops at the
 * first reject. A stop cancels the run cleanly (the target stays consistent) and the command fails.
 *
 * @param mode collect or fail
 * @param max with {@link Mode#COLLECT}, the most rejects tolerated; empty for no limit
 */
public record RejectPolicy(Mode mode, OptionalLong max) {

  /** Collect every reject and never stop: Ferry's default. */
  public static final RejectPolicy COLLECT = new RejectPolicy(Mode.COLLECT, OptionalLong.empty());

  /** The two policies. */
  public enum Mode {
    /** Write rejects and go on (up to {@code max}). */
    COLLECT,
    /** Stop at the first reject. */
    FAIL;

    /** The lower-case name used in job files. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public RejectPolicy {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(max, "max");
    if (mode == Mode.FAIL && max.isPresent()) {
      throw new IllegalArgumentException(
          "rejects.max contradicts rejects.policy fail (which stops at the first reject); remove"
              + " one of them.");
    }
    if (max.isPresent() && max.getAsLong() < 0) {
      throw new IllegalArgumentException("rejects.max must be 0 or more, not " + max.getAsLong());
    }
  }

  /** The most rejects a run tolerates before it stops, if limited. */
  public OptionalLong limit() {
    return mode == Mode.FAIL ? OptionalLong.of(0) : max;
  }

  /** Whether {@code rejected} orders exceed this policy. */
  public boolean exceededBy(long rejected) {
    return limit().isPresent() && rejected > limit().getAsLong();
  }
}
