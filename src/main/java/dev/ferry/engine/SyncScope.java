package dev.ferry.engine;

import java.util.List;
import java.util.Objects;

/**
 * What the parts of a run need to know about the target's sync state, as the run (its driver) found
 * it: whether it is trusted, which generation of it the parts read and write, and where it can be
 * cut so that no part of the state is shared by two parts of the run.
 *
 * @param trust whether the state is trusted, and why
 * @param generation the generation of the state the run reads and writes
 * @param boundaries uids at which the state may be cut (in code-point order)
 */
public record SyncScope(StateTrust trust, long generation, List<String> boundaries) {
  public SyncScope {
    Objects.requireNonNull(trust, "trust");
    boundaries = List.copyOf(boundaries);
  }
}
