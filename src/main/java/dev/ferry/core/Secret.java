package dev.ferry.core;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A password or passphrase held as characters, never printed — the one secret type of Ferry, used
 * for database passwords and SSH passphrases alike.
 *
 * <p>Contract: {@link #toString()} is always {@code "****"}, so a secret that ends up in a log
 * line, an exception message or a record's string form reveals nothing; {@link #reveal()} and
 * {@link #utf8()} hand out copies only to the code that must pass them to a driver (which should
 * wipe them); {@link #clear()} overwrites the value, after which every read fails with {@link
 * IllegalStateException}. Instances are thread-safe.
 */
public final class Secret {
  private final char[] value;
  private boolean cleared;

  private Secret(char[] value) {
    this.value = value.clone();
  }

  /** Wraps a copy of {@code value}; the caller may wipe its own array afterwards. */
  public static Secret of(char[] value) {
    return new Secret(Objects.requireNonNull(value, "value"));
  }

  /** Wraps {@code value}. */
  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value, "value").toCharArray());
  }

  /** A copy of the characters. */
  public synchronized char[] reveal() {
    ensureNotCleared();
    return value.clone();
  }

  /** The secret as a string, for APIs that take nothing else (JDBC properties). */
  public synchronized String revealAsString() {
    ensureNotCleared();
    return new String(value);
  }

  /** The value encoded as UTF-8 (as SSH expects it); the caller should wipe the array. */
  public synchronized byte[] utf8() {
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

  /** Whether the secret is empty. */
  public synchronized boolean isEmpty() {
    return value.length == 0;
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
      throw new IllegalStateException("the secret was cleared");
    }
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Secret s)) {
      return false;
    }
    char[] mine = copyUnlessCleared();
    char[] theirs = s.copyUnlessCleared();
    try {
      return !isCleared() && !s.isCleared() && Arrays.equals(mine, theirs);
    } finally {
      Arrays.fill(mine, '\0');
      Arrays.fill(theirs, '\0');
    }
  }

  /** A copy of the value, or an empty array once cleared (equality must never throw). */
  private synchronized char[] copyUnlessCleared() {
    return cleared ? new char[0] : value.clone();
  }

  @Override
  public synchronized int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "****";
  }
}
