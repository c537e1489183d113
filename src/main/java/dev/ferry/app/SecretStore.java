package dev.ferry.app;

import dev.ferry.core.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the desktop app remembers a profile's passwords: the operating system's keychain, never
 * Ferry's own files.
 *
 * <p>Contract: a secret is keyed by a profile's name and its {@link Kind}. Every method may block
 * (a keychain is reached over D-Bus or a system call, and may ask the user to unlock it): call them
 * off the UI thread. {@link #unavailableReason()} says once whether secrets can be kept at all;
 * where they cannot, {@link #load} finds nothing and {@link #store} and {@link #delete} do nothing,
 * so the app works on without remembered passwords and never fails for want of a keychain. A
 * keychain that exists but refuses an operation (locked, an access prompt dismissed) throws {@link
 * Failure} with one sentence; the secret itself never appears in a message or a log line.
 */
public interface SecretStore {

  /** The sentence a form shows where no keychain can be reached. */
  String NO_KEYCHAIN = "No keychain on this system: Ferry will ask for the password each time.";

  /** Which of a profile's secrets. */
  enum Kind {
    /** The PostgreSQL user's password. */
    POSTGRES_PASSWORD("postgres-password", "PostgreSQL password"),
    /** The passphrase of the SSH private key. */
    SSH_PASSPHRASE("ssh-passphrase", "SSH key passphrase"),
    /** The password in the MongoDB connection string's user information, as typed there. */
    MONGODB_PASSWORD("mongodb-password", "MongoDB password");

    private final String key;
    private final String label;

    Kind(String key, String label) {
      this.key = key;
      this.label = label;
    }

    /** The stable name stored with the secret; never change it, or remembered secrets are lost. */
    public String key() {
      return key;
    }

    /** What the user calls it, for messages: "PostgreSQL password". */
    public String label() {
      return label;
    }
  }

  /** A keychain that exists but refused an operation; the message is one sentence for the user. */
  final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Failure(String sentence, Throwable cause) {
      super(sentence, cause);
    }
  }

  /**
   * Empty when secrets can be remembered here; otherwise the sentence to show instead of the
   * "remember" choice ({@link #NO_KEYCHAIN}).
   */
  Optional<String> unavailableReason();

  /** The secret remembered for {@code profile}, if any (nothing where there is no keychain). */
  Optional<Secret> load(String profile, Kind kind);

  /** Remembers {@code secret} for {@code profile}, replacing an earlier one. */
  void store(String profile, Kind kind, Secret secret);

  /** Forgets the secret remembered for {@code profile}; forgetting nothing is not an error. */
  void delete(String profile, Kind kind);

  /** A store that keeps nothing and says {@code reason} (tests, systems without a keychain). */
  static SecretStore none(String reason) {
    Objects.requireNonNull(reason, "reason");
    return new SecretStore() {
      @Override
      public Optional<String> unavailableReason() {
        return Optional.of(reason);
      }

      @Override
      public Optional<Secret> load(String profile, Kind kind) {
        return Optional.empty();
      }

      @Override
      public void store(String profile, Kind kind, Secret secret) {}

      @Override
      public void delete(String profile, Kind kind) {}
    };
  }
}
