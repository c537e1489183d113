package dev.ferry.ui.run;

import dev.ferry.app.FerrySession;
import dev.ferry.app.RejectList;
import dev.ferry.app.RejectPolicy;
import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.CompareMode;
import dev.ferry.engine.ProgressListener;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.RunOptions;
import dev.ferry.engine.RunProgress;
import dev.ferry.engine.RunReport;
import dev.ferry.engine.RunStatus;
import dev.ferry.engine.VerificationReport;
import dev.ferry.ui.common.Counts;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.Workspace;
import dev.ferry.ui.fx.Coalescer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Run screen: start (or dry-run) a migration in the background, follow
 * its progress, cancel it, and verify the result.
 *
 * <p>Contract: at most one run at a time; progress events from the run's thread are coalesced so
 * the UI thread sees at most one pending update; at the end the counts shown are exactly the
 * engine's {@link RunReport} counts. {@link #cancel()} asks the engine to stop, which it does
 * within one batch. A run (not a dry run) follows the workspace's reject policy, set by the mapping
 * editor: once more orders are rejected than it allows, the run is cancelled cleanly and the status
 * says why.
 */
public final class RunViewModel {
  /** How many rejects the summary lists. */
  public static final int MAX_REJECTS_SHOWN = 200;

  /** The status line while no session is open. */
  static final String NOT_CONNECTED = "Not connected: connect first (Connections screen).";

  /** How often at most the rejects table is read again while a run rejects orders. */
  private static final long REJECTS_REFRESH_NANOS = 1_000_000_000L;

  /**
   * One point of the throughput chart.
   *
   * @param seconds seconds since the start
   * @param ordersPerSecond orders per second over the last interval
   */
  public record ThroughputPoint(double seconds, double ordersPerSecond) {}

  private final Workspace workspace;
  private final BooleanProperty dryRun = new SimpleBooleanProperty(this, "dryRun");
  private final BooleanProperty deleteMissing = new SimpleBooleanProperty(this, "deleteMissing");
  private final ObjectProperty<Integer> batchSize =
      new SimpleObjectProperty<>(this, "batchSize", RunOptions.DEFAULT_BATCH_SIZE);
  private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
  private final BooleanProperty verifying = new SimpleBooleanProperty(this, "verifying");
  private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
  private final LongProperty processed = new SimpleLongProperty(this, "processed");
  private final LongProperty total = new SimpleLongProperty(this, "total");
  private final LongProperty inserted = new SimpleLongProperty(this, "inserted");
  private final LongProperty updated = new SimpleLongProperty(this, "updated");
  private final LongProperty unchanged = new SimpleLongProperty(this, "unchanged");
  private final LongProperty rejected = new SimpleLongProperty(this, "rejected");
  private final LongProperty deleted = new SimpleLongProperty(this, "deleted");
  private final StringProperty processedText = new SimpleStringProperty(this, "processedText", "–");
  private final StringProperty rateText = new SimpleStringProperty(this, "rateText", "–");
  private final StringProperty etaText = new SimpleStringProperty(this, "etaText", "–");
  private final StringProperty statusText =
      new SimpleStringProperty(this, "statusText", NOT_CONNECTED);
  private final ObjectProperty<RunReport> lastReport = new SimpleObjectProperty<>(this, "report");
  private final StringProperty summary = new SimpleStringProperty(this, "summary", "");
  private final StringProperty verification = new SimpleStringProperty(this, "verification", "");
  private final ObservableList<ThroughputPoint> throughput = FXCollections.observableArrayList();
  private final ObservableList<RejectList.Reject> rejects = FXCollections.observableArrayList();
  private final BooleanBinding canStart;

  private CancellationToken token;
  private long lastProcessed;
  private double lastSeconds;
  private RunProgress.Phase phase;
  private boolean dryRunning;
  private boolean cancelling;
  private long rejectsShown;
  private long rejectsReadAt;
  private boolean rejectsReading;
  private int rejectsGeneration;

  /** A view model running jobs over {@code workspace}'s session. */
  public RunViewModel(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    this.canStart =
        Bindings.createBooleanBinding(
            () -> workspace.session() != null && !running.get() && !verifying.get(),
            workspace.sessionProperty(),
            running,
            verifying);
    workspace
        .sessionProperty()
        .addListener(
            (obs, old, session) -> {
              if (!running.get()) {
                statusText.set(ready(session));
              }
            });
  }

