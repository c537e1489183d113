package dev.ferry.ui.connections;

import dev.ferry.app.ConnectionProfiles.Profile;
import dev.ferry.app.FerrySession;
import dev.ferry.core.Secret;
import dev.ferry.source.PostgresSettings;
import dev.ferry.tunnel.HostKeyPolicy;
import dev.ferry.tunnel.SshTunnelSettings;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The SSH form of the Connections screen: whether the source is reached through an SSH server, and
 * how (host, port, user, key, passphrase, known_hosts).
 *
 * <p>Contract: the tunnel it describes asks about an unknown host key ({@link HostKeyPolicy#ASK}):
 * the user answers in the trust dialog the shell installs. The passphrase lives only in this form
 * and, when {@link #rememberPassphraseProperty()} is on and the profile is saved, in the system
 * keychain ({@link ProfilesViewModel}); never in a profile file.
 */
public final class SshFormViewModel {
  private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled");
  private final StringProperty host = new SimpleStringProperty(this, "host", "");
  private final StringProperty port =
      new SimpleStringProperty(this, "port", Integer.toString(SshTunnelSettings.DEFAULT_PORT));
  private final StringProperty user = new SimpleStringProperty(this, "user", "");
  private final StringProperty keyFile = new SimpleStringProperty(this, "keyFile", "");
  private final StringProperty passphrase = new SimpleStringProperty(this, "passphrase", "");
  private final BooleanProperty rememberPassphrase =
      new SimpleBooleanProperty(this, "rememberPassphrase");
  private final StringProperty knownHosts =
      new SimpleStringProperty(
          this, "knownHosts", SshTunnelSettings.defaultKnownHostsFile().toString());

  SshFormViewModel() {}

  /**
   * The tunnel reaching {@code source}'s host and port, or empty when the form is off; throws
   * {@link IllegalArgumentException} with a sentence for an invalid form.
   */
  public Optional<SshTunnelSettings> tunnelFor(PostgresSettings source) {
    return enabled.get() ? Optional.of(settings(source)) : Optional.empty();
  }

  /** The tunnel the form describes to {@code source}, whether or not the form is on. */
  SshTunnelSettings settings(PostgresSettings source) {
    SshTunnelSettings.Builder b =
        FerrySession.tunnelTo(source)
            .host(Forms.required(host, "The SSH host is required."))
            .port(Forms.port(port.get(), "SSH"))
            // The builder's default is STRICT (the CLI's); the GUI can ask, and the user answers in
            // the host key dialog the shell installs as the workspace's prompt.
            .policy(HostKeyPolicy.ASK);
    if (!user.get().isBlank()) {
      b.user(user.get().strip());
    }
    if (!keyFile.get().isBlank()) {
      b.identityFile(Path.of(keyFile.get().strip()));
    }
    if (!passphrase.get().isEmpty()) {
      b.passphrase(Secret.of(passphrase.get().toCharArray()));
    }
    if (!knownHosts.get().isBlank()) {
      b.knownHostsFile(Path.of(knownHosts.get().strip()));
    }
    return b.build();
  }

  /** The port as a profile stores it (the default when the field is not a number). */
  int profilePort() {
    try {
      return Integer.parseInt(port.get().strip());
    } catch (NumberFormatException e) {
      return SshTunnelSettings.DEFAULT_PORT;
    }
  }

  /**
   * Fills the form from {@code profile}; the passphrase stays empty and not remembered until the
   * keychain gives one ({@link #fillRemembered}).
   */
  void fill(Profile profile) {
    rememberPassphrase.set(false);
    enabled.set(profile.sshEnabled());
    host.set(profile.sshHost());
    port.set(Integer.toString(profile.sshPort()));
    user.set(profile.sshUser());
    keyFile.set(profile.sshKeyFile());
    passphrase.set("");
    knownHosts.set(profile.sshKnownHosts());
  }

  /** Whether the source is reached through SSH. */
  public BooleanProperty enabledProperty() {
    return enabled;
  }

  /** SSH host. */
  public StringProperty hostProperty() {
    return host;
  }

  /** SSH port. */
  public StringProperty portProperty() {
    return port;
  }

  /** SSH user. */
  public StringProperty userProperty() {
    return user;
  }

  /** Private key file. */
  public StringProperty keyFileProperty() {
    return keyFile;
  }

  /** Key passphrase (never in a profile file; in the keychain only when remembered). */
  public StringProperty passphraseProperty() {
    return passphrase;
  }

  /** Puts the passphrase the keychain remembered for this profile into the form. */
  void fillRemembered(String remembered) {
    passphrase.set(remembered);
    rememberPassphrase.set(true);
  }

  /**
   * Whether the passphrase is remembered in the system keychain for the profile (stored when the
   * profile is saved, removed when this is turned off).
   */
  public BooleanProperty rememberPassphraseProperty() {
    return rememberPassphrase;
  }

  /** known_hosts file. */
  public StringProperty knownHostsProperty() {
    return knownHosts;
  }
}
