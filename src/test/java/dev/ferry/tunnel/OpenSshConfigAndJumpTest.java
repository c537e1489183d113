package dev.ferry.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ssh config alias and ProxyJump through two real OpenSSH servers. */
@Tag(OpenSshServer.TAG)
class OpenSshConfigAndJumpTest {

  @TempDir static Path home;
  private static Path key;
  private static EchoServer echo;
  private static OpenSshServer target;
  private static OpenSshServer jump;
  private static String realHome;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(home.resolve(".ssh"));
    key = SshKeys.generate(home.resolve(".ssh"), "id_ferry", "ed25519", SshKeys.Format.OPENSSH, "");
    echo = EchoServer.start();
    target = OpenSshServer.builder().authorizedKey(SshKeys.publicKey(key)).start();
    // DEBUG1 makes the jump server log each direct-tcpip request, proving the hop is used.
    jump =
        OpenSshServer.builder()
            .authorizedKey(SshKeys.publicKey(key))
            .hostKeyType("ecdsa")
            .config("LogLevel DEBUG1")
            .start();
    Files.writeString(
        home.resolve(".ssh/known_hosts"),
        target.knownHostsLine() + "\n" + jump.knownHostsLine() + "\n");
  }

  @AfterAll
  static void stop() {
    jump.close();
    target.close();
    echo.close();
  }

  @BeforeEach
  void useTemporaryHome() {
    realHome = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
  }

  @AfterEach
  void restoreHome() {
    System.setProperty("user.home", realHome);
  }

  private static Path config(String... lines) throws Exception {
    Path config = home.resolve(".ssh/config");
    Files.writeString(config, String.join("\n", lines) + "\n");
    return config;
  }

  @Test
  void opensTunnelFromConfigAliasWithHostNameUserPortAndIdentityFile() throws Exception {
    Path config =
        config(
            "Host ferry-db",
            "  HostName 127.0.0.1",
            "  User root",
            "  Port " + target.port(),
            "  IdentityFile ~/.ssh/id_ferry");

    SshTunnelSettings settings =
        SshTunnelSettings.builder("127.0.0.1", echo.port())
            .config(SshConfigResolver.resolve(config, "ferry-db"))
            .build();

    assertThat(settings.knownHostsFile()).isEqualTo(home.resolve(".ssh/known_hosts"));
    try (SshTunnel tunnel = SshTunnel.open(settings, HostKeyPrompt.REFUSE)) {
      Tunnels.assertForwards(tunnel);
    }
  }

  @Test
  void tunnelsThroughProxyJumpFromConfigAndClosesBothSessions() throws Exception {
    Path config =
        config(
            "Host ferry-db",
            "  HostName 127.0.0.1",
            "  Port " + target.port(),
            "  User root",
            "  IdentityFile ~/.ssh/id_ferry",
            "  ProxyJump bastion",
            "Host bastion",
            "  HostName 127.0.0.1",
            "  Port " + jump.port(),
            "  User root");
    SshTunnelSettings settings =
        SshTunnelSettings.builder("127.0.0.1", echo.port())
            .config(SshConfigResolver.resolve(config, "ferry-db"))
            .build();
    assertThat(settings.proxyJump())
        .contains(new JumpHost("127.0.0.1", jump.port(), Optional.of("root")));

    SshTunnel tunnel = SshTunnel.open(settings, HostKeyPrompt.REFUSE);
    Tunnels.assertForwards(tunnel);
    assertThat(jump.log()).contains("target 127.0.0.1 port " + target.port());

    tunnel.close();
    tunnel.close();
    awaitLog(jump, "Connection closed by 127.0.0.1");
  }

  @Test
  void jumpHostDroppingKillsTheTunnel() throws Exception {
    try (OpenSshServer doomedJump =
        OpenSshServer.builder().authorizedKey(SshKeys.publicKey(key)).start()) {
      Path knownHosts = home.resolve("known_hosts_doomed");
      Files.writeString(
          knownHosts, target.knownHostsLine() + "\n" + doomedJump.knownHostsLine() + "\n");
      SshTunnelSettings settings =
          Tunnels.to(target, echo, knownHosts)
              .identityFile(key)
              .proxyJump(JumpHost.parse("root@127.0.0.1:" + doomedJump.port()))
              .build();
      try (SshTunnel tunnel = SshTunnel.open(settings, HostKeyPrompt.REFUSE)) {
        Tunnels.assertForwards(tunnel);

        doomedJump.kill();

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (tunnel.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(tunnel.isAlive()).isFalse();
      }
    }
  }

  @Test
  void jumpHostThatForbidsForwardingIsReportedAsSuch() throws Exception {
    try (OpenSshServer lockedJump =
        OpenSshServer.builder()
            .authorizedKey(SshKeys.publicKey(key))
            .config("AllowTcpForwarding no")
            .start()) {
      Path knownHosts = home.resolve("known_hosts_locked");
      Files.writeString(
          knownHosts, target.knownHostsLine() + "\n" + lockedJump.knownHostsLine() + "\n");
      SshTunnelSettings settings =
          Tunnels.to(target, echo, knownHosts)
              .identityFile(key)
              .proxyJump(new JumpHost("127.0.0.1", lockedJump.port(), Optional.empty()))
              .build();

      assertThatThrownBy(() -> SshTunnel.open(settings, HostKeyPrompt.REFUSE))
          .isInstanceOfSatisfying(
              TunnelException.class,
              e -> assertThat(e.failure()).isEqualTo(TunnelFailure.FORWARDING_REFUSED))
          .hasMessageContaining(
              "The jump host refused to connect to the SSH host 127.0.0.1:" + target.port())
          .hasMessageContaining("administratively prohibited");
    }
  }

  private static void awaitLog(OpenSshServer server, String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!server.log().contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(server.log()).contains(text);
  }
}
