package dev.ferry.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.ConnectionProfiles;
import dev.ferry.app.SecretStore;
import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.common.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named profiles alone: save, load, delete, and the Demo profile, against a real profile file. */
class ProfilesViewModelTest {
  @TempDir Path config;

  private final ConnectionTasks tasks =
      new ConnectionTasks(new Workspace(new SameThreadUiExecutor(), 10));
  private final PostgresFormViewModel postgres =
      new PostgresFormViewModel(tasks, name -> Optional.empty());
  private final MongoFormViewModel mongo = new MongoFormViewModel(tasks);
  private final SshFormViewModel ssh = new SshFormViewModel();
  private final AtomicInteger demoStarts = new AtomicInteger();

  private ProfilesViewModel profiles() {
    return new ProfilesViewModel(
        tasks,
        new ConnectionProfiles(config),
        SecretStore.none(SecretStore.NO_KEYCHAIN),
        postgres,
        mongo,
        ssh,
        new TimeoutsFormViewModel(),
        demoStarts::incrementAndGet);
  }

  @Test
  void theFormsAreSavedUnderANameWithoutSecretsAndDeletedAgain() throws Exception {
    ProfilesViewModel profiles = profiles();
    postgres.hostProperty().set("db");
    postgres.databaseProperty().set("shop");
    postgres.userProperty().set("reader");
    postgres.passwordProperty().set("pg-secret");
    ssh.passphraseProperty().set("key-secret");
    profiles.nameProperty().set(" client-b ");

    profiles.save();

    assertThat(profiles.names()).containsExactly(ProfilesViewModel.DEMO_PROFILE, "client-b");
    assertThat(tasks.messageProperty().get())
        .isEqualTo("Profile \"client-b\" saved (passwords are never saved).");
    assertThat(Files.readString(config.resolve(ConnectionProfiles.FILE)))
        .doesNotContain("pg-secret", "key-secret");
    assertThat(new ConnectionProfiles(config).find("client-b").orElseThrow().postgresUrl())
        .isEqualTo("jdbc:postgresql://db:5432/shop?sslmode=prefer");

    profiles.nameProperty().set("client-b");
    profiles.delete();

    assertThat(profiles.names()).containsExactly(ProfilesViewModel.DEMO_PROFILE);
    assertThat(new ConnectionProfiles(config).load()).isEmpty();
    assertThat(tasks.messageProperty().get()).isEqualTo("Profile \"client-b\" deleted.");
  }

  @Test
  void selectingTheDemoStartsItAndAnUnknownNameChangesNoForm() {
    ProfilesViewModel profiles = profiles();
    postgres.hostProperty().set("kept");

    profiles.select("nobody");
    profiles.select(ProfilesViewModel.DEMO_PROFILE);
    profiles.nameProperty().set(ProfilesViewModel.DEMO_PROFILE);
    profiles.delete();

    assertThat(postgres.hostProperty().get()).isEqualTo("kept");
    assertThat(demoStarts).hasValue(1);
    assertThat(profiles.names()).containsExactly(ProfilesViewModel.DEMO_PROFILE);
  }

  @Test
  void refreshingTheNamesKeepsTheNameBeingTyped() {
    ProfilesViewModel saver = profiles();
    saver.nameProperty().set("a");
    saver.save();
    ProfilesViewModel profiles = profiles();
    profiles.nameProperty().set("half-typed");

    profiles.refresh();

    assertThat(profiles.names()).containsExactly(ProfilesViewModel.DEMO_PROFILE, "a");
    assertThat(profiles.nameProperty().get()).isEqualTo("half-typed");
  }
}
