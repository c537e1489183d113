package dev.ferry.engine;

import java.util.Objects;

/**
 * One field that differs between the expected document and the target's.
 *
 * @param path dotted path, e.g. {@code order_items.1.price}
 * @param expected the expected value rendered as Extended JSON ("(absent)" when missing)
 * @param actual the target's value rendered alike
 */
public record FieldDifference(String path, String expected, String actual) {
  public FieldDifference {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(actual, "actual");
  }

  @Override
  public String toString() {
    return path + ": expected " + expected + ", found " + actual;
  }
}
