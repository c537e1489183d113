package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.ProgressListener;
import dev.ferry.engine.RunOptions;
import dev.ferry.tunnel.HostKeyPrompt;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Run screen's reject list, read over the session's own target client. */
class RejectListTest {

  @Test
  void listsTheFirstRejectsByUidWithTheirReasonsDuringAndAfterARun(@TempDir Path data) {
    try (DemoEnvironment demo = DemoEnvironment.start(data, 400)) {
      JobSettings job = demo.job();
      try (FerrySession session = FerrySession.open(job, HostKeyPrompt.REFUSE)) {
        assertThat(RejectList.read(session, 10)).as("before any run").isEmpty();

        long rejected =
            session
                .engine()
                .migrate(
                    new RunOptions(100, false, Map.of()),
                    ProgressListener.NONE,
                    new CancellationToken())
                .run()
                .counts()
                .rejected();

        List<RejectList.Reject> all = RejectList.read(session, 1000);
        assertThat(all).hasSize((int) rejected).isNotEmpty();
        assertThat(all).allSatisfy(r -> assertThat(r.reasons()).isNotEmpty());
        assertThat(all.stream().map(RejectList.Reject::uid).toList()).isSorted();
        assertThat(RejectList.read(session, 3)).containsExactlyElementsOf(all.subList(0, 3));
      }
    }
  }
}
