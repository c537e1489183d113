package dev.ferry.tunnel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The values an ssh config file gives for one {@code Host} alias, as resolved by {@link
 * SshConfigResolver}; feed it to {@link SshTunnelSettings.Builder#config(SshHostConfig)}.
 *
 * @param alias the alias that was looked up
 * @param hostName the real host ({@code HostName}); the alias itself if the config has none
 * @param port {@code Port}
 * @param user {@code User}
 * @param identityFiles every {@code IdentityFile}, {@code ~} and {@code %} tokens expanded,
 *     followed by those of the jump host's entry
 * @param proxyJump {@code ProxyJump}, with the jump host's own alias resolved
 * @param knownHostsFile the first {@code UserKnownHostsFile}
 * @param connectTimeout {@code ConnectTimeout}
 * @param keepAlive {@code ServerAliveInterval}
 */
public record SshHostConfig(
    String alias,
    String hostName,
    Optional<Integer> port,
    Optional<String> user,
    List<Path> identityFiles,
    Optional<JumpHost> proxyJump,
    Optional<Path> knownHostsFile,
    Optional<Duration> connectTimeout,
    Optional<Duration> keepAlive) {

  /** Validates presence of every component and the port range; copies the list. */
  public SshHostConfig {
    SshTunnelSettings.requireNonBlank(alias, "alias");
    hostName = SshTunnelSettings.requireHostName(hostName, "HostName");
    Objects.requireNonNull(port, "port");
    port.ifPresent(p -> SshTunnelSettings.requirePort(p, "Port"));
    Objects.requireNonNull(user, "user");
    identityFiles = List.copyOf(Objects.requireNonNull(identityFiles, "identityFiles"));
    Objects.requireNonNull(proxyJump, "proxyJump");
    Objects.requireNonNull(knownHostsFile, "knownHostsFile");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(keepAlive, "keepAlive");
  }
}
