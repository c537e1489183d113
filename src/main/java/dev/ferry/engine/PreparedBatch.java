package dev.ferry.engine;

import java.util.List;

/**
 * A batch of sync events on which the target has done the work that needs no access to it (encoding
 * documents, computing fingerprints), so that this work runs on the read-ahead thread while the
 * previous batch is being written. Only the target that prepared it can apply it.
 */
public interface PreparedBatch {

  /** The events, in code-point order of uid. */
  List<SyncEvent> events();
}
