package dev.ferry.ui.connections;

import dev.ferry.app.ConnectionChecks;
import dev.ferry.app.ConnectionProfiles;
import dev.ferry.app.JobSettings;
import dev.ferry.app.KeyringSecretStore;
import dev.ferry.app.SecretStore;
import dev.ferry.core.MappingSettings;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.Workspace;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;

/**
 * State and commands of the Connections screen: its forms ({@link #postgres()}, {@link #mongo()},
 * {@link #ssh()}), the named {@link #profiles()} and the {@link #demo()}, and Connect, which opens
 * the session the other screens use.
 *
 * <p>Contract: every command that touches the network or a file runs through the workspace's
 * executor and reports back on the UI thread; failures reach the user as an {@link ErrorInfo}
 * (Connect) or as a form's test result (Test). Passwords and passphrases live in the forms'
 * properties and are never saved in Ferry's files; one whose "remember" box is on is kept in the
 * system keychain ({@link ProfilesViewModel}).
 */
public final class ConnectionsViewModel {
  private final ConnectionTasks tasks;
  private final PostgresFormViewModel postgres;
  private final MongoFormViewModel mongo;
  private final SshFormViewModel ssh;
  private final TimeoutsFormViewModel timeouts = new TimeoutsFormViewModel();
  private final ProfilesViewModel profiles;
  private final DemoViewModel demo;

  /**
   * A view model over {@code workspace}, storing profiles in {@code profiles} and remembered
   * passwords in the operating system's keychain.
   */
  public ConnectionsViewModel(Workspace workspace, ConnectionProfiles profiles) {
    this(
        workspace,
        profiles,
        name -> Optional.ofNullable(System.getenv(name)),
        new KeyringSecretStore());
  }

  /**
   * A view model whose PostgreSQL form reads a password variable from {@code environment} (tests
   * cannot set variables of their own process) and that remembers passwords in {@code secrets}.
   */
  public ConnectionsViewModel(
      Workspace workspace,
      ConnectionProfiles profiles,
      Function<String, Optional<String>> environment,
      SecretStore secrets) {
    this.tasks = new ConnectionTasks(workspace);
    this.postgres = new PostgresFormViewModel(tasks, environment);
    this.mongo = new MongoFormViewModel(tasks);
    this.ssh = new SshFormViewModel();
    this.demo = new DemoViewModel(tasks, postgres, mongo, ssh, this::connect);
    this.profiles =
        new ProfilesViewModel(
            tasks,
            Objects.requireNonNull(profiles, "profiles"),
            secrets,
            postgres,
            mongo,
            ssh,
            timeouts,
            demo::start);
    demo.setOnFilled(() -> this.profiles.nameProperty().set(ProfilesViewModel.DEMO_PROFILE));
  }

  /**
   * The job the forms describe, with the timeouts of the Advanced part; throws {@link
   * IllegalArgumentException} with a sentence.
   */
  public JobSettings job() {
    JobSettings job =
        timeouts
            .timeouts()
            .applyTo(
                JobSettings.of(postgres.settings(), mongo.settings(), MappingSettings.defaults()));
    return ssh.tunnelFor(job.source()).map(job::withTunnel).orElse(job);
  }

  /**
   * Tests the PostgreSQL form (through the SSH tunnel when the SSH form is on) under the Advanced
   * timeouts.
   */
  public void testPostgres() {
    postgres.test(source -> timeouts.timeouts().applyTo(source), ssh::tunnelFor);
  }

  /** Tests the MongoDB form under the Advanced timeouts. */
  public void testMongo() {
    mongo.test(target -> timeouts.timeouts().applyTo(target));
  }

  /**
   * Checks both ends and opens the session the other screens use; a failure opens the error dialog
   * with its cause.
   */
  public void connect() {
    Workspace workspace = tasks.workspace();
    JobSettings job;
    try {
      job = job();
    } catch (IllegalArgumentException e) {
      workspace.reportError(ErrorInfo.fromSentence("Connect", e.getMessage(), ""));
      return;
    }
    workspace.statusProperty().set("Connecting to " + job.source().describe() + "…");
    tasks.messageProperty().set("Connecting…");
    tasks.run(
        () -> ConnectionChecks.open(job, workspace.hostKeyPrompt()),
        session -> {
          workspace.replaceSession(session);
          workspace
              .statusProperty()
              .set("Connected: " + job.source().describe() + " → " + job.target().describe());
          tasks.messageProperty().set("Connected.");
          // Both ends answered: a red result of an earlier test no longer holds.
          postgres.clearFailedTest();
          mongo.clearFailedTest();
        },
        error -> {
          // The forms now describe another connection than the open one (if any): keeping it
          // would leave the other screens showing a database the analyst has moved away from.
          workspace.replaceSession(null);
          ErrorInfo info = ConnectionTasks.errorInfo("Connect", error);
          workspace.statusProperty().set("Not connected: the last Connect failed.");
          tasks.messageProperty().set("Connect failed: " + info.cause());
          workspace.reportError(info);
        });
  }

  /** The PostgreSQL source form. */
  public PostgresFormViewModel postgres() {
    return postgres;
  }

  /** The MongoDB target form. */
  public MongoFormViewModel mongo() {
    return mongo;
  }

  /** The SSH tunnel form. */
  public SshFormViewModel ssh() {
    return ssh;
  }

  /** The Advanced part: the timeouts of the job. */
  public TimeoutsFormViewModel timeouts() {
    return timeouts;
  }

  /** The named profiles. */
  public ProfilesViewModel profiles() {
    return profiles;
  }

  /** The demo. */
  public DemoViewModel demo() {
    return demo;
  }

  /** True while background work of this screen runs. */
  public BooleanProperty busyProperty() {
    return tasks.busyProperty();
  }

  /** An informational line under the forms. */
  public StringProperty messageProperty() {
    return tasks.messageProperty();
  }
}