  /** The status line of an idle screen: what Start would run against, or that it cannot. */
  private static String ready(FerrySession session) {
    return session == null
        ? NOT_CONNECTED
        : "Ready: Start runs "
            + session.job().source().describe()
            + " → "
            + session.job().target().describe()
            + ".";
  }

  /** Starts a run (a dry run when so chosen) in the background. */
  public void start() {
    FerrySession session = workspace.session();
    if (session == null) {
      workspace.reportError(
          new ErrorInfo(
              "Run",
              "There is no open connection.",
              "Open the Connections screen and connect (or start the demo) first.",
              ""));
      return;
    }
    if (running.get()) {
      return;
    }
    resetLive();
    boolean dry = dryRun.get();
    RunOptions options =
        new RunOptions(
            batchSize.get() == null ? RunOptions.DEFAULT_BATCH_SIZE : batchSize.get(),
            dry,
            session.job().forHistory(),
            deleteMissing.get(),
            CompareMode.STATE);
    CancellationToken cancel = new CancellationToken();
    token = cancel;
    running.set(true);
    statusText.set(dry ? "Dry run: starting…" : "Starting…");
    dryRunning = dry;
    Coalescer<RunProgress> updates = new Coalescer<>(workspace.ui(), this::apply);
    // The mapping editor's reject policy: past its limit the run is cancelled cleanly, as in the
    // CLI.
    RejectPolicy policy = dry ? RejectPolicy.COLLECT : workspace.rejectPolicy();
    AtomicLong tooMany = new AtomicLong(-1);
    ProgressListener shown = throttled(updates);
    ProgressListener listener =
        p -> {
          if (policy.exceededBy(p.counts().rejected())
              && tooMany.compareAndSet(-1, p.counts().rejected())) {
            cancel.cancel();
          }
          shown.onProgress(p);
        };
    workspace
        .ui()
        .submit(
            () -> session.engine().migrate(options, listener, cancel),
            report -> {
              finished(report);
              if (tooMany.get() >= 0) {
                stoppedByPolicy(report, policy, tooMany.get());
              }
            },
            error -> {
              running.set(false);
              cancelling = false;
              etaText.set("–");
              statusText.set("The run could not start.");
              workspace.reportError(ErrorInfo.of("Run", error));
            });
  }

  /**
   * At most ten updates a second reach the UI (plus the last one): more would only make the FX
   * thread lay out and render numbers nobody can read, and on a busy machine that competes with the
   * run for the CPU.
   */
  private static ProgressListener throttled(Coalescer<RunProgress> updates) {
    long[] last = {0};
    RunProgress.Phase[] lastPhase = {null};
    return p -> {
      long now = System.nanoTime();
      // A new phase always passes: before the first batch the events are few, and the screen
      // must not keep saying "planning" while the run already waits for its first orders.
      if (now - last[0] >= 100_000_000L
          || p.processed() >= p.total()
          || p.phase() != lastPhase[0]) {
        last[0] = now;
        lastPhase[0] = p.phase();
        updates.publish(p);
      }
    };
  }

  /** Asks the running migration to stop; it ends as cancelled within one batch. */
  public void cancel() {
    CancellationToken current = token;
    if (current != null && running.get()) {
      cancelling = true;
      statusText.set("Cancelling…");
      current.cancel();
    }
  }

  /** Reconciles the whole target with the source in the background. */
  public void verify() {
    FerrySession session = workspace.session();
    if (session == null || verifying.get() || running.get()) {
      return;
    }
    verifying.set(true);
    verification.set("Verifying…");
    CancellationToken cancel = new CancellationToken();
    workspace
        .ui()
        .submit(
            () -> session.verifier().verify(session.job().batchSize(), progress -> {}, cancel),
            report -> {
              verifying.set(false);
              verification.set(describe(report));
            },
            error -> {
              verifying.set(false);
              verification.set("Verification failed.");
              workspace.reportError(ErrorInfo.of("Verify", error));
            });
  }

