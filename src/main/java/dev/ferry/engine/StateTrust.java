package dev.ferry.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether the target's sync state may stand in for reading the target, and why not.
 *
 * @param trusted the state is consistent: complete, from a finished run with no other run writing
 *     at the same time, and adding up to the target's document and reject counts
 * @param reason one sentence saying why it is or is not trusted
 * @param watermark what the last completed run left, when trusted and present
 */
public record StateTrust(boolean trusted, String reason, Optional<SyncWatermark> watermark) {
  public StateTrust {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(watermark, "watermark");
    if (!trusted && watermark.isPresent()) {
      throw new IllegalArgumentException("an untrusted state has no watermark");
    }
  }

  /** A state that cannot be used, for {@code reason}. */
  public static StateTrust untrusted(String reason) {
    return new StateTrust(false, reason, Optional.empty());
  }
}
