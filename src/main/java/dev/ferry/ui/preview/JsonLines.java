package dev.ferry.ui.preview;

import dev.ferry.ui.preview.PreviewViewModel.Token;
import dev.ferry.ui.preview.PreviewViewModel.TokenKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Breaks the highlighted document's lines to a width, so that a value that does not fit beside its
 * key continues on an indented line instead of at column 0 (which reads as a new key, or as no
 * structure at all): {@code "date_of_order":} then, below, indented further than the key, {@code
 * ISODate("…")}.
 *
 * <p>Contract: pure; the document pane uses a monospaced font, so a width in characters is exact.
 * Breaks come after a space where there is one (the space stays at the end of the line), inside a
 * token only where nothing else fits. Removing the inserted line breaks and their indentation gives
 * back the input (with {@code \r\n} read as {@code \n}).
 */
final class JsonLines {
  /** How much further than its line a continuation is indented: more than one level (2). */
  static final int HANGING_INDENT = 4;

  /** The least a continuation is indented past its line: one level, still not a sibling key. */
  private static final int SHALLOWEST = 2;

  /** Below this many characters on a continuation, breaking more would not help reading. */
  private static final int NARROWEST = 8;

  private JsonLines() {}

  /** {@code tokens} with every line longer than {@code columns} characters broken and indented. */
  static List<Token> wrap(List<Token> tokens, int columns) {
    StringBuilder text = new StringBuilder();
    List<TokenKind> kinds = new ArrayList<>();
    for (Token token : tokens) {
      for (char c : token.text().toCharArray()) {
        if (c != '\r') {
          text.append(c);
          kinds.add(token.kind());
        }
      }
    }
    StringBuilder out = new StringBuilder();
    List<TokenKind> outKinds = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf("\n", start);
      boolean last = end < 0;
      if (last) {
        end = text.length();
      }
      breakLine(text, kinds, start, end, columns, out, outKinds);
      if (!last) {
        out.append('\n');
        outKinds.add(kinds.get(end));
      }
      start = end + 1;
    }
    return merge(out, outKinds);
  }

  private static void breakLine(
      CharSequence text,
      List<TokenKind> kinds,
      int start,
      int end,
      int columns,
      StringBuilder out,
      List<TokenKind> outKinds) {
    int indent = 0;
    while (start + indent < end && text.charAt(start + indent) == ' ') {
      indent++;
    }
    String continuation = " ".repeat(indent + HANGING_INDENT);
    int pos = start;
    int room = columns;
    while (end - pos > room && room >= NARROWEST) {
      // The leading indentation is never a break: a line holds at least one character of its own.
      int earliest = pos == start ? start + indent + 1 : pos + 1;
      int cut = -1;
      for (int i = pos + room; i >= earliest; i--) {
        if (text.charAt(i - 1) == ' ') {
          cut = i;
          break;
        }
      }
      if (cut < 0) {
        cut = Math.max(pos + room, earliest);
      }
      copy(text, kinds, pos, cut, out, outKinds);
      // A rest that misses the line by a character or two (a uid and its comma) moves left, down
      // to one level deeper than its line, rather than leaving "," alone on a line of its own.
      String hang = continuation;
      int rest = end - cut;
      if (rest > columns - hang.length() && rest <= columns - indent - SHALLOWEST) {
        hang = " ".repeat(columns - rest);
      }
      out.append('\n').append(hang);
      for (int i = 0; i <= hang.length(); i++) {
        outKinds.add(TokenKind.PUNCTUATION);
      }
      pos = cut;
      room = columns - hang.length();
    }
    copy(text, kinds, pos, end, out, outKinds);
  }

  private static void copy(
      CharSequence text,
      List<TokenKind> kinds,
      int from,
      int to,
      StringBuilder out,
      List<TokenKind> outKinds) {
    out.append(text, from, to);
    outKinds.addAll(kinds.subList(from, to));
  }

  private static List<Token> merge(CharSequence text, List<TokenKind> kinds) {
    List<Token> tokens = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || kinds.get(i) != kinds.get(from)) {
        tokens.add(new Token(kinds.get(from), text.subSequence(from, i).toString()));
        from = i;
      }
    }
    return tokens;
  }
}