  /** Applies one progress event (UI thread). */
  void apply(RunProgress p) {
    if (p.phase() != phase && running.get() && !cancelling) {
      phase = p.phase();
      statusText.set(phaseText(p.phase(), dryRunning));
    }
    if (p.counts().rejected() > rejectsShown) {
      refreshRejectsWhileRunning();
    }
    progress.set(p.fraction());
    processed.set(p.processed());
    total.set(p.total());
    setCounts(p.counts());
    processedText.set(String.format("%,d / %,d", p.processed(), p.total()));
    rateText.set(String.format("%,.0f docs/s", p.ordersPerSecond()));
    etaText.set(p.eta().map(RunViewModel::duration).orElse("–"));
    double seconds = p.elapsed().toMillis() / 1000.0;
    // The interval grows with the run so that a run of hours keeps the chart to a few hundred
    // points.
    double minInterval = Math.max(0.25, seconds / 300);
    if (seconds - lastSeconds >= minInterval || (p.processed() == p.total() && p.total() > 0)) {
      double interval = seconds - lastSeconds;
      if (interval > 0 && p.processed() > lastProcessed) {
        throughput.add(new ThroughputPoint(seconds, (p.processed() - lastProcessed) / interval));
      }
      lastSeconds = seconds;
      lastProcessed = p.processed();
    }
  }

  /** What the run is doing, e.g. "Opening the source snapshot and counting its orders…". */
  static String phaseText(RunProgress.Phase phase, boolean dry) {
    String what = phase.description();
    return dry
        ? "Dry run: " + what + "…"
        : Character.toUpperCase(what.charAt(0)) + what.substring(1) + "…";
  }

  /**
   * The rejects table follows the run: read again (at most once a second, one read at a time)
   * whenever the count of rejects grew, instead of only at the end.
   */
  private void refreshRejectsWhileRunning() {
    long now = System.nanoTime();
    if (rejectsReading || now - rejectsReadAt < REJECTS_REFRESH_NANOS) {
      return;
    }
    rejectsReadAt = now;
    loadRejects();
  }

  private void finished(RunReport report) {
    running.set(false);
    cancelling = false;
    token = null;
    // A run that stopped early has no time left to estimate; a finished one has none either.
    etaText.set("–");
    lastReport.set(report);
    RunCounts counts = report.run().counts();
    // The summary shows the engine's final counts, whatever progress event came last.
    setCounts(counts);
    RunStatus status = report.run().status();
    if (status == RunStatus.COMPLETED) {
      progress.set(1);
    }
    String what = report.dryRun() ? "Dry run " : "Run ";
    statusText.set(what + status.label() + " in " + duration(report.run().duration()) + ".");
    summary.set(
        String.format(
            "%s%s: %,d inserted, %,d updated, %,d unchanged, %,d rejected, %,d deleted%s%s",
            what,
            status.label(),
            counts.inserted(),
            counts.updated(),
            counts.unchanged(),
            counts.rejected(),
            counts.deleted(),
            counts.stale() > 0
                ? String.format(
                    "; %,d %s no longer in the source (kept: tick \"Delete orders gone from the"
                        + " source\" to remove them)",
                    counts.stale(), counts.stale() == 1 ? "order is" : "orders are")
                : "",
            report.run().failure().map(f -> ". " + f).orElse(".")));
    if (status == RunStatus.FAILED) {
      workspace.reportError(
          ErrorInfo.fromSentence(
              "Run",
              report.run().failure().orElse("The run failed."),
              report.cause().map(c -> ErrorInfo.of("Run", c).details()).orElse("")));
    }
    loadRejects();
  }

  private void stoppedByPolicy(RunReport report, RejectPolicy policy, long rejected) {
    String sentence =
        (report.run().status() == RunStatus.CANCELLED ? "Stopped after " : "")
            + Counts.of(rejected, "rejected order")
            + ": the reject policy allows "
            + policy.limit().getAsLong()
            + " (rejects."
            + (policy.mode() == RejectPolicy.Mode.FAIL ? "policy fail" : "max")
            + ", from the mapping editor); the rejects and their reasons are listed below, and the"
            + " target is consistent.";
    statusText.set(sentence);
    summary.set(summary.get() + " " + sentence);
  }

  private void loadRejects() {
    FerrySession session = workspace.session();
    if (session == null) {
      return;
    }
    rejectsReading = true;
    long count = rejected.get();
    // Reads may overlap (a live one and the final one): only the newest is shown.
    int read = ++rejectsGeneration;
    workspace
        .ui()
        .submit(
            () -> RejectList.read(session, MAX_REJECTS_SHOWN),
            list -> {
              rejectsReading = false;
              if (read == rejectsGeneration) {
                rejectsShown = Math.max(rejectsShown, count);
                rejects.setAll(list);
              }
            },
            error -> {
              rejectsReading = false;
              if (read == rejectsGeneration) {
                rejects.clear();
              }
            });
  }

