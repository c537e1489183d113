package dev.ferry.engine;

import java.util.Objects;

/**
 * What a change feed says about one source order without reading it.
 *
 * @param uid the order uid
 * @param changed whether any row the order's document is made of (the order, its client, its lines,
 *     their products) may have been written since the token, or a row it refers to is missing
 * @param lines how many lines the order has now
 */
public record SourceFact(String uid, boolean changed, int lines) {
  public SourceFact {
    Objects.requireNonNull(uid, "uid");
    if (lines < 0) {
      throw new IllegalArgumentException("lines cannot be negative: " + lines);
    }
  }
}
