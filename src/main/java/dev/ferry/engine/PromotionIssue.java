package dev.ferry.engine;

import java.util.Objects;

/**
 * A client whose promotion value Ferry could not understand (its orders get {@code is_promotion_day
 * = false}).
 *
 * @param clientUid the client
 * @param value the raw value
 */
public record PromotionIssue(String clientUid, String value) {
  public PromotionIssue {
    Objects.requireNonNull(clientUid, "clientUid");
    Objects.requireNonNull(value, "value");
  }
}
