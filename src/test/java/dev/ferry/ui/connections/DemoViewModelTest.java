package dev.ferry.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.DemoEnvironment;
import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.common.Workspace;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Demo profile alone, over a real embedded demo already running in the workspace. */
class DemoViewModelTest {
  @TempDir Path data;

  @Test
  void aRunningDemoFillsTheFormsTurnsSshOffAndConnects() {
    Workspace workspace = new Workspace(new SameThreadUiExecutor(), 10);
    ConnectionTasks tasks = new ConnectionTasks(workspace);
    PostgresFormViewModel postgres = new PostgresFormViewModel(tasks, name -> Optional.empty());
    MongoFormViewModel mongo = new MongoFormViewModel(tasks);
    SshFormViewModel ssh = new SshFormViewModel();
    AtomicInteger connects = new AtomicInteger();
    AtomicInteger filled = new AtomicInteger();
    DemoViewModel demo = new DemoViewModel(tasks, postgres, mongo, ssh, connects::incrementAndGet);
    demo.setOnFilled(filled::incrementAndGet);
    postgres.passwordProperty().set("left over");
    ssh.enabledProperty().set(true);
    try (DemoEnvironment running = DemoEnvironment.start(data, 30)) {
      workspace.demoProperty().set(running);

      demo.start();

      assertThat(postgres.settings().jdbcUrl())
          .isEqualTo(running.postgresJdbcUrl() + "?sslmode=disable");
      assertThat(postgres.userProperty().get()).isEqualTo(DemoEnvironment.READER);
      assertThat(postgres.passwordProperty().get()).isEmpty();
      assertThat(mongo.settings().database()).isEqualTo(DemoEnvironment.TARGET_DATABASE);
      assertThat(ssh.enabledProperty().get()).isFalse();
      assertThat(filled).hasValue(1);
      assertThat(connects).hasValue(1);
      assertThat(tasks.messageProperty().get()).isEqualTo("Demo databases started: 30 orders.");
    }
  }
}
