package dev.ferry.ui.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.DemoDataGenerator;
import dev.ferry.app.FerrySession;
import dev.ferry.app.JobSettings;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.Secret;
import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.ProgressListener;
import dev.ferry.engine.RunOptions;
import dev.ferry.engine.RunReport;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.tunnel.HostKeyPrompt;
import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.Workspace;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The History screen's state without a robot, against a real PostgreSQL and Mongo wire server: the
 * runs recorded in the target, newest first, the selected run's details, and a target that does not
 * answer.
 */
class HistoryViewModelTest {
  private final List<ErrorInfo> errors = new ArrayList<>();
  private Workspace workspace;
  private HistoryViewModel model;

  @BeforeEach
  void model() {
    workspace = new Workspace(new SameThreadUiExecutor(), 10);
    workspace.addErrorListener(errors::add);
    model = new HistoryViewModel(workspace);
  }

  @AfterEach
  void close() {
    workspace.close();
  }

  private static JobSettings job(MongoSettings target) throws Exception {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    try (Connection c = db.superuserConnection()) {
      DemoDataGenerator.createSchema(c);
      DemoDataGenerator.seed(c, 20, 7);
    }
    return JobSettings.of(
        PostgresSettings.of(db.jdbcUrl(), db.user(), Optional.of(Secret.of(db.password()))),
        target,
        MappingSettings.defaults());
  }

  private static JobSettings job() throws Exception {
    return job(
        MongoSettings.of(MongoTestSupport.connectionString(), MongoTestSupport.freshDatabase()));
  }

  private static RunReport migrate(FerrySession session) {
    return session
        .engine()
        .migrate(
            new RunOptions(10, false, Map.of("target", "history-test")),
            ProgressListener.NONE,
            new CancellationToken());
  }

  @Test
  void withoutAConnectionThereIsNoHistory() {
    model.refresh();

    assertThat(model.runs()).isEmpty();
    assertThat(model.messageProperty().get()).isEqualTo("Connect to see the run history.");
  }

  @Test
  void aTargetWithoutRunsSaysSo() throws Exception {
    JobSettings job = job();

    workspace.replaceSession(FerrySession.open(job, HostKeyPrompt.REFUSE));

    assertThat(model.runs()).isEmpty();
    assertThat(model.messageProperty().get())
        .isEqualTo("No runs yet in " + job.target().describe() + ".");
    assertThat(model.loadingProperty().get()).isFalse();
  }

  @Test
  void theRunsOfTheTargetAreListedNewestFirstWithTheSelectedOnesDetails() throws Exception {
    JobSettings job = job();
    RunReport first;
    RunReport second;
    try (FerrySession session = FerrySession.open(job, HostKeyPrompt.REFUSE)) {
      first = migrate(session);
      second = migrate(session);
    }

    workspace.replaceSession(FerrySession.open(job, HostKeyPrompt.REFUSE));

    assertThat(model.runs())
        .extracting(r -> r.record().id())
        .containsExactly(second.run().id(), first.run().id());
    assertThat(model.messageProperty().get())
        .isEqualTo("2 runs in " + job.target().database() + ".ferry_runs");
    HistoryViewModel.Row row = model.runs().get(1);
    assertThat(row.status()).isEqualTo("completed");
    assertThat(row.duration()).endsWith(" s");

    model.selectedProperty().set(row);

    assertThat(model.detailsProperty().get())
        .startsWith("Run " + first.run().id() + "\nStatus: completed\n")
        .contains(
            String.format(
                "Counts: %,d inserted, %,d updated, %,d unchanged, %,d rejected",
                first.run().counts().inserted(),
                first.run().counts().updated(),
                first.run().counts().unchanged(),
                first.run().counts().rejected()))
        .contains("  target = history-test");
    model.selectedProperty().set(null);
    assertThat(model.detailsProperty().get()).isEmpty();
  }

  @ParameterizedTest(name = "{0}, dry run {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1:27027/ferry_demo.orders | false | orders in ferry_demo on 127.0.0.1:27027",
        "db1:27017,db2:27017/shop.orders | true | orders in shop on db1:27017,db2:27017 (dry run)",
        "db1:27017/shop.orders.archive | false | orders.archive in shop on db1:27017",
        "history-test | false | history-test",
        "'' | true | ' (dry run)'",
      })
  void aRunsTargetNamesItsCollectionFirstSoThatRunsIntoDifferentCollectionsDiffer(
      String recorded, boolean dryRun, String shown) {
    assertThat(HistoryViewModel.target(recorded, dryRun)).isEqualTo(shown);
  }

  @Test
  void aTargetThatDoesNotAnswerIsReportedNotListed() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    JobSettings job =
        job(
            MongoSettings.of(
                "mongodb://127.0.0.1:" + closed + "/?serverSelectionTimeoutMS=1000", "nowhere"));

    workspace.replaceSession(FerrySession.open(job, HostKeyPrompt.REFUSE));

    assertThat(model.runs()).isEmpty();
    assertThat(model.loadingProperty().get()).isFalse();
    assertThat(errors).singleElement().extracting(ErrorInfo::title).isEqualTo("History");
  }
}
