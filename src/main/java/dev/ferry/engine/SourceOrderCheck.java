package dev.ferry.engine;

import dev.ferry.core.CodePointOrder;

/**
 * Checks that the source delivers order uids strictly ascending in code-point order, which the
 * merge join relies on; a source that sorts otherwise (a database whose encoding does not sort like
 * UTF-8) fails the run with a sentence instead of misjudging orders as new or gone.
 */
final class SourceOrderCheck {
  private String last;

  void accept(String uid) {
    if (last != null && !CodePointOrder.before(last, uid)) {
      throw new IllegalStateException(
          "The source returned order "
              + uid
              + " after "
              + last
              + ", not in code-point order of uid; Ferry needs uids sorted as UTF-8 text"
              + " (COLLATE \"C\" on a UTF-8 database).");
    }
    last = uid;
  }
}
