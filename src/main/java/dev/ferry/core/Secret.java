package dev.ferry.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A password or passphrase held as characters, never printed.
 *
 * <p>Contract: {@link #toString()} is always {@code "****"}, so a secret that ends up in a log
 * line, an exception message or a record's string form reveals nothing; {@link #reveal()} hands out
 * a copy only to the code that must pass it to a driver.
 */
public final class Secret {
  private final char[] value;

  private Secret(char[] value) {
    this.value = value.clone();
  }

  /** Wraps a copy of {@code value}. */
  public static Secret of(char[] value) {
    return new Secret(Objects.requireNonNull(value, "value"));
  }

  /** Wraps {@code value}. */
  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value, "value").toCharArray());
  }

  /** A copy of the characters. */
  public char[] reveal() {
    return value.clone();
  }

  /** The secret as a string, for APIs that take nothing else (JDBC properties). */
  public String revealAsString() {
    return new String(value);
  }

  /** Whether the secret is empty. */
  public boolean isEmpty() {
    return value.length == 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret s && Arrays.equals(value, s.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "****";
  }
}
