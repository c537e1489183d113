package dev.ferry.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.ConnectionProfiles;
import dev.ferry.app.KeyringSecretStore;
import dev.ferry.app.SecretStore;
import dev.ferry.app.SecretStore.Kind;
import dev.ferry.core.Secret;
import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.common.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "remember" boxes of the Connections screen: what a profile's save, load, delete and a click
 * on a box do to the keychain, and how the screen behaves where there is none.
 */
class RememberedPasswordsTest {
  @TempDir Path config;

  private final ConnectionTasks tasks =
      new ConnectionTasks(new Workspace(new SameThreadUiExecutor(), 10));
  private final MemoryKeychain keychain = new MemoryKeychain();

  /** A fresh Connections screen (a new start of the app) over the same files and keychain. */
  private Screen screen(SecretStore secrets) {
    PostgresFormViewModel postgres = new PostgresFormViewModel(tasks, name -> Optional.empty());
    SshFormViewModel ssh = new SshFormViewModel();
    MongoFormViewModel mongo = new MongoFormViewModel(tasks);
    ProfilesViewModel profiles =
        new ProfilesViewModel(
            tasks,
            new ConnectionProfiles(config),
            secrets,
            postgres,
            mongo,
            ssh,
            new TimeoutsFormViewModel(),
            () -> {});
    profiles.refresh();
    return new Screen(profiles, postgres, ssh, mongo);
  }

  private record Screen(
      ProfilesViewModel profiles,
      PostgresFormViewModel postgres,
      SshFormViewModel ssh,
      MongoFormViewModel mongo) {
    void fillAndSave(String name) {
      postgres.hostProperty().set("db.example.com");
      postgres.databaseProperty().set("shop");
      postgres.userProperty().set("reader");
      profiles.nameProperty().set(name);
      profiles.save();
    }
  }

  @Test
  void aRememberedPasswordIsStoredOnSaveAndFilledInWhenTheProfileIsLoaded() throws Exception {
    Screen first = screen(keychain);
    assertThat(first.profiles().keychainAvailableProperty().get()).isTrue();
    assertThat(first.profiles().keychainNoticeProperty().get()).isEmpty();
    first.postgres().passwordProperty().set("pg-secret");
    first.postgres().rememberPasswordProperty().set(true);
    first.ssh().passphraseProperty().set("key-secret");

    first.fillAndSave("client-b");

    assertThat(keychain.secrets).containsOnlyKeys("client-b/postgres-password");
    assertThat(keychain.secrets.get("client-b/postgres-password")).isEqualTo("pg-secret");
    assertThat(Files.readString(config.resolve(ConnectionProfiles.FILE)))
        .doesNotContain("pg-secret", "key-secret");
    assertThat(tasks.messageProperty().get())
        .isEqualTo(
            "Profile \"client-b\" saved; its PostgreSQL password is remembered in the system"
                + " keychain, not in Ferry's files.");

    Screen next = screen(keychain);
    next.profiles().select("client-b");

    assertThat(next.postgres().passwordProperty().get()).isEqualTo("pg-secret");
    assertThat(next.postgres().rememberPasswordProperty().get()).isTrue();
    assertThat(next.ssh().passphraseProperty().get()).isEmpty();
    assertThat(next.ssh().rememberPassphraseProperty().get()).isFalse();
    assertThat(tasks.messageProperty().get())
        .isEqualTo(
            "Profile \"client-b\" loaded; its PostgreSQL password came from the system keychain.");
  }

  @Test
  void theMongoDbPasswordIsTakenOutOfTheUriRememberedAndPutBackOnLoad() throws Exception {
    String uri = "mongodb://alice:m%40ngo-pw@mongo.example.com:27017/?authSource=admin";
    Screen first = screen(keychain);
    first.mongo().uriProperty().set(uri);
    first.mongo().rememberPasswordProperty().set(true);
    first.postgres().passwordProperty().set("pg-secret");
    first.postgres().rememberPasswordProperty().set(true);
    first.ssh().passphraseProperty().set("key-secret");
    first.ssh().rememberPassphraseProperty().set(true);

    first.fillAndSave("client-b");

    assertThat(keychain.secrets).containsEntry("client-b/mongodb-password", "m%40ngo-pw");
    assertThat(Files.readString(config.resolve(ConnectionProfiles.FILE)))
        .doesNotContain("ngo-pw")
        .contains("alice@mongo.example.com");
    assertThat(tasks.messageProperty().get())
        .isEqualTo(
            "Profile \"client-b\" saved; its PostgreSQL password, SSH key passphrase and MongoDB"
                + " password are remembered in the system keychain, not in Ferry's files.");

    Screen next = screen(keychain);
    next.profiles().select("client-b");

    assertThat(next.mongo().uriProperty().get()).isEqualTo(uri);
    assertThat(next.mongo().rememberPasswordProperty().get()).isTrue();
  }

  @Test
  void aUriWithoutAPasswordHasNothingToRemember() {
    Screen screen = screen(keychain);
    screen.mongo().uriProperty().set("mongodb://mongo.example.com:27017");
    screen.mongo().rememberPasswordProperty().set(true);

    screen.fillAndSave("client-b");

    assertThat(keychain.secrets).isEmpty();
  }

