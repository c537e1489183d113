package dev.ferry.spark;

import dev.ferry.engine.PromotionIssue;
import dev.ferry.engine.RangeOutcome;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.RunStatus;
import dev.ferry.engine.UidRange;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link RangeOutcome} as it travels back from a Spark executor to the driver. */
final class PartResult implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final String status;
  private final boolean whole;
  private final long[] counts;
  private final long processed;
  private final long uncertain;
  private final ArrayList<String> issueClients = new ArrayList<>();
  private final ArrayList<String> issueValues = new ArrayList<>();
  private final ArrayList<String> understood;
  private final ArrayList<String> gone;
  private final String failure;
  private final boolean failed;

  PartResult(int index, RangeOutcome outcome) {
    this.index = index;
    this.status = outcome.status().name();
    this.whole = outcome.whole();
    RunCounts c = outcome.counts();
    this.counts =
        new long[] {c.inserted(), c.updated(), c.unchanged(), c.rejected(), c.deleted(), c.stale()};
    this.processed = outcome.processed();
    this.uncertain = outcome.uncertain();
    for (PromotionIssue issue : outcome.promotionIssues()) {
      issueClients.add(issue.clientUid());
      issueValues.add(issue.value());
    }
    this.understood = new ArrayList<>(outcome.understood());
    this.gone = new ArrayList<>(outcome.goneFromSource());
    this.failure = outcome.failure().orElse("");
    this.failed = outcome.failure().isPresent();
  }

  int index() {
    return index;
  }

  boolean failed() {
    return RunStatus.valueOf(status) == RunStatus.FAILED;
  }

  String failure() {
    return failure;
  }

  RangeOutcome outcome(UidRange range) {
    List<PromotionIssue> issues = new ArrayList<>();
    for (int i = 0; i < issueClients.size(); i++) {
      issues.add(new PromotionIssue(issueClients.get(i), issueValues.get(i)));
    }
    return new RangeOutcome(
        range,
        RunStatus.valueOf(status),
        whole,
        new RunCounts(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]),
        processed,
        uncertain,
        issues,
        understood,
        gone,
        failed ? Optional.of(failure) : Optional.empty());
  }
}
