package dev.ferry.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Secret Service for tests: a private D-Bus session bus ({@code dbus-daemon}) with GNOME
 * Keyring's secrets component on it, its login keyring created and unlocked with a test password.
 *
 * <p>Contract: hermetic — the bus has no service activation (nothing else starts on it), and the
 * daemon's home, data and runtime directories are in a temporary directory, so the user's own
 * keyrings are never read or written. {@link #start()} returns once {@code org.freedesktop.secrets}
 * is owned on the bus; {@link #address()} is the bus address to hand to a client ({@code
 * DBUS_SESSION_BUS_ADDRESS}). {@link #close()} stops both processes and deletes the directory.
 * {@link #missingBinaries()} names what is not installed, for a test to skip with.
 */
public final class SecretServiceSession implements AutoCloseable {
  /** The programs it needs (Debian packages {@code dbus-daemon}, {@code gnome-keyring}). */
  public static final List<Path> BINARIES =
      List.of(
          Path.of("/usr/bin/dbus-daemon"),
          Path.of("/usr/bin/dbus-send"),
          Path.of("/usr/bin/gnome-keyring-daemon"));

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Path dir;
  private final Process bus;
  private final String address;
  private Process keyring;

  private SecretServiceSession(Path dir, Process bus, String address) {
    this.dir = dir;
    this.bus = bus;
    this.address = address;
  }

  /** The binaries that are not installed, empty when the session can start. */
  public static List<Path> missingBinaries() {
    return BINARIES.stream().filter(p -> !Files.isExecutable(p)).toList();
  }

  /** Starts the bus and the keyring daemon and waits until the Secret Service answers. */
  public static SecretServiceSession start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("ferry-secret-service");
    Path config = dir.resolve("session.conf");
    // A session bus of our own: no <servicedir>, so no other keyring can be activated on it.
    Files.writeString(
        config,
        """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>session</type>
          <listen>unix:dir=%s</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow send_destination="*" eavesdrop="true"/>
            <allow eavesdrop="true"/>
            <allow own="*"/>
          </policy>
        </busconfig>
        """
            .formatted(dir));
    ProcessBuilder busBuilder =
        new ProcessBuilder(
                "/usr/bin/dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1")
            .redirectError(dir.resolve("dbus-daemon.log").toFile());
    isolate(busBuilder.environment(), dir);
    Process bus = busBuilder.start();
    String address;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8))) {
      address = out.readLine();
    }
    if (address == null || address.isBlank()) {
      bus.destroyForcibly();
      throw new IOException(
          "dbus-daemon printed no address: " + Files.readString(dir.resolve("dbus-daemon.log")));
    }
    SecretServiceSession session = new SecretServiceSession(dir, bus, address.strip());
    try {
      session.startKeyring();
    } catch (IOException | InterruptedException | RuntimeException e) {
      session.close();
      throw e;
    }
    return session;
  }

  private void startKeyring() throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                "/usr/bin/gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("gnome-keyring.log").toFile());
    isolate(builder.environment(), dir);
    builder.environment().put("DBUS_SESSION_BUS_ADDRESS", address);
    keyring = builder.start();
    // --unlock reads the login keyring's password from stdin up to its end; a new keyring is
    // created with it.
    try (OutputStream in = keyring.getOutputStream()) {
      in.write("ferry-test-keyring".getBytes(StandardCharsets.UTF_8));
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!secretServiceOwned()) {
      if (!keyring.isAlive() || System.nanoTime() > deadline) {
        throw new IOException(
            "gnome-keyring-daemon did not provide the Secret Service within "
                + START_TIMEOUT.toSeconds()
                + " s: "
                + Files.readString(dir.resolve("gnome-keyring.log")));
      }
      Thread.sleep(100);
    }
  }

  private boolean secretServiceOwned() throws IOException, InterruptedException {
    Process query =
        new ProcessBuilder(
                "/usr/bin/dbus-send",
                "--bus=" + address,
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets")
            .redirectErrorStream(true)
            .start();
    String reply = new String(query.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return query.waitFor(5, TimeUnit.SECONDS) && reply.contains("boolean true");
  }

  /** The daemons see only the temporary directory as home, data and runtime directory. */
  private static void isolate(Map<String, String> env, Path dir) throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path runtime = dir.resolve("runtime");
    if (!Files.exists(runtime)) {
      Files.createDirectory(
          runtime,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    env.remove("DBUS_SESSION_BUS_ADDRESS");
    env.remove("DISPLAY");
    env.remove("WAYLAND_DISPLAY");
    env.put("HOME", home.toString());
    env.put("XDG_DATA_HOME", home.resolve("data").toString());
    env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
    env.put("XDG_RUNTIME_DIR", runtime.toString());
  }

  /** The bus address, for {@code DBUS_SESSION_BUS_ADDRESS}. */
  public String address() {
    return address;
  }

  /** The temporary directory holding the keyring files (to check what is, or is not, in them). */
  public Path directory() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    for (Process p : new Process[] {keyring, bus}) {
      if (p != null) {
        p.destroy();
        try {
          if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
