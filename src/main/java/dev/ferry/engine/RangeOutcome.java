package dev.ferry.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one part of a distributed run did.
 *
 * @param range the part's uids
 * @param status completed (every order of the range applied), cancelled (stopped early with the
 *     state consistent) or failed
 * @param whole whether the target's state now describes the whole range (a full comparison that met
 *     more target entries without a source order than it can hold leaves some for later)
 * @param counts what it did to the target (read back where a batch failed part way)
 * @param processed source orders it covered
 * @param uncertain orders whose writes could not be confirmed after a failure
 * @param promotionIssues clients whose promotion value it did not understand
 * @param understood clients it read again and understood (their carried-over issues are gone)
 * @param goneFromSource the first uids gone from the source it met
 * @param failure the sentence when it failed
 */
public record RangeOutcome(
    UidRange range,
    RunStatus status,
    boolean whole,
    RunCounts counts,
    long processed,
    long uncertain,
    List<PromotionIssue> promotionIssues,
    List<String> understood,
    List<String> goneFromSource,
    Optional<String> failure) {
  public RangeOutcome {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(counts, "counts");
    promotionIssues = List.copyOf(promotionIssues);
    understood = List.copyOf(understood);
    goneFromSource = List.copyOf(goneFromSource);
    Objects.requireNonNull(failure, "failure");
    if (status == RunStatus.RUNNING || status == RunStatus.ABANDONED) {
      throw new IllegalArgumentException("a part ends completed, cancelled or failed");
    }
  }
}
