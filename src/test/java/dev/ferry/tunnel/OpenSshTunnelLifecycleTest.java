package dev.ferry.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forwarding, liveness, closing and connection-level failures with the real OpenSSH server. */
@Tag(OpenSshServer.TAG)
class OpenSshTunnelLifecycleTest {

  @TempDir static Path dir;
  private static Path key;
  private static EchoServer echo;
  private static OpenSshServer server;
  private static Path knownHosts;

  @BeforeAll
  static void start() throws IOException {
    key = SshKeys.generate(dir, "id", "ed25519", SshKeys.Format.OPENSSH, "");
    echo = EchoServer.start();
    server = OpenSshServer.builder().authorizedKey(SshKeys.publicKey(key)).start();
    knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine() + "\n");
  }

  @AfterAll
  static void stop() {
    server.close();
    echo.close();
  }

  private static SshTunnelSettings.Builder settings(OpenSshServer to) {
    return Tunnels.to(to, echo, knownHosts).identityFile(key);
  }

  @Test
  void forwardsBytesFromLoopbackPortToTarget() {
    try (SshTunnel tunnel = SshTunnel.open(settings(server).build(), HostKeyPrompt.REFUSE)) {
      assertThat(tunnel.localHost()).isEqualTo("127.0.0.1");
      assertThat(tunnel.localPort()).isPositive();
      for (int i = 0; i < 3; i++) {
        Tunnels.assertForwards(tunnel);
      }
      assertThat(tunnel.toString()).contains("127.0.0.1:" + echo.port()).doesNotContain("Secret");
    }
  }

  @Test
  void closeIsIdempotentAndFreesTheLocalPort() throws IOException {
    SshTunnel tunnel = SshTunnel.open(settings(server).build(), HostKeyPrompt.REFUSE);
    int port = tunnel.localPort();

    tunnel.close();
    tunnel.close();

    assertThat(tunnel.isAlive()).isFalse();
    // Nothing listens there any more. (Binding the port again would also race with any other
    // process on the machine, whose outgoing connections may take the freed port as their own.)
    assertThat(somethingListensOn(port)).isFalse();
  }

  /**
   * Whether a connection to {@code port} on 127.0.0.1 reaches a listener. A connection whose own
   * port is the same one reached nothing but itself: with no listener, TCP connects a socket to
   * itself when the system happens to pick the target port as the source port (seen once in CI), so
   * that counts as no listener, and the probe is tried again with another source port.
   */
  private static boolean somethingListensOn(int port) throws IOException {
    for (int attempt = 0; attempt < 3; attempt++) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 2000);
        if (probe.getLocalPort() != port) {
          return true;
        }
      } catch (java.net.ConnectException refused) {
        return false;
      }
    }
    return false;
  }

  @Test
  void killingSshdMakesTheTunnelDeadWithinSeconds() throws Exception {
    try (OpenSshServer doomed =
        OpenSshServer.builder().authorizedKey(SshKeys.publicKey(key)).start()) {
      Files.writeString(
          knownHosts, doomed.knownHostsLine() + "\n", java.nio.file.StandardOpenOption.APPEND);
      SshTunnel tunnel = SshTunnel.open(settings(doomed).build(), HostKeyPrompt.REFUSE);
      Tunnels.assertForwards(tunnel);

      doomed.kill();

      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (tunnel.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(tunnel.isAlive()).isFalse();
      tunnel.close();
    }
  }

  @Test
  void reportsRefusedConnectionToSshHost() throws IOException {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    SshTunnelSettings s = settings(server).port(closedPort).build();

    assertThatThrownBy(() -> SshTunnel.open(s, HostKeyPrompt.REFUSE))
        .isInstanceOfSatisfying(
            TunnelException.class,
            e -> assertThat(e.failure()).isEqualTo(TunnelFailure.CONNECTION_FAILED))
        .hasMessage(
            "The SSH host 127.0.0.1:"
                + closedPort
                + " refused the connection; check the host and port and that the SSH server is"
                + " running.");
  }

  @Test
  void reportsTimeoutWhenSshHostNeverAnswers() throws IOException {
    // A listening socket that never accepts or speaks: the handshake must give up on time.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      SshTunnelSettings s =
          settings(server)
              .port(silent.getLocalPort())
              .connectTimeout(Duration.ofMillis(700))
              .build();
      long start = System.nanoTime();

      assertThatThrownBy(() -> SshTunnel.open(s, HostKeyPrompt.REFUSE))
          .isInstanceOfSatisfying(
              TunnelException.class,
              e -> assertThat(e.failure()).isEqualTo(TunnelFailure.CONNECTION_FAILED))
          .hasMessageContaining("did not answer within");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void reportsServerThatForbidsPortForwarding() throws IOException {
    try (OpenSshServer locked =
        OpenSshServer.builder()
            .authorizedKey(SshKeys.publicKey(key))
            .config("AllowTcpForwarding no")
            .start()) {
      Files.writeString(
          knownHosts, locked.knownHostsLine() + "\n", java.nio.file.StandardOpenOption.APPEND);

      assertThatThrownBy(() -> SshTunnel.open(settings(locked).build(), HostKeyPrompt.REFUSE))
          .isInstanceOfSatisfying(
              TunnelException.class,
              e -> assertThat(e.failure()).isEqualTo(TunnelFailure.FORWARDING_REFUSED))
          .hasMessageContaining("does not allow port forwarding")
          .hasMessageContaining("AllowTcpForwarding");
    }
  }

  @Test
  void reportsTargetTheServerCannotReach() throws IOException {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    SshTunnelSettings s =
        SshTunnelSettings.builder("127.0.0.1", closedPort)
            .host(server.host())
            .port(server.port())
            .user("root")
            .identityFile(key)
            .knownHostsFile(knownHosts)
            .build();

    assertThatThrownBy(() -> SshTunnel.open(s, HostKeyPrompt.REFUSE))
        .isInstanceOfSatisfying(
            TunnelException.class,
            e -> assertThat(e.failure()).isEqualTo(TunnelFailure.TARGET_UNREACHABLE))
        .hasMessageContaining("could not connect to the database at 127.0.0.1:" + closedPort);
  }
}
