package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.ProgressListener;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.RunOptions;
import dev.ferry.engine.RunReport;
import dev.ferry.tunnel.HostKeyPrompt;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoEnvironmentTest {

  private static RunReport migrate(DemoEnvironment demo) {
    JobSettings job = demo.job();
    try (FerrySession session = FerrySession.open(job, HostKeyPrompt.REFUSE)) {
      return session
          .engine()
          .migrate(
              new RunOptions(200, false, Map.of()), ProgressListener.NONE, new CancellationToken());
    }
  }

  @Test
  void theDemoKeepsItsTargetAcrossRestartsSoASecondDemoFindsEverythingUnchanged(
      @TempDir Path data) {
    RunCounts first;
    try (DemoEnvironment demo = DemoEnvironment.start(data, 400)) {
      assertThat(demo.counts().orders()).isEqualTo(400);
      first = migrate(demo).run().counts();
    }
    assertThat(first.inserted()).isPositive();
    assertThat(first.rejected()).isPositive();
    assertThat(first.total()).isEqualTo(400);

    try (DemoEnvironment demo = DemoEnvironment.start(data, 400)) {
      assertThat(migrate(demo).run().counts())
          .isEqualTo(new RunCounts(0, 0, first.inserted(), first.rejected()));
    }
  }
}
