package dev.ferry.engine;

import dev.ferry.core.MappingResult;
import dev.ferry.core.PromotionDay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a run (or one part of it) has done so far: counts, orders processed, clients whose promotion
 * value was not understood, orders gone from the source. Written by the run's work, read for
 * reports and checkpoints also by other threads (hence synchronized).
 */
final class RunTally {
  /** Bounds the list of clients with unreadable promotion values (a few KB in a record). */
  static final int MAX_PROMOTION_ISSUES = 1000;

  /** Bounds the clients remembered as understood (for an incremental run's carried issues). */
  private static final int MAX_UNDERSTOOD = 100_000;

  private RunCounts counts = RunCounts.ZERO;
  private long processed;
  private long uncertain;
  private final Map<String, PromotionIssue> issues = new LinkedHashMap<>();
  private final Set<String> understood = new LinkedHashSet<>();
  private final List<String> gone = new ArrayList<>();

  /** Starts from the issues of orders this run will not read (an incremental run). */
  synchronized void carryOver(List<PromotionIssue> previous) {
    for (PromotionIssue issue : previous) {
      if (issues.size() < MAX_PROMOTION_ISSUES) {
        issues.put(issue.clientUid(), issue);
      }
    }
  }

  /**
   * What the tally keeps of one event: a few strings, so that a batch waiting to be written need
   * not hold its orders and documents for it (they are most of what a young collection copies).
   */
  sealed interface Note {
    /** An accepted order of {@code clientUid}; its promotion value if it was not understood. */
    record Client(String clientUid, Optional<String> notUnderstood) implements Note {}

    /** An order gone from the source. */
    record Gone(String uid) implements Note {}
  }

  /** What {@link #note(Note)} needs of {@code event}, if anything. */
  static Optional<Note> noteOf(SyncEvent event) {
    if (event instanceof SyncEvent.Mapped mapped
        && mapped.result() instanceof MappingResult.Accepted accepted) {
      return Optional.of(
          new Note.Client(
              accepted.document().clientUid(),
              accepted.promotion() instanceof PromotionDay.NotUnderstood notUnderstood
                  ? Optional.of(notUnderstood.raw())
                  : Optional.empty()));
    }
    if (event instanceof SyncEvent.Gone gone) {
      return Optional.of(new Note.Gone(gone.uid()));
    }
    return Optional.empty();
  }

  synchronized void note(Note note) {
    if (note instanceof Note.Client accepted) {
      String client = accepted.clientUid();
      if (accepted.notUnderstood().isPresent()) {
        if (issues.size() < MAX_PROMOTION_ISSUES || issues.containsKey(client)) {
          issues.put(client, new PromotionIssue(client, accepted.notUnderstood().get()));
        }
      } else {
        // Read again and understood now (a carried-over issue fixed at the source).
        if (!issues.isEmpty()) {
          issues.remove(client);
        }
        if (understood.size() < MAX_UNDERSTOOD) {
          understood.add(client);
        }
      }
    } else if (note instanceof Note.Gone goneNote && gone.size() < SyncReport.MAX_LISTED) {
      gone.add(goneNote.uid());
    }
  }

  synchronized void add(RunCounts batch, long orders) {
    counts = counts.plus(batch);
    processed += orders;
  }

  synchronized void addLanded(RunCounts landed, long notConfirmed) {
    counts = counts.plus(landed);
    uncertain += notConfirmed;
  }

  /** Adds what a part of a distributed run did (issues of clients it re-read replace carried). */
  synchronized void merge(RangeOutcome part) {
    counts = counts.plus(part.counts());
    processed += part.processed();
    uncertain += part.uncertain();
    part.understood().forEach(issues::remove);
    for (PromotionIssue issue : part.promotionIssues()) {
      if (issues.size() < MAX_PROMOTION_ISSUES || issues.containsKey(issue.clientUid())) {
        issues.put(issue.clientUid(), issue);
      }
    }
    for (String uid : part.goneFromSource()) {
      if (gone.size() < SyncReport.MAX_LISTED) {
        gone.add(uid);
      }
    }
  }

  synchronized RunCounts counts() {
    return counts;
  }

  synchronized long processed() {
    return processed;
  }

  synchronized long uncertain() {
    return uncertain;
  }

  synchronized List<PromotionIssue> issues() {
    return List.copyOf(issues.values());
  }

  synchronized List<String> understood() {
    return List.copyOf(understood);
  }

  synchronized List<String> gone() {
    return List.copyOf(gone);
  }
}
