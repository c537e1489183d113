package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.github.javakeyring.PasswordAccessException;
import dev.ferry.app.SecretStore.Kind;
import dev.ferry.core.Secret;
import dev.ferry.testing.SecretServiceSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operating system's keychain through the real java-keyring library: against a real Secret
 * Service (GNOME Keyring on a private D-Bus session bus started by the test), and where no D-Bus
 * session answers at all.
 *
 * <p>The D-Bus client reads the bus address from the system property {@code
 * DBUS_SESSION_BUS_ADDRESS} before the environment variable, so the test points this JVM at its own
 * bus and puts the property back afterwards.
 */
class KeyringSecretStoreTest {
  private static final String BUS_PROPERTY = "DBUS_SESSION_BUS_ADDRESS";

  private String previousBus;

  @BeforeEach
  void rememberTheBusProperty() {
    Assumptions.assumeTrue(
        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"),
        "the Secret Service is Linux's keychain; macOS and Windows have their own");
    previousBus = System.getProperty(BUS_PROPERTY);
  }

  @AfterEach
  void restoreTheBusProperty() {
    if (previousBus == null) {
      System.clearProperty(BUS_PROPERTY);
    } else {
      System.setProperty(BUS_PROPERTY, previousBus);
    }
  }

  @Test
  void aRealSecretServiceKeepsEachProfilesSecretsApartAndForgetsThem() throws Exception {
    List<Path> missing = SecretServiceSession.missingBinaries();
    Assumptions.assumeTrue(
        missing.isEmpty(),
        "no Secret Service to test against: "
            + missing
            + " missing (apt-get install gnome-keyring dbus-x11)");
    try (SecretServiceSession session = SecretServiceSession.start()) {
      System.setProperty(BUS_PROPERTY, session.address());
      KeyringSecretStore store = new KeyringSecretStore();

      assertThat(store.unavailableReason()).isEmpty();
      assertThat(store.load("client-b", Kind.POSTGRES_PASSWORD)).isEmpty();

      store.store("client-b", Kind.POSTGRES_PASSWORD, Secret.of("pg sécret 1"));
      store.store("client-b", Kind.SSH_PASSPHRASE, Secret.of("key-secret"));
      store.store("client-b", Kind.POSTGRES_PASSWORD, Secret.of("pg sécret 2"));

      assertThat(store.load("client-b", Kind.POSTGRES_PASSWORD)).contains(Secret.of("pg sécret 2"));
      assertThat(store.load("client-b", Kind.SSH_PASSPHRASE)).contains(Secret.of("key-secret"));
      assertThat(store.load("client-c", Kind.POSTGRES_PASSWORD)).isEmpty();
      // A second store (a later start of the app) finds what the first one left.
      assertThat(new KeyringSecretStore().load("client-b", Kind.POSTGRES_PASSWORD))
          .contains(Secret.of("pg sécret 2"));
      // GNOME Keyring writes the login keyring encrypted: the secret is not in its files.
      assertThat(filesUnder(session.directory())).noneMatch(text -> text.contains("pg s"));

      store.delete("client-b", Kind.POSTGRES_PASSWORD);

      assertThat(store.load("client-b", Kind.POSTGRES_PASSWORD)).isEmpty();
      assertThat(store.load("client-b", Kind.SSH_PASSPHRASE)).contains(Secret.of("key-secret"));
      assertThatCode(() -> store.delete("client-b", Kind.POSTGRES_PASSWORD))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void withoutADbusSessionThereIsNoKeychainAndNothingFails(@TempDir Path dir) {
    System.setProperty(BUS_PROPERTY, "unix:path=" + dir.resolve("no-bus-here"));
    KeyringSecretStore store = new KeyringSecretStore();

    assertThat(store.unavailableReason())
        .contains("No keychain on this system: Ferry will ask for the password each time.");
    assertThat(store.load("client-b", Kind.POSTGRES_PASSWORD)).isEmpty();
    assertThatCode(
            () -> {
              store.store("client-b", Kind.POSTGRES_PASSWORD, Secret.of("pw"));
              store.delete("client-b", Kind.POSTGRES_PASSWORD);
            })
        .doesNotThrowAnyException();
  }

  @Test
  void eachBackendsWordsForNothingStoredMeanNothingStoredAndOtherFailuresDoNot() {
    // The library's backends (java-keyring 1.0.4) each word "no such entry" differently.
    for (String nothing :
        List.of(
            "No stored credentials match Ferry account: client-b/postgres-password",
            "No password to delete. Failed to get credential. not found",
            "Password is not in wallet",
            "Password not Found",
            "The specified item could not be found in the keychain.",
            "Error code 1168")) {
      assertThat(KeyringSecretStore.isNotFound(new PasswordAccessException(nothing)))
          .as(nothing)
          .isTrue();
    }
    for (String failure :
        List.of(
            "Too many stored credentials match Ferry account: client-b/postgres-password",
            "Error code 5",
            "Failed to set credential. User interaction is not allowed.")) {
      assertThat(KeyringSecretStore.isNotFound(new PasswordAccessException(failure)))
          .as(failure)
          .isFalse();
    }
  }

  private static List<String> filesUnder(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(
              p -> {
                try {
                  return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                } catch (Exception e) {
                  return "";
                }
              })
          .toList();
    }
  }
}
