package dev.ferry.app;

import dev.ferry.core.Secret;
import dev.ferry.tunnel.SshConfigResolver;
import dev.ferry.tunnel.SshHostConfig;
import dev.ferry.tunnel.SshTunnelSettings;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Building {@link SshTunnelSettings} from what a user gives: a {@code Host} entry of an ssh config
 * file, a passphrase typed at a prompt.
 *
 * <p>Contract: reading the config file is the tunnel's own resolver ({@link SshConfigResolver}), so
 * the CLI's {@code --ssh-config-host} and a tunnel opened from it agree.
 */
public final class SshSettings {
  private SshSettings() {}

  /**
   * Applies the {@code Host} entry {@code alias} of {@code configFile} ({@code ~/.ssh/config} when
   * empty) to {@code tunnel}.
   *
   * @return whether the entry names identity files
   * @throws RuntimeException when the file cannot be used (a tunnel failure of kind {@code
   *     INVALID_SSH_CONFIG}, one sentence)
   */
  public static boolean applyHostConfig(
      SshTunnelSettings.Builder tunnel, Optional<Path> configFile, String alias) {
    Objects.requireNonNull(tunnel, "tunnel");
    SshHostConfig config =
        SshConfigResolver.resolve(
            configFile.orElseGet(SshConfigResolver::defaultConfigFile), alias);
    tunnel.config(config);
    return !config.identityFiles().isEmpty();
  }

  /** The same settings with {@code passphrase} for the keys. */
  public static SshTunnelSettings withPassphrase(SshTunnelSettings t, Secret passphrase) {
    return new SshTunnelSettings(
        t.host(),
        t.port(),
        t.user(),
        t.identityFiles(),
        Optional.of(passphrase),
        t.password(),
        t.knownHostsFile(),
        t.policy(),
        t.proxyJump(),
        t.targetHost(),
        t.targetPort(),
        t.connectTimeout(),
        t.keepAlive());
  }
}
