package dev.ferry.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.ConnectionProfiles;
import dev.ferry.app.JobSettings;
import dev.ferry.app.SecretStore;
import dev.ferry.app.Timeouts;
import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Advanced part of the Connections screen: timeouts typed as in a job file, judged by the job
 * file's parser, applied to the job Connect opens, and saved with the profile.
 */
class TimeoutsFormViewModelTest {
  @TempDir Path config;

  private final Workspace workspace = new Workspace(new SameThreadUiExecutor(), 10);
  private final List<ErrorInfo> errors = new ArrayList<>();

  private ConnectionsViewModel model() {
    workspace.addErrorListener(errors::add);
    ConnectionsViewModel m =
        new ConnectionsViewModel(
            workspace,
            new ConnectionProfiles(config),
            name -> Optional.empty(),
            SecretStore.none(SecretStore.NO_KEYCHAIN));
    m.postgres().hostProperty().set("db.example.com");
    m.postgres().databaseProperty().set("shop");
    m.postgres().userProperty().set("reader");
    m.mongo().databaseProperty().set("target");
    return m;
  }

  @Test
  void theFieldsStartAtTheJobFileDefaults() {
    TimeoutsFormViewModel form = new TimeoutsFormViewModel();

    assertThat(form.connectProperty().get()).isEqualTo("10s");
    assertThat(form.readProperty().get()).isEqualTo("30s");
    assertThat(form.serverSelectionProperty().get()).isEqualTo("10s");
    assertThat(form.queryProperty().get()).isEqualTo("30m");
    assertThat(form.timeouts()).isEqualTo(Timeouts.DEFAULTS);
    assertThat(form.problemProperty().get()).isEmpty();
  }

  @Test
  void aTimeoutThatCannotBeReadIsNamedInTheParsersWordsUntilItIsFixed() {
    TimeoutsFormViewModel form = new TimeoutsFormViewModel();

    form.readProperty().set("ten seconds");

    String sentence =
        "Read timeout: \"ten seconds\" is not a duration; write a whole number with a unit:"
            + " 500ms, 30s, 5m, 1h.";
    assertThat(form.problemProperty().get()).isEqualTo(sentence);
    assertThatThrownBy(form::timeouts).hasMessage(sentence);

    form.readProperty().set("0s");
    assertThat(form.problemProperty().get())
        .isEqualTo("Read timeout: \"0s\" is no time at all; give it at least 1s.");

    form.readProperty().set(" 2M ");
    assertThat(form.problemProperty().get()).isEmpty();
    assertThat(form.timeouts().read()).isEqualTo(Duration.ofMinutes(2));

    form.readProperty().set("");
    assertThat(form.timeouts().read()).isEqualTo(Timeouts.DEFAULTS.read());
  }

  @Test
  void theTimeoutsBoundTheJobConnectOpensOnBothEnds() {
    ConnectionsViewModel m = model();
    m.timeouts().connectProperty().set("5s");
    m.timeouts().readProperty().set("2m");
    m.timeouts().serverSelectionProperty().set("3s");
    m.timeouts().queryProperty().set("1h");

    JobSettings job = m.job();

    assertThat(job.source().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(job.source().readTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(job.source().queryTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(job.target().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(job.target().serverSelectionTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(job.target().socketTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void connectWithAnUnreadableOrOutOfRangeTimeoutSaysSoWithoutTouchingTheNetwork() {
    ConnectionsViewModel m = model();
    m.timeouts().queryProperty().set("forever");

    m.connect();

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).cause()).startsWith("Query timeout: \"forever\" is not a duration");
    assertThat(workspace.session()).isNull();

    m.timeouts().queryProperty().set("30m");
    m.timeouts().connectProperty().set("2h");
    m.connect();

    assertThat(errors).hasSize(2);
    assertThat(errors.get(1).cause())
        .startsWith("The connect timeout must be between 1 second and 10 minutes");
  }

  @Test
  void theTestButtonsWaitUnderTheSameTimeoutsAndSayWhenOneCannotBeRead() {
    ConnectionsViewModel m = model();
    m.timeouts().connectProperty().set("soon");

    m.testPostgres();
    m.testMongo();

    String sentence =
        "Connect timeout: \"soon\" is not a duration; write a whole number with a unit: 500ms,"
            + " 30s, 5m, 1h.";
    assertThat(m.postgres().testResultProperty().get()).isEqualTo(sentence);
    assertThat(m.postgres().testStateProperty().get()).isEqualTo(TestState.FAILED);
    assertThat(m.mongo().testResultProperty().get()).isEqualTo(sentence);
    assertThat(m.mongo().testStateProperty().get()).isEqualTo(TestState.FAILED);
  }

  @Test
  void theTimeoutsAreSavedWithTheProfileAndComeBackWithIt() throws Exception {
    ConnectionsViewModel m = model();
    m.timeouts().connectProperty().set("20s");
    m.timeouts().readProperty().set("2m");
    m.profiles().nameProperty().set("slow-droplet");
    m.profiles().save();

    assertThat(Files.readString(config.resolve(ConnectionProfiles.FILE)))
        .contains("timeoutConnect=20s", "timeoutRead=2m", "timeoutQuery=30m");

    ConnectionsViewModel next = model();
    next.profiles().select("slow-droplet");

    assertThat(next.timeouts().connectProperty().get()).isEqualTo("20s");
    assertThat(next.timeouts().readProperty().get()).isEqualTo("2m");
    assertThat(next.timeouts().serverSelectionProperty().get()).isEqualTo("10s");
    assertThat(next.job().source().connectTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void aProfileIsNotSavedWithATimeoutThatCannotBeRead() {
    ConnectionsViewModel m = model();
    m.timeouts().connectProperty().set("10 sec");
    m.profiles().nameProperty().set("client-b");

    m.profiles().save();

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).cause()).startsWith("Connect timeout: \"10 sec\" is not a duration");
    assertThat(new ConnectionProfiles(config).load()).isEmpty();
  }
}
