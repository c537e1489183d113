package dev.ferry.engine;

import dev.ferry.core.MappingResult;
import dev.ferry.core.OrderDocumentMapper;
import dev.ferry.core.PromotionDay;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run: read → transform → write in batches, with progress, cancellation and run history.
 *
 * <p>Contract: {@link #migrate} reads every source order once from one snapshot, maps it with the
 * core rules and hands each batch to the sink, which writes idempotently; so a run may be repeated,
 * overlapped with another or cancelled at any point and the next run converges to the same target.
 * The run is recorded in the run log when it starts, every few seconds and when it ends (except dry
 * runs, which write nothing at all). It never throws for a failure of the source or the sink: the
 * report says {@code failed} with a one-sentence cause; cancellation ends it as {@code cancelled}
 * within one batch or one blocked query.
 */
public final class MigrationEngine {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationEngine.class);
  private static final long CHECKPOINT_NANOS = 5_000_000_000L;
  private static final int MAX_PROMOTION_ISSUES = 1000;

  /** Batches read ahead while one is written: enough to overlap, few enough to keep memory flat. */
  private static final int READ_AHEAD_BATCHES = 2;

  private final OrderSource source;
  private final OrderSink sink;
  private final OrderDocumentMapper mapper;
  private final Executor readAhead;
  private final Clock clock;

  /**
   * An engine that reads ahead on {@code readAhead} (one task per run, for the run's duration; the
   * caller owns the executor).
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
    Map<String, PromotionIssue> issues = new LinkedHashMap<>();
    RunState state = new RunState(runId, startedAt, settings, issues);
    LOG.info("run {} started: {} → {}", runId, source.describe(), sink.describe());
    try {
      if (!options.dryRun()) {
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

  /** Opens one snapshot and carries every order of it; throws on failure or cancellation. */
  private RunReport runOn(
      RunOptions options,
      ProgressListener listener,
      CancellationToken cancel,
      RunState state,
      long startNanos) {
    try (OrderReader reader = source.open(OrderSelection.all())) {
      cancel.onCancel(reader::cancel);
      cancel.throwIfCancelled();
      long total = reader.count();
      listener.onProgress(RunProgress.of(state.runId, 0, total, RunCounts.ZERO, 0));
      try (ReadAhead batches =
          new ReadAhead(reader, mapper, options.batchSize(), READ_AHEAD_BATCHES, readAhead)) {
        runBatches(batches, options, listener, cancel, state, total, startNanos);
      }
    }
    return finish(state, options, RunStatus.COMPLETED, Optional.empty());
  }

  /** Writes batch after batch (while the next ones are read), reporting progress after each. */
  private void runBatches(
      ReadAhead batches,
      RunOptions options,
      ProgressListener listener,
      CancellationToken cancel,
      RunState state,
      long total,
      long startNanos) {
    String runId = state.runId;
    long lastCheckpoint = System.nanoTime();
    List<MappingResult> batch;
    do {
      batch = batches.next(cancel);
      batch.forEach(result -> notePromotionIssue(result, state.issues));
      cancel.throwIfCancelled();
      if (!batch.isEmpty()) {
        state.counts =
            state.counts.plus(
                options.dryRun() ? countsOf(sink.compare(batch)) : sink.write(batch, runId));
        state.processed += batch.size();
      }
      listener.onProgress(
          RunProgress.of(
              runId, state.processed, total, state.counts, System.nanoTime() - startNanos));
      if (!options.dryRun() && System.nanoTime() - lastCheckpoint > CHECKPOINT_NANOS) {
        sink.runLog().save(state.record(RunStatus.RUNNING, Optional.empty(), Optional.empty()));
        lastCheckpoint = System.nanoTime();
      }
    } while (!batch.isEmpty());
  }

  private RunReport finish(
      RunState state, RunOptions options, RunStatus status, Optional<Throwable> cause) {
    Optional<String> failure = cause.map(MigrationEngine::sentence);
    RunRecord record =
        state.record(status, Optional.of(clock.instant().truncatedTo(ChronoUnit.MILLIS)), failure);
    if (!options.dryRun()) {
      try {
        sink.runLog().save(record);
      } catch (RuntimeException e) {
        // The target may be the thing that failed; the report still reaches the caller.
        LOG.warn("could not record run {} in the run history: {}", record.id(), e.toString());
      }
    }
    LOG.info(
        "run {} {}: {} inserted, {} updated, {} unchanged, {} rejected",
        record.id(),
        status.label(),
        record.counts().inserted(),
        record.counts().updated(),
        record.counts().unchanged(),
        record.counts().rejected());
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

  private static void notePromotionIssue(MappingResult result, Map<String, PromotionIssue> issues) {
    if (result instanceof MappingResult.Accepted accepted
        && accepted.promotion() instanceof PromotionDay.NotUnderstood notUnderstood
        && issues.size() < MAX_PROMOTION_ISSUES) {
      String client = accepted.document().clientUid();
      issues.putIfAbsent(client, new PromotionIssue(client, notUnderstood.raw()));
    }
  }

  /** Mutable state of one run, confined to the run's thread. */
  private static final class RunState {
    final String runId;
    final Instant startedAt;
    final Map<String, String> settings;
    final Map<String, PromotionIssue> issues;
    RunCounts counts = RunCounts.ZERO;
    long processed;

    RunState(
        String runId,
        Instant startedAt,
        Map<String, String> settings,
        Map<String, PromotionIssue> issues) {
      this.runId = runId;
      this.startedAt = startedAt;
      this.settings = settings;
      this.issues = issues;
    }

    RunRecord record(RunStatus status, Optional<Instant> endedAt, Optional<String> failure) {
      return new RunRecord(
          runId,
          startedAt,
          endedAt,
          status,
          counts,
          settings,
          List.copyOf(issues.values()),
          failure);
    }
  }
}