  @Test
  void turningRememberOffForgetsTheSecretAtOnceAndOnAGainItIsStoredAgain() {
    Screen screen = screen(keychain);
    screen.postgres().passwordProperty().set("pg-secret");
    screen.postgres().rememberPasswordProperty().set(true);
    screen.ssh().passphraseProperty().set("key-secret");
    screen.ssh().rememberPassphraseProperty().set(true);
    screen.fillAndSave("client-b");
    assertThat(keychain.secrets)
        .containsOnlyKeys("client-b/postgres-password", "client-b/ssh-passphrase");

    screen.ssh().rememberPassphraseProperty().set(false);
    screen.profiles().rememberChanged(Kind.SSH_PASSPHRASE);

    assertThat(keychain.secrets).containsOnlyKeys("client-b/postgres-password");
    assertThat(tasks.messageProperty().get())
        .isEqualTo(
            "The SSH key passphrase of profile \"client-b\" is no longer remembered; it was"
                + " removed from the system keychain.");

    screen.ssh().rememberPassphraseProperty().set(true);
    screen.profiles().rememberChanged(Kind.SSH_PASSPHRASE);

    assertThat(keychain.secrets.get("client-b/ssh-passphrase")).isEqualTo("key-secret");
  }

  @Test
  void savingWithRememberOffOrAnEmptyFieldForgetsAndDeletingTheProfileForgetsAll() {
    Screen screen = screen(keychain);
    screen.postgres().passwordProperty().set("pg-secret");
    screen.postgres().rememberPasswordProperty().set(true);
    screen.ssh().passphraseProperty().set("key-secret");
    screen.ssh().rememberPassphraseProperty().set(true);
    screen.fillAndSave("client-b");
    screen.fillAndSave("client-c");

    screen.postgres().rememberPasswordProperty().set(false);
    screen.ssh().passphraseProperty().set("");
    screen.fillAndSave("client-b");

    assertThat(keychain.secrets)
        .containsOnlyKeys("client-c/postgres-password", "client-c/ssh-passphrase");
    assertThat(tasks.messageProperty().get())
        .isEqualTo("Profile \"client-b\" saved (passwords are never saved).");

    screen.profiles().nameProperty().set("client-c");
    screen.profiles().delete();

    assertThat(keychain.secrets).isEmpty();
  }

  @Test
  void aKeychainThatRefusesLeavesTheProfileSavedAndSaysWhy() throws Exception {
    keychain.refuse = true;
    Screen screen = screen(keychain);
    screen.postgres().passwordProperty().set("pg-secret");
    screen.postgres().rememberPasswordProperty().set(true);

    screen.fillAndSave("client-b");

    assertThat(new ConnectionProfiles(config).find("client-b")).isPresent();
    assertThat(tasks.messageProperty().get())
        .isEqualTo(
            "Profile \"client-b\" saved (passwords are never saved). The keychain is locked.");

    screen(keychain).profiles().select("client-b");

    assertThat(tasks.messageProperty().get())
        .isEqualTo(
            "Profile \"client-b\" loaded; enter passwords if needed. The keychain is locked.");
  }

  @Test
  void withoutADbusSessionTheBoxesAreOffTheNoticeIsPlainAndProfilesStillWork(@TempDir Path nowhere)
      throws Exception {
    Assumptions.assumeTrue(
        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"),
        "only Linux reaches its keychain over D-Bus");
    String previous = System.getProperty("DBUS_SESSION_BUS_ADDRESS");
    System.setProperty("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + nowhere.resolve("no-bus"));
    try {
      Screen screen = screen(new KeyringSecretStore());
      screen.postgres().rememberPasswordProperty().set(true);

      screen.profiles().checkKeychain();

      assertThat(screen.profiles().keychainAvailableProperty().get()).isFalse();
      assertThat(screen.profiles().keychainNoticeProperty().get())
          .isEqualTo("No keychain on this system: Ferry will ask for the password each time.");
      assertThat(screen.postgres().rememberPasswordProperty().get()).isFalse();

      screen.postgres().passwordProperty().set("pg-secret");
      screen.fillAndSave("client-b");
      screen(new KeyringSecretStore()).profiles().select("client-b");

      assertThat(tasks.messageProperty().get())
          .isEqualTo("Profile \"client-b\" loaded; enter passwords if needed.");
      assertThat(Files.readString(config.resolve(ConnectionProfiles.FILE)))
          .contains("db.example.com")
          .doesNotContain("pg-secret");
    } finally {
      if (previous == null) {
        System.clearProperty("DBUS_SESSION_BUS_ADDRESS");
      } else {
        System.setProperty("DBUS_SESSION_BUS_ADDRESS", previous);
      }
    }
  }

  /** A keychain in memory, keyed like the real one; it can be told to refuse every operation. */
  private static final class MemoryKeychain implements SecretStore {
    final Map<String, String> secrets = new LinkedHashMap<>();
    boolean refuse;

    @Override
    public Optional<String> unavailableReason() {
      return Optional.empty();
    }

    @Override
    public Optional<Secret> load(String profile, Kind kind) {
      check();
      return Optional.ofNullable(secrets.get(profile + "/" + kind.key())).map(Secret::of);
    }

    @Override
    public void store(String profile, Kind kind, Secret secret) {
      check();
      secrets.put(profile + "/" + kind.key(), secret.revealAsString());
    }

    @Override
    public void delete(String profile, Kind kind) {
      check();
      secrets.remove(profile + "/" + kind.key());
    }

    private void check() {
      if (refuse) {
        throw new Failure("The keychain is locked.", null);
      }
    }
  }
}
