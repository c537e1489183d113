package dev.ferry.app;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import dev.ferry.core.Secret;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SecretStore} of the operating system, through java-keyring: the Secret Service over
 * D-Bus on Linux (GNOME Keyring, KWallet's Secret Service), the Keychain on macOS, the Credential
 * Manager on Windows.
 *
 * <p>Contract: secrets are filed under the service {@value #SERVICE} and the account {@code
 * <profile>/<kind key>}. Each operation opens the keychain, does its one thing and closes it again:
 * no D-Bus connection (and none of its threads) outlives a call, so nothing keeps the JVM alive on
 * exit. Whether a keychain exists is asked once per instance (opening it may make the system ask
 * the user to unlock it); where none answers (no D-Bus session, no Secret Service, a locked
 * collection that cannot be unlocked, e.g. without a desktop to ask on) this store says {@link
 * SecretStore#NO_KEYCHAIN} and keeps nothing. This is the only class that knows the keyring
 * library.
 */
public final class KeyringSecretStore implements SecretStore {
  /** The service name every secret of Ferry is filed under. */
  public static final String SERVICE = "Ferry";

  private static final Logger LOG = LoggerFactory.getLogger(KeyringSecretStore.class);

  private Optional<String> unavailable;

  /** The operating system's keychain; nothing is opened until the first call. */
  public KeyringSecretStore() {}

  @Override
  public synchronized Optional<String> unavailableReason() {
    if (unavailable == null) {
      try {
        String type = using(keyring -> keyring.getKeyringStorageType().toString());
        LOG.info("Remembered passwords go to the system keychain ({})", type);
        unavailable = Optional.empty();
      } catch (Unavailable | PasswordAccessException e) {
        unavailable = Optional.of(NO_KEYCHAIN);
      }
    }
    return unavailable;
  }

  @Override
  public Optional<Secret> load(String profile, Kind kind) {
    if (unavailableReason().isPresent()) {
      return Optional.empty();
    }
    try {
      String stored = using(keyring -> keyring.getPassword(SERVICE, account(profile, kind)));
      return Optional.of(Secret.of(stored));
    } catch (PasswordAccessException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw failure("read", kind, profile, e);
    } catch (RuntimeException e) {
      throw failure("read", kind, profile, e);
    }
  }

  @Override
  public void store(String profile, Kind kind, Secret secret) {
    Objects.requireNonNull(secret, "secret");
    if (unavailableReason().isPresent()) {
      return;
    }
    try {
      using(
          keyring -> {
            // The library takes a String; it lives only for this call.
            keyring.setPassword(SERVICE, account(profile, kind), secret.revealAsString());
            return null;
          });
    } catch (PasswordAccessException | RuntimeException e) {
      throw failure("store", kind, profile, e);
    }
  }

  @Override
  public void delete(String profile, Kind kind) {
    if (unavailableReason().isPresent()) {
      return;
    }
    try {
      using(
          keyring -> {
            keyring.deletePassword(SERVICE, account(profile, kind));
            return null;
          });
    } catch (PasswordAccessException e) {
      if (!isNotFound(e)) {
        throw failure("remove", kind, profile, e);
      }
    } catch (RuntimeException e) {
      throw failure("remove", kind, profile, e);
    }
  }

  /** The account a secret is filed under: the profile's name, then the kind's stable key. */
  static String account(String profile, Kind kind) {
    Objects.requireNonNull(profile, "profile");
    return profile + "/" + kind.key();
  }

  /** One keychain operation: opens the keychain, runs {@code call}, closes it again. */
  private static <T> T using(KeyringCall<T> call) throws PasswordAccessException {
    Keyring keyring = open();
    try {
      return call.call(keyring);
    } finally {
      try {
        keyring.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.debug("could not close the keychain connection", e);
      }
    }
  }

  private interface KeyringCall<T> {
    T call(Keyring keyring) throws PasswordAccessException;
  }

  private static Keyring open() {
    try {
      return Keyring.create();
    } catch (BackendNotSupportedException e) {
      LOG.info("No system keychain: {}", e.getMessage());
      throw new Unavailable(e);
    } catch (RuntimeException e) {
      // The Secret Service client fails with runtime exceptions when the bus answers but the
      // service does not (e.g. a NullPointerException when the default collection stays locked
      // because no desktop can show the unlock prompt): that is no keychain either.
      LOG.info("No usable system keychain: {}", e.toString());
      throw new Unavailable(e);
    }
  }

  /**
   * Whether the library says "nothing stored under this account": its backends say so in words of
   * their own, with no exception type of its own — Secret Service and macOS "No stored credentials"
   * (macOS deletes: "No password to delete"; the older macOS backend passes on the system's "The
   * specified item could not be found in the keychain."), KWallet "not in wallet", Windows
   * "Password not Found" or the Credential Manager's ERROR_NOT_FOUND ("Error code 1168"). Without
   * this, every save of a profile whose box is off (which forgets its secret) would report a
   * failure on Windows.
   */
  static boolean isNotFound(PasswordAccessException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).strip();
    return message.contains("no stored credentials")
        || message.contains("not found")
        || message.contains("could not be found")
        || message.contains("not in wallet")
        || message.contains("no password to delete")
        || message.equals("error code 1168");
  }

  private static Failure failure(String action, Kind kind, String profile, Exception e) {
    Throwable cause = e instanceof Unavailable ? e.getCause() : e;
    // The library's messages name the service and account, never the secret.
    return new Failure(
        "The system keychain could not "
            + action
            + " the "
            + kind.label()
            + " of profile \""
            + profile
            + "\": "
            + cause.getMessage()
            + (action.equals("read") ? "; enter it by hand." : "."),
        cause);
  }

  /** No keychain answered. */
  private static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }
}
