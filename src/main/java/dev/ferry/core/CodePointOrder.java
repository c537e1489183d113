package dev.ferry.core;

import java.util.Comparator;

/**
 * The order of order uids everywhere Ferry merges sorted streams: by Unicode code point.
 *
 * <p>Contract: compares two strings code point by code point, a proper prefix first. This is the
 * order of PostgreSQL's {@code COLLATE "C"} on UTF-8 text and of MongoDB's default (simple)
 * collation, which both compare UTF-8 bytes; it differs from {@link String#compareTo}, which
 * compares UTF-16 units and so puts U+E000..U+FFFF after the supplementary characters.
 */
public final class CodePointOrder implements Comparator<String> {
  /** The one instance. */
  public static final CodePointOrder INSTANCE = new CodePointOrder();

  private CodePointOrder() {}

  @Override
  public int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (x == y) {
        i++;
        j++;
        continue;
      }
      // Different UTF-16 units: only when a surrogate meets a unit above it do UTF-16 and code
      // point order disagree, so compare whole code points here.
      int cx = a.codePointAt(i);
      int cy = b.codePointAt(j);
      return Integer.compare(cx, cy);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Whether {@code a} sorts strictly before {@code b}. */
  public static boolean before(String a, String b) {
    return INSTANCE.compare(a, b) < 0;
  }
}
