package dev.ferry.tunnel;

import dev.ferry.core.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to open an {@link SshTunnel}: where the SSH server is, how to authenticate, how
 * to verify its host key, and which database host and port to forward to.
 *
 * <p>Contract: immutable and validated on construction; {@code identityFiles} is copied. Secrets
 * are referenced, not copied: the caller owns them and may {@link Secret#clear()} them once the
 * tunnel is open. {@link #toString()} shows secrets only as {@code ****}.
 *
 * @param host SSH server host name or address
 * @param port SSH server port
 * @param user login name; absent means the local user name, like {@code ssh}
 * @param identityFiles private key files, tried in order; may be empty when a password is given
 * @param passphrase passphrase for encrypted keys
 * @param password password for password or keyboard-interactive authentication, tried after keys
 * @param knownHostsFile the OpenSSH known_hosts file that verifies host keys and receives new ones
 * @param policy what to do with a host key that is not in {@code knownHostsFile}
 * @param proxyJump the jump host to reach {@code host} through
 * @param targetHost the database host as seen from the SSH server (often {@code localhost})
 * @param targetPort the database port
 * @param connectTimeout limit for the TCP connect and the SSH handshake of each session
 * @param keepAlive interval of keepalive messages; the tunnel is declared dead after three
 *     unanswered ones. {@link Duration#ZERO} disables keepalives.
 */
public record SshTunnelSettings(
    String host,
    int port,
    Optional<String> user,
    List<Path> identityFiles,
    Optional<Secret> passphrase,
    Optional<Secret> password,
    Path knownHostsFile,
    HostKeyPolicy policy,
    Optional<JumpHost> proxyJump,
    String targetHost,
    int targetPort,
    Duration connectTimeout,
    Duration keepAlive) {

  /** The default SSH port. */
  public static final int DEFAULT_PORT = 22;

  /** Default for {@link #connectTimeout()}. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

  /** Default for {@link #keepAlive()}, as in a typical {@code ServerAliveInterval 15}. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);

  /** Validates every component; see the record description for the rules. */
  public SshTunnelSettings {
    host = requireHostName(host, "SSH host");
    requirePort(port, "SSH port");
    Objects.requireNonNull(user, "user");
    user.ifPresent(u -> requireNonBlank(u, "SSH user"));
    identityFiles = List.copyOf(Objects.requireNonNull(identityFiles, "identityFiles"));
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(knownHostsFile, "knownHostsFile");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(proxyJump, "proxyJump");
    targetHost = requireHostName(targetHost, "target host");
    requirePort(targetPort, "target port");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(keepAlive, "keepAlive");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    if (connectTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("connectTimeout is too long: " + connectTimeout);
    }
    if (keepAlive.isNegative() || keepAlive.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("keepAlive must be zero or positive: " + keepAlive);
    }
    if (identityFiles.isEmpty() && password.isEmpty()) {
      throw new IllegalArgumentException(
          "no way to authenticate: give at least one identity file or a password");
    }
  }

  /**
   * Starts a builder for a tunnel to {@code targetHost:targetPort}. SSH host and key settings come
   * from explicit builder calls, else from {@link Builder#config(SshHostConfig)}, else defaults.
   */
  public static Builder builder(String targetHost, int targetPort) {
    return new Builder(targetHost, targetPort);
  }

  /** {@code ~/.ssh/known_hosts} of the current user ({@code %USERPROFILE%\.ssh} on Windows). */
  public static Path defaultKnownHostsFile() {
    return SshDirectory.current().knownHosts();
  }

  /** The default keys {@code ssh} tries that exist: id_ed25519, id_ecdsa, id_rsa in ~/.ssh. */
  public static List<Path> defaultIdentityFiles() {
    return SshDirectory.current().existingDefaultKeys();
  }

  /** The home directory {@code ~} stands for (see {@link SshDirectory}). */
  static Path userHome() {
    return SshDirectory.current().home();
  }

  /** The effective login: the given user or the local user name, as {@code ssh} does. */
  String effectiveUser() {
    return user.orElseGet(() -> System.getProperty("user.name"));
  }

  static String requireNonBlank(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  static String requireHostName(String value, String what) {
    requireNonBlank(value, what);
    String stripped = value.strip();
    if (stripped.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(what + " must not contain spaces: " + value);
    }
    return stripped;
  }

  static void requirePort(int port, String what) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " must be between 1 and 65535: " + port);
    }
  }

  /**
   * Collects settings in any order and resolves them in {@link #build()}: an explicit value wins
   * over the ssh config entry, which wins over the default. Not thread-safe.
   */
  public static final class Builder {
    private final String targetHost;
    private final int targetPort;
    private Optional<SshHostConfig> config = Optional.empty();
    private String host;
    private Integer port;
    private String user;
    private final List<Path> identityFiles = new ArrayList<>();
    private Secret passphrase;
    private Secret password;
    private Path knownHostsFile;
    private HostKeyPolicy policy = HostKeyPolicy.STRICT;
    private JumpHost proxyJump;
    private Duration connectTimeout;
    private Duration keepAlive;

    private Builder(String targetHost, int targetPort) {
      this.targetHost = targetHost;
      this.targetPort = targetPort;
    }

    /** Uses a resolved ssh config entry for every value not set explicitly. */
    public Builder config(SshHostConfig config) {
      this.config = Optional.of(Objects.requireNonNull(config, "config"));
      return this;
    }

    /** The SSH server; overrides the config's HostName. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The SSH port; overrides the config's Port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The login; overrides the config's User. */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** Adds a key file; explicit key files replace the config's IdentityFile list. */
    public Builder identityFile(Path identityFile) {
      identityFiles.add(Objects.requireNonNull(identityFile, "identityFile"));
      return this;
    }

    /** The passphrase for encrypted keys. */
    public Builder passphrase(Secret passphrase) {
      this.passphrase = Objects.requireNonNull(passphrase, "passphrase");
      return this;
    }

    /** A password to fall back to after key authentication. */
    public Builder password(Secret password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** The known_hosts file; overrides the config's UserKnownHostsFile. */
    public Builder knownHostsFile(Path knownHostsFile) {
      this.knownHostsFile = Objects.requireNonNull(knownHostsFile, "knownHostsFile");
      return this;
    }

    /** The policy for unknown host keys; {@link HostKeyPolicy#STRICT} if not set. */
    public Builder policy(HostKeyPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** A jump host; overrides the config's ProxyJump. */
    public Builder proxyJump(JumpHost proxyJump) {
      this.proxyJump = Objects.requireNonNull(proxyJump, "proxyJump");
      return this;
    }

    /** Overrides the config's ConnectTimeout. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    /** Overrides the config's ServerAliveInterval. */
    public Builder keepAlive(Duration keepAlive) {
      this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
      return this;
    }

    /**
     * Resolves and validates the settings. Without explicit or configured key files the default
     * keys ({@link #defaultIdentityFiles()}) are used.
     *
     * @throws IllegalArgumentException if the SSH host is missing or a value is invalid
     */
    public SshTunnelSettings build() {
      String resolvedHost =
          Optional.ofNullable(host)
              .or(() -> config.map(SshHostConfig::hostName))
              .orElseThrow(
                  () -> new IllegalArgumentException("no SSH host: give a host or a config alias"));
      int resolvedPort =
          Optional.ofNullable(port)
              .orElseGet(() -> config.flatMap(SshHostConfig::port).orElse(DEFAULT_PORT));
      Optional<String> resolvedUser =
          Optional.ofNullable(user).or(() -> config.flatMap(SshHostConfig::user));
      SshDirectory ssh = SshDirectory.current();
      // A GUI field or a Windows shell passes "~/.ssh/id_ed25519" as typed.
      List<Path> keys = identityFiles.stream().map(ssh::expandTilde).toList();
      if (keys.isEmpty()) {
        keys = config.map(SshHostConfig::identityFiles).orElse(List.of());
      }
      if (keys.isEmpty()) {
        keys = defaultIdentityFiles();
      }
      Path knownHosts =
          Optional.ofNullable(knownHostsFile)
              .map(ssh::expandTilde)
              .or(() -> config.flatMap(SshHostConfig::knownHostsFile))
              .orElseGet(SshTunnelSettings::defaultKnownHostsFile);
      Optional<JumpHost> jump =
          Optional.ofNullable(proxyJump).or(() -> config.flatMap(SshHostConfig::proxyJump));
      Duration timeout =
          Optional.ofNullable(connectTimeout)
              .or(() -> config.flatMap(SshHostConfig::connectTimeout))
              .orElse(DEFAULT_CONNECT_TIMEOUT);
      Duration alive =
          Optional.ofNullable(keepAlive)
              .or(() -> config.flatMap(SshHostConfig::keepAlive))
              .orElse(DEFAULT_KEEP_ALIVE);
      return new SshTunnelSettings(
          resolvedHost,
          resolvedPort,
          resolvedUser,
          keys,
          Optional.ofNullable(passphrase),
          Optional.ofNullable(password),
          knownHosts,
          policy,
          jump,
          targetHost,
          targetPort,
          timeout,
          alive);
    }
  }
}
