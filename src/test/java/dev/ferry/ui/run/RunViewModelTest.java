package dev.ferry.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.RunCounts;
import dev.ferry.engine.RunProgress;
import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.Workspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Run view model without a robot: progress mapping, chart points, no-session handling. */
class RunViewModelTest {
  private final Workspace workspace = new Workspace(new SameThreadUiExecutor(), 10);

  @Test
  void progressEventsBecomeTextCountsAndChartPoints() {
    RunViewModel m = new RunViewModel(workspace);
    m.apply(progress(0, 0));
    m.apply(progress(2_000, 1_000));
    m.apply(progress(4_000, 2_000));
    assertThat(m.progressProperty().get()).isEqualTo(0.4);
    assertThat(m.processedTextProperty().get()).isEqualTo("4,000 / 10,000");
    assertThat(m.rateTextProperty().get()).isEqualTo("2,000 docs/s");
    assertThat(m.etaTextProperty().get()).isEqualTo("3.0 s");
    assertThat(m.insertedProperty().get()).isEqualTo(3_000);
    assertThat(m.rejectedProperty().get()).isEqualTo(100);
    assertThat(m.throughput())
        .extracting(RunViewModel.ThroughputPoint::ordersPerSecond)
        .containsExactly(2_000.0, 2_000.0);
  }

  @Test
  void startingWithoutASessionSaysWhatToDo() {
    List<ErrorInfo> errors = new ArrayList<>();
    workspace.addErrorListener(errors::add);
    RunViewModel m = new RunViewModel(workspace);
    assertThat(m.canStartBinding().get()).isFalse();
    m.start();
    assertThat(errors).singleElement().extracting(ErrorInfo::action).asString().contains("connect");
    assertThat(m.runningProperty().get()).isFalse();
  }

  @Test
  void durationsReadNaturally() {
    assertThat(RunViewModel.duration(Duration.ofMillis(12_345))).isEqualTo("12.3 s");
    assertThat(RunViewModel.duration(Duration.ofSeconds(185))).isEqualTo("3 min 05 s");
    assertThat(RunViewModel.duration(Duration.ofSeconds(3_720))).isEqualTo("1 h 02 min");
  }

  private static RunProgress progress(long processed, long millis) {
    RunCounts counts =
        new RunCounts(processed * 3 / 4, 0, processed / 4 - processed / 40, processed / 40);
    double rate = millis == 0 ? 0 : processed / (millis / 1000.0);
    Optional<Duration> eta =
        rate > 0
            ? Optional.of(Duration.ofMillis((long) ((10_000 - processed) / rate * 1000)))
            : Optional.empty();
    return new RunProgress("run", processed, 10_000, counts, rate, Duration.ofMillis(millis), eta);
  }

  @Test
  void beforeTheFirstBatchTheStatusSaysWhatTheRunIsDoing() {
    RunViewModel m = new RunViewModel(workspace);
    m.runningProperty().set(true);

    m.apply(phased(RunProgress.Phase.OPENING));
    assertThat(m.statusTextProperty().get())
        .isEqualTo("Opening the source snapshot and counting its orders…");
    m.apply(phased(RunProgress.Phase.PLANNING));
    assertThat(m.statusTextProperty().get()).isEqualTo("Reading the target's sync state…");
    m.apply(phased(RunProgress.Phase.FIRST_BATCH));
    assertThat(m.statusTextProperty().get()).startsWith("Reading the first orders");
    m.apply(phased(RunProgress.Phase.RUNNING));
    assertThat(m.statusTextProperty().get()).isEqualTo("Writing…");
    assertThat(RunViewModel.phaseText(RunProgress.Phase.FINISHING, true))
        .isEqualTo("Dry run: recording the run…");
  }

  @Test
  void withoutASessionTheStatusSaysToConnect() {
    RunViewModel m = new RunViewModel(workspace);
    assertThat(m.statusTextProperty().get()).startsWith("Not connected");
  }

  private static RunProgress phased(RunProgress.Phase phase) {
    return new RunProgress(
        "run", 0, 10_000, RunCounts.ZERO, 0, Duration.ofMillis(300), Optional.empty(), phase);
  }
}
