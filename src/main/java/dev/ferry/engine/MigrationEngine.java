package dev.ferry.engine;

import dev.ferry.core.OrderDocumentMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run: a merge join of the source's orders with the target's sync state, in batches, with
 * progress, cancellation and run history.
 *
 * <p>Contract: {@link #migrate} reads one snapshot of the source and brings the target to exactly
 * the documents and rejects the core rules give for it: new orders inserted, changed ones replaced,
 * unchanged ones left alone, orders gone from the source removed (with {@link
 * RunOptions#deleteMissing()}) or counted as stale. What the target holds is known from its sync
 * state when that is trustworthy and read from the target itself otherwise (see {@link SyncMode});
 * when the source can tell what changed since the last completed run, only those orders are read.
 * The sink writes idempotently, so a run may be repeated, overlapped with another or cancelled at
 * any point and the next run converges to the same target. The run is recorded in the run log when
 * it starts, every few seconds and when it ends (except dry runs, which write nothing at all). It
 * never throws for a failure of the source or the sink: the report says {@code failed} with a
 * one-sentence cause; cancellation ends it as {@code cancelled} within one batch or one blocked
 * query.
 */
public final class MigrationEngine {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationEngine.class);

  /**
   * How often a running run is written to the history and its sync-state registration refreshed:
   * often enough that History shows live counts and other runs see it alive, rarely enough to cost
   * nothing measurable.
   */
  private static final long CHECKPOINT_NANOS = 5_000_000_000L;

  /** How often the calling thread looks at the cancel flag while the run works. */
  private static final long WAIT_POLL_MILLIS = 100;

  /**
   * How long a cancelled run's work may take to stop before the caller gets its report anyway: long
   * enough for a batch being written to finish, short enough that Cancel ends a run within 5 s in
   * every state.
   */
  private static final long CANCEL_LIMIT_NANOS = 3_000_000_000L;

  /**
   * How long the end of a run waits for the run history: a healthy target answers in milliseconds,
   * and a failed one must not hold the report back.
   */
  private static final long RECORD_LIMIT_MILLIS = 1_500;

  private final OrderSource source;
  private final OrderSink sink;
  private final OrderDocumentMapper mapper;
  private final Executor readAhead;
  private final Clock clock;

  /**
   * An engine that works on {@code executor}: per run, one task carries the run and one reads ahead
   * for its duration (a third may record a cancel the work outlived), so the executor must run at
   * least three tasks at once — a cached pool. The caller owns the executor.
   */
  public MigrationEngine(
      OrderSource source, OrderSink sink, OrderDocumentMapper mapper, Executor readAhead) {
    this(source, sink, mapper, readAhead, Clock.systemUTC());
  }

  MigrationEngine(
      OrderSource source,
      OrderSink sink,
      OrderDocumentMapper mapper,
      Executor readAhead,
      Clock clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.readAhead = Objects.requireNonNull(readAhead, "readAhead");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Runs one migration of every source order. */
  public RunReport migrate(
      RunOptions options, ProgressListener listener, CancellationToken cancel) {
    long startNanos = System.nanoTime();
    RunState state = newState(options);
    // The run works on the executor; this thread waits for it, and gives up waiting a few seconds
    // after a cancel that the source or target cannot act on (a frozen connection): the report is
    // still returned and the record closed, and the stuck work is closed in the background.
    CompletableFuture<RunReport> work =
        CompletableFuture.supplyAsync(
            () -> run(options, listener, cancel, state, startNanos), readAhead);
    long cancelSeen = 0;
    try {
      while (true) {
        try {
          return work.get(WAIT_POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
          if (!cancel.isCancelled()) {
            continue;
          }
          if (cancelSeen == 0) {
            cancelSeen = System.nanoTime();
          } else if (System.nanoTime() - cancelSeen > CANCEL_LIMIT_NANOS) {
            return abandonAfterCancel(state, options);
          }
        }
      }
    } catch (ExecutionException e) {
      // run() reports every RuntimeException itself; only an Error gets here.
      throw new IllegalStateException("the run stopped unexpectedly", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel.cancel();
      return abandonAfterCancel(state, options);
    }
  }

  /** A new run's identity, with the settings recorded with it. */
  private RunState newState(RunOptions options) {
    String runId = UUID.randomUUID().toString();
    Instant startedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Map<String, String> settings = new LinkedHashMap<>(options.settingsForHistory());
    // The caller may name the source better than the source can (e.g. the database behind an SSH
    // tunnel rather than the tunnel's local port).
    settings.putIfAbsent("source", source.describe());
    settings.putIfAbsent("target", sink.describe());
    settings.put("batch_size", Integer.toString(options.batchSize()));
    settings.put("source_zone", mapper.settings().sourceZone().getId());
    settings.put("dry_run", Boolean.toString(options.dryRun()));
    settings.put("compare", options.compare().label());
    settings.put("delete_missing", Boolean.toString(options.deleteMissing()));
    LOG.info("run {} started: {} → {}", runId, source.describe(), sink.describe());
    return new RunState(runId, startedAt, settings);
  }

  /** The run itself, on the executor: never throws for a failure or a cancel. */
  private RunReport run(
      RunOptions options,
      ProgressListener listener,
      CancellationToken cancel,
      RunState state,
      long startNanos) {
    String runId = state.runId;
    try {
      if (!options.dryRun()) {
        closeAbandoned();
        sink.runLog().save(state.record(RunStatus.RUNNING, Optional.empty(), Optional.empty()));
      }
      return runOn(options, listener, cancel, state, startNanos);
    } catch (RunCancelledException e) {
      LOG.info("run {} cancelled after {} orders", runId, state.tally.processed());
      return finish(state, options, RunStatus.CANCELLED, Optional.empty());
    } catch (RuntimeException e) {
      if (cancel.isCancelled()) {
        // A driver interrupted by the cancel hook reports its own error; the cause is the cancel.
        LOG.info(
            "run {} cancelled after {} orders ({})", runId, state.tally.processed(), e.toString());
        return finish(state, options, RunStatus.CANCELLED, Optional.empty());
      }
      LOG.error("run {} failed", runId, e);
      return finish(state, options, RunStatus.FAILED, Optional.of(e));
    }
  }

  /**
   * Ends a cancelled run whose work did not stop in time (it is stuck on a connection that does not
   * answer): records it as cancelled with its counts so far — waiting at most {@link
   * #RECORD_LIMIT_MILLIS} for the target, which may be the frozen side (then a later run finds the
   * record abandoned) — and leaves the work to fail and clean up in the background.
   */
  private RunReport abandonAfterCancel(RunState state, RunOptions options) {
    LOG.warn(
        "run {}: cancelled, but a connection does not answer; its work is closed in the background",
        state.runId);
    CompletableFuture<RunReport> report =
        CompletableFuture.supplyAsync(
            () -> finish(state, options, RunStatus.CANCELLED, Optional.empty()), readAhead);
    try {
      return report.get(RECORD_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.warn("run {}: the run history could not be updated in time", state.runId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RunRecord record =
        state.record(
            RunStatus.CANCELLED,
            Optional.of(clock.instant().truncatedTo(ChronoUnit.MILLIS)),
            Optional.empty());
    return new RunReport(record, options.dryRun(), Optional.empty());
  }

  /** Opens the snapshot and the target's sync state and carries every order; throws on failure. */
  private RunReport runOn(
      RunOptions options,
      ProgressListener listener,
      CancellationToken cancel,
      RunState state,
      long startNanos) {
    listener.onProgress(
        RunProgress.of(
            state.runId,
            0,
            0,
            RunCounts.ZERO,
            System.nanoTime() - startNanos,
            RunProgress.Phase.OPENING));
    try (SourceSnapshot snapshot = source.openSnapshot()) {
      cancel.onCancel(snapshot::cancel);
      cancel.throwIfCancelled();
      long total = snapshot.count();
      listener.onProgress(
          RunProgress.of(
              state.runId,
              0,
              total,
              RunCounts.ZERO,
              System.nanoTime() - startNanos,
              RunProgress.Phase.PLANNING));
      TargetSync target = sink.openSync(state.runId, options.dryRun(), options.compare());
      try {
        String fingerprint = settingsFingerprint(snapshot);
        Decision decision = decide(options, target.trust(), snapshot, fingerprint);
        state.sync(decision.mode(), decision.reason());
        state.tally.carryOver(decision.carried());
        LOG.info("run {}: {} ({})", state.runId, decision.mode().label(), decision.reason());
        listener.onProgress(
            RunProgress.of(
                state.runId,
                0,
                total,
                RunCounts.ZERO,
                System.nanoTime() - startNanos,
                RunProgress.Phase.FIRST_BATCH));
        Checkpoint checkpoint = new Checkpoint(options, state, target);
        RangeRunner runner =
            new RangeRunner(
                snapshot,
                target,
                mapper,
                readAhead,
                UidRange.ALL,
                decision.mode(),
                decision.token(),
                options.batchSize(),
                options.deleteMissing(),
                state.tally,
                cancel);
        boolean whole =
            runner.run(
                () -> {
                  progress(listener, state, total, startNanos);
                  checkpoint.run();
                },
                checkpoint);
        listener.onProgress(
            RunProgress.of(
                state.runId,
                state.tally.processed(),
                total,
                state.tally.counts(),
                System.nanoTime() - startNanos,
                RunProgress.Phase.FINISHING));
        if (whole) {
          target.complete(
              new SyncWatermark(fingerprint, snapshot.changeToken(), state.tally.issues()));
        } else {
          state.sync(decision.mode(), decision.reason() + INCOMPLETE);
          target.stop();
        }
      } catch (RuntimeException e) {
        stopQuietly(target, e);
        throw e;
      } finally {
        target.close();
      }
    }
    return finish(state, options, RunStatus.COMPLETED, Optional.empty());
  }

  /** Said of a full comparison that left orphans for a later run. */
  static final String INCOMPLETE =
      "; more than "
          + RangeRunner.MAX_ORPHANS
          + " target entries have no source order, a later run handles the rest";

  private void progress(ProgressListener listener, RunState state, long total, long startNanos) {
    listener.onProgress(
        RunProgress.of(
            state.runId,
            state.tally.processed(),
            total,
            state.tally.counts(),
            System.nanoTime() - startNanos));
  }

  /**
   * Saves the running record and refreshes the run's registration every {@link #CHECKPOINT_NANOS},
   * after batches and while waiting for the source.
   */
  private final class Checkpoint implements Runnable {
    private final RunOptions options;
    private final RunState state;
    private final TargetSync target;
    private long last = System.nanoTime();

    Checkpoint(RunOptions options, RunState state, TargetSync target) {
      this.options = options;
      this.state = state;
      this.target = target;
    }

    @Override
    public void run() {
      if (!options.dryRun() && System.nanoTime() - last > CHECKPOINT_NANOS) {
        sink.runLog().save(state.record(RunStatus.RUNNING, Optional.empty(), Optional.empty()));
        target.heartbeat();
        last = System.nanoTime();
      }
    }
  }

  /**
   * How a run compares, decided once from the options, the sync state and what the source can tell.
   *
   * @param token the change token to read changes since, for an incremental run
   * @param carried the promotion issues of orders an incremental run will not read
   */
  record Decision(
      SyncMode mode, String reason, Optional<String> token, List<PromotionIssue> carried) {}

  Decision decide(
      RunOptions options, StateTrust trust, SourceSnapshot snapshot, String fingerprint) {
    if (options.compare() == CompareMode.FULL || !trust.trusted()) {
      String reason =
          options.compare() == CompareMode.FULL
              ? "a full comparison was asked for"
              : trust.reason() + "; every document is compared and the sync state rebuilt";
      return new Decision(SyncMode.FULL_COMPARE, reason, Optional.empty(), List.of());
    }
    Optional<SyncWatermark> watermark = trust.watermark();
    String why;
    if (watermark.isEmpty()) {
      why = trust.reason();
    } else if (!watermark.get().settings().equals(fingerprint)) {
      why = "the rules, mapping settings or source schema changed since the last completed run";
    } else if (watermark.get().sourceToken().isEmpty()) {
      why = "the source could not tell its changes at the last completed run";
    } else {
      String token = watermark.get().sourceToken().get();
      Optional<String> unavailable = snapshot.changesUnavailable(token);
      if (unavailable.isEmpty()) {
        return new Decision(
            SyncMode.INCREMENTAL,
            "only orders the source changed since the last completed run were read",
            Optional.of(token),
            watermark.get().promotionIssues());
      }
      why = unavailable.get();
    }
    return new Decision(
        SyncMode.STATE,
        why + "; every order is read and compared with the sync state",
        Optional.empty(),
        List.of());
  }

  // --- distributed runs ------------------------------------------------------------------------

  /**
   * Starts a run whose orders are carried in {@code parts} parts, possibly on other machines (a
   * Spark job): records it as running, opens and exports the source snapshot (kept open until the
   * run ends), registers with the target and decides how to compare, and cuts the uids into ranges
   * — at the sync state's chunk starts when it is trusted (so no state is shared by two parts), at
   * sampled quantiles of the source otherwise. Each {@link RangeTask} then goes to {@link
   * #runRange}, and the outcomes to {@link DistributedRun#finish}.
   */
  public DistributedRun distribute(RunOptions options, int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be at least 1: " + parts);
    }
    RunState state = newState(options);
    long startNanos = System.nanoTime();
    if (!options.dryRun()) {
      closeAbandoned();
      sink.runLog().save(state.record(RunStatus.RUNNING, Optional.empty(), Optional.empty()));
    }
    SourceSnapshot snapshot = source.openSnapshot();
    TargetSync target;
    try {
      target = sink.openSync(state.runId, options.dryRun(), options.compare());
    } catch (RuntimeException e) {
      snapshot.close();
      finish(state, options, RunStatus.FAILED, Optional.of(e));
      throw e;
    }
    try {
      long total = snapshot.count();
      String snapshotId = snapshot.export();
      String fingerprint = settingsFingerprint(snapshot);
      Decision decision = decide(options, target.trust(), snapshot, fingerprint);
      state.sync(decision.mode(), decision.reason());
      state.tally.carryOver(decision.carried());
      SyncScope scope = target.scope();
      List<String> points =
          decision.mode() == SyncMode.FULL_COMPARE || scope.boundaries().isEmpty()
              ? snapshot.splitPoints(parts)
              : evenly(scope.boundaries(), parts);
      List<RangeTask> tasks = new ArrayList<>();
      for (UidRange range : UidRange.cutAt(points)) {
        tasks.add(
            new RangeTask(
                state.runId,
                range,
                snapshotId,
                decision.mode(),
                fingerprint,
                decision.token(),
                scope,
                options.batchSize(),
                options.dryRun(),
                options.deleteMissing()));
      }
      LOG.info(
          "run {}: {} ({}), in {} parts",
          state.runId,
          decision.mode().label(),
          decision.reason(),
          tasks.size());
      return new DistributedRun(
          this, state, options, snapshot, target, fingerprint, tasks, total, startNanos);
    } catch (RuntimeException e) {
      stopQuietly(target, e);
      target.close();
      snapshot.close();
      finish(state, options, RunStatus.FAILED, Optional.of(e));
      throw e;
    }
  }

  /** {@code parts - 1} of {@code boundaries}, about evenly spaced. */
  private static List<String> evenly(List<String> boundaries, int parts) {
    List<String> points = new ArrayList<>();
    for (int i = 1; i < parts; i++) {
      int index = (int) ((long) i * boundaries.size() / parts);
      if (index > 0 && index < boundaries.size()) {
        points.add(boundaries.get(index));
      }
    }
    return points;
  }

  /**
   * Carries one part of a distributed run (on whatever machine runs it): imports the run's source
   * snapshot, opens the target's state for the part's range only, and carries the range's orders as
   * a single-node run would. Never throws for a failure of the source or the target: the outcome
   * says {@code failed} with the sentence. Safe to repeat (a retried part converges).
   */
  public RangeOutcome runRange(
      RangeTask task, ProgressListener listener, CancellationToken cancel) {
    RunTally tally = new RunTally();
    long startNanos = System.nanoTime();
    RunStatus status;
    boolean whole = false;
    Optional<String> failure = Optional.empty();
    try (SourceSnapshot snapshot = source.openSnapshot(task.snapshotId())) {
      cancel.onCancel(snapshot::cancel);
      TargetSync target = sink.openRange(task.runId(), task.dryRun(), task.scope(), task.range());
      try {
        RangeRunner runner =
            new RangeRunner(
                snapshot,
                target,
                mapper,
                readAhead,
                task.range(),
                task.mode(),
                task.sourceToken(),
                task.batchSize(),
                task.deleteMissing(),
                tally,
                cancel);
        whole =
            runner.run(
                () ->
                    listener.onProgress(
                        RunProgress.of(
                            task.runId(),
                            tally.processed(),
                            tally.processed(),
                            tally.counts(),
                            System.nanoTime() - startNanos)),
                () -> {});
        if (whole) {
          target.complete(
              new SyncWatermark(task.settingsFingerprint(), Optional.empty(), List.of()));
        } else {
          target.stop();
        }
        status = RunStatus.COMPLETED;
      } catch (RuntimeException e) {
        stopQuietly(target, e);
        throw e;
      } finally {
        target.close();
      }
    } catch (RunCancelledException e) {
      status = RunStatus.CANCELLED;
    } catch (RuntimeException e) {
      if (cancel.isCancelled()) {
        status = RunStatus.CANCELLED;
      } else {
        LOG.error("part {} of run {} failed", task.range(), task.runId(), e);
        status = RunStatus.FAILED;
        failure = Optional.of(sentence(e));
      }
    }
    return new RangeOutcome(
        task.range(),
        status,
        whole,
        tally.counts(),
        tally.processed(),
        tally.uncertain(),
        tally.issues(),
        tally.understood(),
        tally.gone(),
        failure);
  }

  /** Ends a distributed run (see {@link DistributedRun#finish}). */
  RunReport finishDistributed(
      RunState state,
      RunOptions options,
      SourceSnapshot snapshot,
      TargetSync target,
      String fingerprint,
      List<RangeOutcome> outcomes) {
    outcomes.forEach(state.tally::merge);
    boolean allWhole =
        outcomes.stream().allMatch(o -> o.status() == RunStatus.COMPLETED && o.whole());
    boolean allClean = outcomes.stream().noneMatch(o -> o.status() == RunStatus.FAILED);
    Optional<RangeOutcome> failed =
        outcomes.stream().filter(o -> o.status() == RunStatus.FAILED).findFirst();
    try {
      if (allWhole) {
        target.complete(
            new SyncWatermark(fingerprint, snapshot.changeToken(), state.tally.issues()));
      } else if (allClean) {
        target.stop();
      }
      // A failed part may have left its range's state half written: no stop, so the run's close
      // leaves the state untrusted and the next run compares everything.
    } catch (RuntimeException e) {
      LOG.warn("run {}: could not end the target's sync state: {}", state.runId, e.getMessage());
    } finally {
      target.close();
      snapshot.close();
    }
    if (failed.isPresent()) {
      return finish(
          state,
          options,
          RunStatus.FAILED,
          Optional.of(
              new IllegalStateException(
                  "part "
                      + failed.get().range()
                      + " failed: "
                      + failed.get().failure().orElse("no reason given"))));
    }
    if (outcomes.stream().anyMatch(o -> o.status() == RunStatus.CANCELLED)) {
      return finish(state, options, RunStatus.CANCELLED, Optional.empty());
    }
    if (!allWhole) {
      state.sync(state.mode.orElse(SyncMode.FULL_COMPARE), state.reason + INCOMPLETE);
    }
    return finish(state, options, RunStatus.COMPLETED, Optional.empty());
  }

  /** Refreshes a distributed run's record and registration while its parts work. */
  void heartbeat(RunState state, RunOptions options, TargetSync target) {
    if (!options.dryRun()) {
      sink.runLog().save(state.record(RunStatus.RUNNING, Optional.empty(), Optional.empty()));
      target.heartbeat();
    }
  }

  /**
   * Records the run's end, waiting at most {@link #RECORD_LIMIT_MILLIS}: the target may be what
   * failed (then the save would wait out its timeouts again), and the report must not wait for it.
   * A save that does not make it leaves the record to be found abandoned by a later run.
   */
  private void saveBounded(RunRecord record) {
    CompletableFuture<Void> save =
        CompletableFuture.runAsync(() -> sink.runLog().save(record), readAhead);
    try {
      save.get(RECORD_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("run {}: the target did not take the run's record in time", record.id());
    } catch (ExecutionException e) {
      // The target may be the thing that failed; the report still reaches the caller.
      LOG.warn(
          "could not record run {} in the run history: {}", record.id(), e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the records of earlier runs that died without recording their end. */
  private void closeAbandoned() {
    for (RunRecord run : sink.runLog().closeAbandoned(clock.instant())) {
      LOG.info("run {} stopped reporting at {}: recorded as abandoned", run.id(), run.endedAt());
    }
  }

  private static void stopQuietly(TargetSync target, RuntimeException cause) {
    try {
      target.stop();
    } catch (RuntimeException e) {
      // The target may be what failed; the run's own failure is what the caller needs.
      cause.addSuppressed(e);
    }
  }

  /**
   * A fingerprint of everything besides the source rows that decides what the documents look like:
   * the rules' version, the mapping settings, the source schema and the target's encoding.
   */
  private String settingsFingerprint(SourceSnapshot snapshot) {
    String text =
        "rules="
            + OrderDocumentMapper.RULES_VERSION
            + "\nmapping="
            + mapper.settings()
            + "\nschema="
            + snapshot.schemaFingerprint()
            + "\nencoding="
            + sink.encodingVersion();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private RunReport finish(
      RunState state, RunOptions options, RunStatus status, Optional<Throwable> cause) {
    Optional<String> failure =
        cause.map(
            e ->
                sentence(e)
                    + (state.tally.uncertain() > 0
                        ? " The last batch's writes of "
                            + state.tally.uncertain()
                            + " orders could not be confirmed; the next run settles them."
                        : ""));
    RunRecord record =
        state.record(status, Optional.of(clock.instant().truncatedTo(ChronoUnit.MILLIS)), failure);
    if (!state.reported.compareAndSet(false, true)) {
      // The caller was already answered (a cancel that the work outlived); nothing to record twice.
      LOG.info("run {}: background work ended ({})", record.id(), status.label());
      return new RunReport(record, options.dryRun(), cause);
    }
    if (!options.dryRun()) {
      saveBounded(record);
    }
    RunCounts counts = record.counts();
    LOG.info(
        "run {} {}: {} inserted, {} updated, {} unchanged, {} rejected, {} deleted, {} stale",
        record.id(),
        status.label(),
        counts.inserted(),
        counts.updated(),
        counts.unchanged(),
        counts.rejected(),
        counts.deleted(),
        counts.stale());
    return new RunReport(record, options.dryRun(), cause);
  }

  /** One sentence for a failure: the exception's own message, which layers write for people. */
  static String sentence(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  static RunCounts countsOf(List<TargetComparison> comparisons) {
    long inserted = 0;
    long updated = 0;
    long unchanged = 0;
    long rejected = 0;
    for (TargetComparison c : comparisons) {
      switch (c.state()) {
        case NEW -> inserted++;
        case CHANGED -> updated++;
        case UNCHANGED -> unchanged++;
        case REJECTED -> rejected++;
      }
    }
    return new RunCounts(inserted, updated, unchanged, rejected);
  }

  /**
   * One run's identity and how it compares, plus its tally: written by the run's work, read for the
   * report also by the calling thread when a cancel outlives the work (hence synchronized).
   */
  static final class RunState {
    final String runId;
    final Instant startedAt;
    final Map<String, String> settings;
    final RunTally tally = new RunTally();

    /** Whether the run's end was recorded and reported (by the work, or by a cancel's timeout). */
    final java.util.concurrent.atomic.AtomicBoolean reported =
        new java.util.concurrent.atomic.AtomicBoolean();

    Optional<SyncMode> mode = Optional.empty();
    String reason = "";

    RunState(String runId, Instant startedAt, Map<String, String> settings) {
      this.runId = runId;
      this.startedAt = startedAt;
      this.settings = settings;
    }

    synchronized void sync(SyncMode chosen, String why) {
      mode = Optional.of(chosen);
      reason = why;
    }

    synchronized RunRecord record(
        RunStatus status, Optional<Instant> endedAt, Optional<String> failure) {
      return new RunRecord(
          runId,
          startedAt,
          endedAt,
          status,
          tally.counts(),
          settings,
          tally.issues(),
          failure,
          mode.map(m -> new SyncReport(m, reason, tally.gone())));
    }
  }
}
