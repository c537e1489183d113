package dev.ferry.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a completed run leaves for the next one, stored in the target's sync state.
 *
 * @param settings a fingerprint of the rules, mapping settings, source schema and target encoding;
 *     the next run may skip reading unchanged orders only when its own is equal
 * @param sourceToken the source's token for "changes after this run's snapshot", when the source
 *     can tell changes
 * @param promotionIssues the clients whose promotion value was not understood, as of that run (an
 *     incremental run reads only changed orders and carries the others' issues over)
 */
public record SyncWatermark(
    String settings, Optional<String> sourceToken, List<PromotionIssue> promotionIssues) {
  public SyncWatermark {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(sourceToken, "sourceToken");
    promotionIssues = List.copyOf(promotionIssues);
  }
}
