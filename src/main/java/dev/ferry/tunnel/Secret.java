package dev.ferry.tunnel;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A passphrase or password held as a {@code char[]} so that it can be wiped after use.
 *
 * <p>Contract: {@link #toString()} never reveals the value; {@link #chars()} and the UTF-8 view
 * hand out copies that the caller must wipe; {@link #clear()} overwrites the held value and makes
 * every later read fail with {@link IllegalStateException}. Equality is identity, so a secret never
 * leaks through {@code equals}-based diagnostics either. Instances are thread-safe.
 */
public final class Secret {

  private final char[] value;
  private boolean cleared;

  private Secret(char[] value) {
    this.value = value;
  }

  /**
   * Copies {@code value} into a new secret; the caller should wipe its own array afterwards.
   *
   * @throws IllegalArgumentException if {@code value} is empty, because an empty passphrase is
   *     expressed as an absent {@code Optional<Secret>}
   */
  public static Secret of(char[] value) {
    Objects.requireNonNull(value, "value");
    if (value.length == 0) {
      throw new IllegalArgumentException("a secret must not be empty; leave it absent instead");
    }
    return new Secret(value.clone());
  }

  /**
   * Reads a secret from an environment variable, the way a CLI flag such as {@code
   * --ssh-passphrase-env VAR} should, so that it never appears on the command line.
   *
   * @return empty if the variable is unset or empty
   */
  public static Optional<Secret> fromEnvironment(String variable) {
    Objects.requireNonNull(variable, "variable");
    String text = System.getenv(variable);
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Secret(text.toCharArray()));
  }

  /** Returns a copy of the value; wipe it with {@code Arrays.fill(copy, '\0')} when done. */
  public synchronized char[] chars() {
    ensureNotCleared();
    return value.clone();
  }

  /** The value encoded as UTF-8, as SSH expects it; the caller must wipe the returned array. */
  synchronized byte[] utf8() {
    ensureNotCleared();
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    // The encoder's backing array would otherwise keep a copy around until garbage collection.
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return bytes;
  }

  /** Overwrites the value; idempotent. */
  public synchronized void clear() {
    Arrays.fill(value, '\0');
    cleared = true;
  }

  /** Whether {@link #clear()} has been called. */
  public synchronized boolean isCleared() {
    return cleared;
  }

  private void ensureNotCleared() {
    if (cleared) {
      throw new IllegalStateException("the secret has been cleared");
    }
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
