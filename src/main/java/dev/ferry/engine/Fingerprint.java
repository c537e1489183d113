package dev.ferry.engine;

/**
 * 128 bits that identify the exact bytes Ferry wrote for one document or reject (the sink decides
 * how they are computed; equal content gives equal fingerprints).
 *
 * <p>{@link #UNKNOWN} stands for content Ferry did not write or cannot vouch for (e.g. a target
 * document found without a sync state): it never equals a computed fingerprint, so such an entry is
 * always compared with the target itself.
 *
 * @param high the first 64 bits
 * @param low the last 64 bits
 */
public record Fingerprint(long high, long low) {
  /** Content that is not known. */
  public static final Fingerprint UNKNOWN = new Fingerprint(0, 0);

  /** Whether this is a computed fingerprint rather than {@link #UNKNOWN}. */
  public boolean known() {
    return !equals(UNKNOWN);
  }

  /** Whether both are known and equal. */
  public boolean matches(Fingerprint other) {
    return known() && equals(other);
  }
}