  private void resetLive() {
    progress.set(0);
    processed.set(0);
    total.set(0);
    setCounts(RunCounts.ZERO);
    processedText.set("–");
    rateText.set("–");
    etaText.set("–");
    summary.set("");
    verification.set("");
    throughput.clear();
    rejects.clear();
    lastReport.set(null);
    lastProcessed = 0;
    lastSeconds = 0;
    phase = null;
    rejectsShown = 0;
    rejectsReadAt = 0;
    rejectsReading = false;
    rejectsGeneration++;
  }

  private void setCounts(RunCounts counts) {
    inserted.set(counts.inserted());
    updated.set(counts.updated());
    unchanged.set(counts.unchanged());
    rejected.set(counts.rejected());
    deleted.set(counts.deleted());
  }

  static String describe(VerificationReport r) {
    if (r.matches()) {
      return String.format(
          "Verified: the target matches the source (%,d documents, %,d rejects, Σ total %s).",
          r.targetDocuments(), r.targetRejects(), r.targetTotal().toPlainString());
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "Differences found: %,d (documents %,d expected / %,d in target; rejects %,d / %,d).",
            r.differenceCount(),
            r.expectedDocuments(),
            r.targetDocuments(),
            r.expectedRejects(),
            r.targetRejects()));
    r.differences().stream()
        .limit(10)
        .forEach(d -> lines.add("  " + d.orderUid() + ": " + d.kind() + " " + d.detail()));
    return String.join("\n", lines);
  }

  /** {@code 1 h 02 min}, {@code 3 min 05 s} or {@code 12.3 s}. */
  static String duration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds >= 3600) {
      return String.format("%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }
    if (seconds >= 60) {
      return String.format("%d min %02d s", seconds / 60, seconds % 60);
    }
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  /** Whether Start is possible now. */
  public BooleanBinding canStartBinding() {
    return canStart;
  }

  /** Dry run: compare and count, write nothing. */
  public BooleanProperty dryRunProperty() {
    return dryRun;
  }

  /** Orders per batch. */
  public ObjectProperty<Integer> batchSizeProperty() {
    return batchSize;
  }

  /** True while a run is going. */
  public BooleanProperty runningProperty() {
    return running;
  }

  /** True while a verification is going. */
  public BooleanProperty verifyingProperty() {
    return verifying;
  }

  /** Share done, 0 to 1. */
  public DoubleProperty progressProperty() {
    return progress;
  }

  /** Orders processed. */
  public LongProperty processedProperty() {
    return processed;
  }

  /** Orders in the snapshot. */
  public LongProperty totalProperty() {
    return total;
  }

  /** Documents inserted. */
  public LongProperty insertedProperty() {
    return inserted;
  }

  /** Documents updated. */
  public LongProperty updatedProperty() {
    return updated;
  }

  /** Documents unchanged. */
  public LongProperty unchangedProperty() {
    return unchanged;
  }

  /** Orders rejected. */
  public LongProperty rejectedProperty() {
    return rejected;
  }

  /** Documents and rejects removed because their order is gone from the source. */
  public LongProperty deletedProperty() {
    return deleted;
  }

  /** Whether a run removes documents and rejects whose order is gone from the source. */
  public BooleanProperty deleteMissingProperty() {
    return deleteMissing;
  }

  /** "processed / total". */
  public StringProperty processedTextProperty() {
    return processedText;
  }

  /** Documents per second. */
  public StringProperty rateTextProperty() {
    return rateText;
  }

  /** Estimated time left. */
  public StringProperty etaTextProperty() {
    return etaText;
  }

  /** One line on what is happening. */
  public StringProperty statusTextProperty() {
    return statusText;
  }

  /** The last run's report. */
  public ObjectProperty<RunReport> lastReportProperty() {
    return lastReport;
  }

  /** The last run's summary line. */
  public StringProperty summaryProperty() {
    return summary;
  }

  /** The last verification's result. */
  public StringProperty verificationProperty() {
    return verification;
  }

  /** Throughput over time. */
  public ObservableList<ThroughputPoint> throughput() {
    return throughput;
  }

  /** Rejects in the target's rejects collection after the last run. */
  public ObservableList<RejectList.Reject> rejects() {
    return rejects;
  }

  /** The report of the last run, if any. */
  public Optional<RunReport> lastReport() {
    return Optional.ofNullable(lastReport.get());
  }
}
