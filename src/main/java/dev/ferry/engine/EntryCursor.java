package dev.ferry.engine;

import dev.ferry.core.CodePointOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The sync-state side of a merge join: entries in code-point order of uid, looked at one ahead.
 * Refuses entries out of order, since a merge over them would misjudge orders as gone.
 */
final class EntryCursor {
  private final Iterator<TargetEntry> entries;
  private TargetEntry head;
  private String last;

  EntryCursor(Iterator<TargetEntry> entries) {
    this.entries = entries;
  }

  /** The entries strictly before {@code uid}, at most {@code max} of them. */
  List<TargetEntry> takeBefore(String uid, int max) {
    List<TargetEntry> out = new ArrayList<>();
    while (out.size() < max
        && peek().filter(e -> CodePointOrder.before(e.uid(), uid)).isPresent()) {
      out.add(take());
    }
    return out;
  }

  /** Whether there is an entry strictly before {@code uid}. */
  boolean hasBefore(String uid) {
    return peek().filter(e -> CodePointOrder.before(e.uid(), uid)).isPresent();
  }

  /** The entry for exactly {@code uid}, if it is next. */
  Optional<TargetEntry> takeEqual(String uid) {
    if (peek().filter(e -> e.uid().equals(uid)).isPresent()) {
      return Optional.of(take());
    }
    return Optional.empty();
  }

  /** The next entry, if any. */
  Optional<TargetEntry> next() {
    return peek().isPresent() ? Optional.of(take()) : Optional.empty();
  }

  private Optional<TargetEntry> peek() {
    if (head == null && entries.hasNext()) {
      TargetEntry entry = entries.next();
      if (last != null && !CodePointOrder.before(last, entry.uid())) {
        throw new IllegalStateException(
            "The target's sync state lists order "
                + entry.uid()
                + " after "
                + last
                + "; it was changed during the run (by another Ferry run?). Run again.");
      }
      last = entry.uid();
      head = entry;
    }
    return Optional.ofNullable(head);
  }

  private TargetEntry take() {
    TargetEntry entry = head;
    head = null;
    return entry;
  }
}
