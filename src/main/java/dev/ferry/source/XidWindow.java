package dev.ferry.source;

import java.util.List;

/**
 * The transaction ids assigned since an earlier snapshot's {@code xmin}, as a SQL test on a row's
 * {@code xmin} system column.
 *
 * <p>Every row version written after that snapshot was taken carries an {@code xmin} at or above
 * the snapshot's {@code xmin} (a transaction still running then has an id at or above it, and so
 * have its subtransactions); a row older than that was visible to the snapshot. The test compares
 * 32-bit ids modulo 2^32 within the window's length, which is exact as long as the window is
 * shorter than 2^31 ids (the caller refuses longer ones). It errs only one way: a row written
 * before the earlier snapshot but after its {@code xmin} counts as new, which costs a re-read and
 * never hides a change.
 *
 * @param low the earlier snapshot's {@code xmin}, low 32 bits
 * @param length how many ids the window spans (the current snapshot's {@code xmax} minus the
 *     earlier {@code xmin})
 */
record XidWindow(long low, long length) {
  /** Longest window accepted: well inside 2^31, where 32-bit ids stop being comparable. */
  static final long MAX_LENGTH = (1L << 31) - (1L << 24);

  XidWindow {
    if (low < 0 || low > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("low must be a 32-bit id: " + low);
    }
    if (length < 0 || length > MAX_LENGTH) {
      throw new IllegalArgumentException("window length out of range: " + length);
    }
  }

  /** The window from an earlier 64-bit {@code xmin} to the current 64-bit {@code xmax}. */
  static XidWindow between(long earlierXmin, long currentXmax) {
    return new XidWindow(earlierXmin & 0xFFFF_FFFFL, currentXmax - earlierXmin);
  }

  /** {@code alias.xmin} is in the window; adds its two parameters to {@code parameters}. */
  String isNew(String alias, List<Object> parameters) {
    parameters.add(low);
    parameters.add(length);
    return "((" + alias + ".xmin::text::bigint - ?) & 4294967295) < ?";
  }
}
