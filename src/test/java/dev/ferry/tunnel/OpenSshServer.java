package dev.ferry.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenSSH server ({@code /usr/sbin/sshd}) for tests, listening on 127.0.0.1 with its own
 * host key, config and authorized_keys in a temporary directory.
 *
 * <p>Reusable by any test package: {@code OpenSshServer.builder().authorizedKey(pub).start()}. If
 * sshd is not installed, {@link Builder#start()} fails (never skips) with the install command,
 * because CI is expected to provide it. The server runs as the current user; tests run as root,
 * hence {@code PermitRootLogin yes}. Password and keyboard-interactive logins are disabled: a real
 * server would check them against the system's accounts.
 */
public final class OpenSshServer implements AutoCloseable {

  /** Where Debian's openssh-server puts the daemon. */
  public static final Path SSHD = Path.of("/usr/sbin/sshd");

  /**
   * The JUnit tag of tests that start this server: Linux only (the hosted workflow runs them on
   * Linux and excludes them with {@code -DexcludedGroups=openssh-server} on Windows and macOS).
   */
  public static final String TAG = "openssh-server";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Path dir;
  private final String hostKeyType;
  private final List<String> extraConfig;
  private final int port;
  private Process process;
  private final StringBuffer log = new StringBuffer();

  private OpenSshServer(Path dir, String hostKeyType, List<String> extraConfig, int port) {
    this.dir = dir;
    this.hostKeyType = hostKeyType;
    this.extraConfig = extraConfig;
    this.port = port;
  }

  /** Starts describing a server. */
  public static Builder builder() {
    return new Builder();
  }

  /** Fails with an actionable message when sshd is missing; called before every start. */
  public static void requireInstalled() {
    if (!Files.isExecutable(SSHD)) {
      throw new IllegalStateException(
          "OpenSSH server not found at "
              + SSHD
              + "; install it with `apt-get install -y --no-install-recommends openssh-server`"
              + " (the SSH tunnel tests need a real sshd and must not be skipped)");
    }
  }

  /** Always {@code 127.0.0.1}. */
  public String host() {
    return "127.0.0.1";
  }

  /** The listening port. */
  public int port() {
    return port;
  }

  /** The host key type, e.g. {@code ed25519}. */
  public String hostKeyType() {
    return hostKeyType;
  }

  /** The server's public host key file. */
  public Path hostPublicKey() {
    return dir.resolve("ssh_host_key.pub");
  }

  /** The host key's SHA256 fingerprint as printed by {@code ssh-keygen -lf}. */
  public String hostKeyFingerprint() {
    String out = SshKeys.run("ssh-keygen", "-l", "-E", "sha256", "-f", hostPublicKey().toString());
    return out.split("\\s+")[1];
  }

  /** The host key's SSH type name, e.g. {@code ssh-ed25519}. */
  public String hostKeyAlgorithm() {
    return readString(hostPublicKey()).split("\\s+")[0];
  }

  /** A known_hosts line for this server: {@code [127.0.0.1]:port type base64}. */
  public String knownHostsLine() {
    String[] parts = readString(hostPublicKey()).split("\\s+");
    return "[" + host() + "]:" + port + " " + parts[0] + " " + parts[1];
  }

  /** Adds a public key to authorized_keys; sshd reads the file on every login. */
  public OpenSshServer authorize(Path publicKeyFile) {
    appendAuthorizedKey(dir, publicKeyFile);
    return this;
  }

  /** Everything sshd logged so far (it runs with {@code -e}). */
  public String log() {
    return log.toString();
  }

  /** Whether the daemon process runs. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Kills the daemon and all its per-connection children with SIGKILL, cutting open sessions the
   * way a crash or network loss would. Killing only the listener would leave sessions running.
   */
  public void kill() {
    terminate(true);
  }

  /** Stops the daemon and its sessions with SIGTERM; idempotent. */
  public void stop() {
    terminate(false);
  }

  /**
   * Stops, replaces the host key with a fresh one of the same type, and starts on the same port.
   */
  public void restartWithNewHostKey() {
    stop();
    try {
      Files.delete(dir.resolve("ssh_host_key"));
      Files.delete(hostPublicKey());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    generateHostKey();
    launch();
  }

  /** Stops the daemon and deletes its directory. */
  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void terminate(boolean forcibly) {
    if (process == null) {
      return;
    }
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    for (ProcessHandle handle : all) {
      if (forcibly) {
        handle.destroyForcibly();
      } else {
        handle.destroy();
      }
    }
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
    process = null;
  }

  private void generateHostKey() {
    List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", hostKeyType));
    if (hostKeyType.equals("rsa")) {
      command.addAll(List.of("-b", "2048"));
    }
    command.addAll(
        List.of("-N", "", "-C", "ferry-test-host", "-f", dir.resolve("ssh_host_key").toString()));
    SshKeys.run(command.toArray(String[]::new));
  }

  private void writeConfig() {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("ssh_host_key"),
                "PidFile none",
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin yes",
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "MaxAuthTries 20",
                "MaxStartups 100",
                "LogLevel VERBOSE"));
    // sshd uses the first value of a keyword, so the caller's lines go first to override ours.
    lines.addAll(0, extraConfig);
    write(dir.resolve("sshd_config"), String.join("\n", lines) + "\n");
  }

  private void launch() {
    requireInstalled();
    // After a restart the log already holds the first "Server listening" line.
    int logStart = log.length();
    try {
      Files.createDirectories(Path.of("/run/sshd"));
      process =
          new ProcessBuilder(
                  SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread pump = new Thread(() -> drain(process.getInputStream()), "sshd-log-" + port);
    pump.setDaemon(true);
    pump.start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!log.substring(logStart).contains("Server listening on 127.0.0.1 port " + port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        terminate(true);
        throw new IllegalStateException("sshd did not start on port " + port + ":\n" + log);
      }
      sleep(20);
    }
  }

  private void drain(InputStream in) {
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        log.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // The process ended; nothing more to log.
    }
  }

  private static void appendAuthorizedKey(Path dir, Path publicKeyFile) {
    String line = readString(publicKeyFile).strip() + "\n";
    try {
      Files.writeString(
          dir.resolve("authorized_keys"),
          line,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for sshd", e);
    }
  }

  /** Describes a server to start. */
  public static final class Builder {
    private final List<Path> authorizedKeys = new ArrayList<>();
    private final List<String> extraConfig = new ArrayList<>();
    private String hostKeyType = "ed25519";
    private int port;

    private Builder() {}

    /** A public key file whose owner may log in (as any user, tests use root). */
    public Builder authorizedKey(Path publicKeyFile) {
      authorizedKeys.add(Objects.requireNonNull(publicKeyFile));
      return this;
    }

    /** {@code ed25519} (default), {@code ecdsa} or {@code rsa}. */
    public Builder hostKeyType(String type) {
      if (!List.of("ed25519", "ecdsa", "rsa").contains(type)) {
        throw new IllegalArgumentException("unsupported host key type: " + type);
      }
      this.hostKeyType = type;
      return this;
    }

    /** A fixed port; by default a free one is chosen. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** An sshd_config line that takes precedence, e.g. {@code AllowTcpForwarding no}. */
    public Builder config(String line) {
      extraConfig.add(Objects.requireNonNull(line));
      return this;
    }

    /** Generates the host key, writes the config and waits until sshd listens. */
    public OpenSshServer start() {
      requireInstalled();
      int attempts = port == 0 ? 3 : 1;
      IllegalStateException last = null;
      for (int i = 0; i < attempts; i++) {
        Path dir;
        try {
          dir = Files.createTempDirectory("ferry-sshd-");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        OpenSshServer server =
            new OpenSshServer(
                dir, hostKeyType, List.copyOf(extraConfig), port == 0 ? freePort() : port);
        write(dir.resolve("authorized_keys"), "");
        authorizedKeys.forEach(key -> appendAuthorizedKey(dir, key));
        server.generateHostKey();
        server.writeConfig();
        try {
          server.launch();
          return server;
        } catch (IllegalStateException e) {
          // Another process may have taken the free port between probe and bind: try another.
          last = e;
          server.close();
        }
      }
      throw last;
    }
  }
}
