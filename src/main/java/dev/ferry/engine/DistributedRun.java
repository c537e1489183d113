package dev.ferry.engine;

import java.util.List;
import java.util.Objects;

/**
 * The driver's side of a run carried in parts (see {@link MigrationEngine#distribute}): it holds
 * the exported source snapshot and the target registration while the parts work, and ends the run
 * once they are done.
 *
 * <p>Contract: {@link #tasks()} cut every uid into disjoint ranges; each task goes to {@link
 * MigrationEngine#runRange} (anywhere, any number of times: a retried part converges); {@link
 * #finish} takes one outcome per task and records the run — completed and its sync state trusted
 * only when every part completed its whole range. {@link #heartbeat()} must be called every few
 * seconds while parts work, or other runs take this one for dead. {@link #close()} releases the
 * snapshot and the registration without recording an end (the record is then found abandoned).
 */
public final class DistributedRun implements AutoCloseable {
  private final MigrationEngine engine;
  private final MigrationEngine.RunState state;
  private final RunOptions options;
  private final SourceSnapshot snapshot;
  private final TargetSync target;
  private final String fingerprint;
  private final List<RangeTask> tasks;
  private final long total;
  private boolean ended;

  DistributedRun(
      MigrationEngine engine,
      MigrationEngine.RunState state,
      RunOptions options,
      SourceSnapshot snapshot,
      TargetSync target,
      String fingerprint,
      List<RangeTask> tasks,
      long total,
      long startNanos) {
    this.engine = engine;
    this.state = state;
    this.options = options;
    this.snapshot = snapshot;
    this.target = target;
    this.fingerprint = fingerprint;
    this.tasks = List.copyOf(tasks);
    this.total = total;
  }

  /** The run's id. */
  public String runId() {
    return state.runId;
  }

  /** How the run compares. */
  public SyncMode mode() {
    return state.mode.orElseThrow();
  }

  /** The parts, one per range. */
  public List<RangeTask> tasks() {
    return tasks;
  }

  /** How many orders the snapshot holds. */
  public long total() {
    return total;
  }

  /** Tells other runs this one is alive (saves its running record). */
  public synchronized void heartbeat() {
    if (!ended) {
      engine.heartbeat(state, options, target);
    }
  }

  /** Ends the run from the parts' outcomes (one per task) and records it. */
  public synchronized RunReport finish(List<RangeOutcome> outcomes) {
    Objects.requireNonNull(outcomes, "outcomes");
    if (ended) {
      throw new IllegalStateException("the run has ended");
    }
    if (outcomes.size() != tasks.size()) {
      throw new IllegalArgumentException(
          outcomes.size() + " outcomes for " + tasks.size() + " parts");
    }
    ended = true;
    return engine.finishDistributed(state, options, snapshot, target, fingerprint, outcomes);
  }

  @Override
  public synchronized void close() {
    if (!ended) {
      ended = true;
      target.close();
      snapshot.close();
    }
  }
}
