package dev.ferry.engine;

import dev.ferry.core.CodePointOrder;
import dev.ferry.core.MappingResult;
import dev.ferry.core.OrderDocumentMapper;
import dev.ferry.core.PromotionDay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
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

  /** Bounds the run record's list of clients with unreadable promotion values (a few KB). */
  private static final int MAX_PROMOTION_ISSUES = 1000;

  /** Batches read ahead while one is written: enough to overlap, few enough to keep memory flat. */
  private static final int READ_AHEAD_BATCHES = 2;

  /**
   * Target entries without a source order that a full comparison holds in memory (about 20 MB);
   * beyond that the run still removes or counts what it found, and leaves the sync state for a
   * later run to complete.
   */
  static final int MAX_ORPHANS = 200_000;

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

  /** Ids per source lookup when a full comparison looks for entries without a source order. */
  private static final int ORPHAN_LOOKUP = 10_000;

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
    String runId = UUID.randomUUID().toString();
    Instant startedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    long startNanos = System.nanoTime();
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
    RunState state = new RunState(runId, startedAt, settings);
    LOG.info("run {} started: {} → {}", runId, source.describe(), sink.describe());
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
      LOG.info("run {} cancelled after {} orders", runId, state.processed);
      return finish(state, options, RunStatus.CANCELLED, Optional.empty());
    } catch (RuntimeException e) {
      if (cancel.isCancelled()) {
        // A driver interrupted by the cancel hook reports its own error; the cause is the cancel.
        LOG.info("run {} cancelled after {} orders ({})", runId, state.processed, e.toString());
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
    try (SourceSnapshot snapshot = source.openSnapshot()) {
      cancel.onCancel(snapshot::cancel);
      cancel.throwIfCancelled();
      long total = snapshot.count();
      listener.onProgress(RunProgress.of(state.runId, 0, total, RunCounts.ZERO, 0));
      TargetSync target = sink.openSync(state.runId, options.dryRun(), options.compare());
      try {
        String fingerprint = settingsFingerprint(snapshot);
        Plan plan = plan(options, target, snapshot, fingerprint, state, cancel);
        LOG.info("run {}: {} ({})", state.runId, plan.mode.label(), plan.reason);
        try (plan) {
          Supplier<Optional<SyncBatch.Ready>> prepared =
              () ->
                  plan.producer
                      .get()
                      .map(b -> new SyncBatch.Ready(target.prepare(b.events()), b.sourceOrders()));
          try (ReadAhead<SyncBatch.Ready> batches =
              new ReadAhead<>(prepared, READ_AHEAD_BATCHES, readAhead, snapshot::cancel)) {
            runBatches(batches, target, options, listener, cancel, state, total, startNanos);
          }
        }
        if (plan.complete) {
          target.complete(
              new SyncWatermark(
                  fingerprint, snapshot.changeToken(), List.copyOf(state.issues.values())));
        } else {
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

  /** Chooses how to compare, from the options, the sync state and what the source can tell. */
  private Plan plan(
      RunOptions options,
      TargetSync target,
      SourceSnapshot snapshot,
      String fingerprint,
      RunState state,
      CancellationToken cancel) {
    StateTrust trust = target.trust();
    if (options.compare() == CompareMode.FULL || !trust.trusted()) {
      String reason =
          options.compare() == CompareMode.FULL
              ? "a full comparison was asked for"
              : trust.reason() + "; every document is compared and the sync state rebuilt";
      Orphans orphans = findOrphans(target, snapshot, cancel);
      OrderReader reader = snapshot.read(OrderSelection.all());
      Plan plan =
          new Plan(
              SyncMode.FULL_COMPARE,
              orphans.overflow
                  ? reason
                      + "; more than "
                      + MAX_ORPHANS
                      + " target entries have no source order, a later run handles the rest"
                  : reason,
              new FullReadSync(
                  reader, mapper, orphans.entries(), options.deleteMissing(), options.batchSize()),
              reader,
              !orphans.overflow);
      state.sync(plan.mode, plan.reason);
      return plan;
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
      SourceSnapshot.FeedOrReason feed = snapshot.changesSince(watermark.get().sourceToken().get());
      if (feed instanceof SourceSnapshot.FeedOrReason.Feed changes) {
        state.carryOver(watermark.get().promotionIssues());
        Plan plan =
            new Plan(
                SyncMode.INCREMENTAL,
                "only orders the source changed since the last completed run were read",
                new IncrementalSync(
                    changes.feed(),
                    snapshot,
                    mapper,
                    target.entries(),
                    options.deleteMissing(),
                    options.batchSize()),
                changes.feed(),
                true);
        state.sync(plan.mode, plan.reason);
        return plan;
      }
      why = ((SourceSnapshot.FeedOrReason.Unavailable) feed).reason();
    }
    OrderReader reader = snapshot.read(OrderSelection.all());
    Plan plan =
        new Plan(
            SyncMode.STATE,
            why + "; every order is read and compared with the sync state",
            new FullReadSync(
                reader, mapper, target.entries(), options.deleteMissing(), options.batchSize()),
            reader,
            true);
    state.sync(plan.mode, plan.reason);
    return plan;
  }

  /**
   * For a full comparison: the target's documents and rejects whose order is not in the snapshot,
   * found by checking every target id against the source (the sync state is not trusted).
   */
  private Orphans findOrphans(
      TargetSync target, SourceSnapshot snapshot, CancellationToken cancel) {
    Orphans orphans = new Orphans();
    target.forEachTargetId(
        ORPHAN_LOOKUP,
        (ids, kind) -> {
          cancel.throwIfCancelled();
          Set<String> existing = snapshot.existingOrderIds(ids);
          for (String id : ids) {
            if (!existing.contains(id)) {
              orphans.add(id, kind);
            }
          }
        });
    if (!orphans.byUid.isEmpty()) {
      LOG.info("{} target entries have no order in the source", orphans.byUid.size());
    }
    return orphans;
  }

  /** Writes batch after batch (while the next ones are produced), reporting progress after each. */
  private void runBatches(
      ReadAhead<SyncBatch.Ready> batches,
      TargetSync target,
      RunOptions options,
      ProgressListener listener,
      CancellationToken cancel,
      RunState state,
      long total,
      long startNanos) {
    long[] lastCheckpoint = {System.nanoTime()};
    Runnable checkpoint =
        () -> {
          if (!options.dryRun() && System.nanoTime() - lastCheckpoint[0] > CHECKPOINT_NANOS) {
            sink.runLog().save(state.record(RunStatus.RUNNING, Optional.empty(), Optional.empty()));
            target.heartbeat();
            lastCheckpoint[0] = System.nanoTime();
          }
        };
    Optional<SyncBatch.Ready> next;
    // The checkpoint also runs while waiting for the source (a long first sort), so the run's
    // heartbeat never stops while it is alive.
    while ((next = batches.next(cancel, checkpoint)).isPresent()) {
      SyncBatch.Ready batch = next.get();
      for (SyncEvent event : batch.batch().events()) {
        state.note(event);
      }
      cancel.throwIfCancelled();
      try {
        state.counts = state.counts.plus(target.apply(batch.batch()));
      } catch (PartialWriteException e) {
        // Counted as far as it landed, so the report matches the target.
        state.counts = state.counts.plus(e.landed());
        state.uncertain = e.uncertain();
        throw e;
      }
      state.processed += batch.sourceOrders();
      listener.onProgress(
          RunProgress.of(
              state.runId, state.processed, total, state.counts, System.nanoTime() - startNanos));
      checkpoint.run();
    }
    listener.onProgress(
        RunProgress.of(
            state.runId, state.processed, total, state.counts, System.nanoTime() - startNanos));
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
                    + (state.uncertain > 0
                        ? " The last batch's writes of "
                            + state.uncertain
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

  /** How this run compares, what produces its batches, and what to close after. */
  private static final class Plan implements AutoCloseable {
    final SyncMode mode;
    final String reason;
    final Supplier<Optional<SyncBatch>> producer;
    final AutoCloseable resource;

    /** Whether the whole target is known once every batch is applied. */
    final boolean complete;

    Plan(
        SyncMode mode,
        String reason,
        Supplier<Optional<SyncBatch>> producer,
        AutoCloseable resource,
        boolean complete) {
      this.mode = mode;
      this.reason = reason;
      this.producer = producer;
      this.resource = resource;
      this.complete = complete;
    }

    @Override
    public void close() {
      try {
        resource.close();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Target entries without a source order, sorted by uid, at most {@link #MAX_ORPHANS}. */
  private static final class Orphans {
    final TreeMap<String, TargetEntry.Kind> byUid = new TreeMap<>(CodePointOrder.INSTANCE);
    boolean overflow;

    void add(String uid, TargetEntry.Kind kind) {
      if (byUid.containsKey(uid)) {
        // In both collections (left by an interrupted run): the document is what counts.
        byUid.put(uid, TargetEntry.Kind.DOCUMENT);
      } else if (byUid.size() < MAX_ORPHANS) {
        byUid.put(uid, kind);
      } else {
        overflow = true;
      }
    }

    Iterator<TargetEntry> entries() {
      return byUid.entrySet().stream()
          .map(e -> new TargetEntry(e.getKey(), e.getValue(), Fingerprint.UNKNOWN, 0))
          .iterator();
    }
  }

  /**
   * Mutable state of one run: written by the run's work, read for the report also by the calling
   * thread when a cancel outlives the work (hence synchronized and volatile).
   */
  private static final class RunState {
    final String runId;
    final Instant startedAt;
    final Map<String, String> settings;
    final Map<String, PromotionIssue> issues = new LinkedHashMap<>();
    final List<String> gone = new ArrayList<>();

    /** Whether the run's end was recorded and reported (by the work, or by a cancel's timeout). */
    final java.util.concurrent.atomic.AtomicBoolean reported =
        new java.util.concurrent.atomic.AtomicBoolean();

    volatile RunCounts counts = RunCounts.ZERO;
    volatile long processed;

    /** Orders of a failed last batch whose writes could be neither confirmed nor ruled out. */
    long uncertain;

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

    /** Starts from the issues of orders this run will not read (an incremental run). */
    synchronized void carryOver(List<PromotionIssue> previous) {
      for (PromotionIssue issue : previous) {
        if (issues.size() < MAX_PROMOTION_ISSUES) {
          issues.put(issue.clientUid(), issue);
        }
      }
    }

    synchronized void note(SyncEvent event) {
      if (event instanceof SyncEvent.Mapped mapped
          && mapped.result() instanceof MappingResult.Accepted accepted) {
        String client = accepted.document().clientUid();
        if (accepted.promotion() instanceof PromotionDay.NotUnderstood notUnderstood) {
          if (issues.size() < MAX_PROMOTION_ISSUES || issues.containsKey(client)) {
            issues.put(client, new PromotionIssue(client, notUnderstood.raw()));
          }
        } else {
          // Read again and understood now (a carried-over issue that was fixed at the source).
          issues.remove(client);
        }
      } else if (event instanceof SyncEvent.Gone goneEvent && gone.size() < SyncReport.MAX_LISTED) {
        gone.add(goneEvent.uid());
      }
    }

    synchronized RunRecord record(
        RunStatus status, Optional<Instant> endedAt, Optional<String> failure) {
      return new RunRecord(
          runId,
          startedAt,
          endedAt,
          status,
          counts,
          settings,
          List.copyOf(issues.values()),
          failure,
          mode.map(m -> new SyncReport(m, reason, gone)));
    }
  }
}
