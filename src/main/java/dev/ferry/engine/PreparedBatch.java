package dev.ferry.engine;

import java.util.List;

/**
 * A batch of sync events on which the target has done the work that needs no access to it (encoding
 * documents, computing fingerprints), so that this work runs on the read-ahead thread while the
 * previous batch is being written. Only the target that prepared it can apply it.
 *
 * <p>It keeps what writing needs (encoded documents, fingerprints, uids), not the events' orders
 * and mapped documents: a batch waits in memory while another is written, and whatever it holds is
 * copied by every young collection meanwhile.
 */
public interface PreparedBatch {

  /** The uids of the batch's events, in code-point order. */
  List<String> uids();
}
