package dev.ferry.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Host key verification against known_hosts with the real OpenSSH server. */
@Tag(OpenSshServer.TAG)
class OpenSshHostKeyVerificationTest {

  @TempDir static Path shared;
  @TempDir Path dir;
  private static Path key;
  private static EchoServer echo;
  private static OpenSshServer server;

  @BeforeAll
  static void start() {
    key = SshKeys.generate(shared, "id", "ed25519", SshKeys.Format.OPENSSH, "");
    echo = EchoServer.start();
    server = OpenSshServer.builder().authorizedKey(SshKeys.publicKey(key)).start();
  }

  @AfterAll
  static void stop() {
    server.close();
    echo.close();
  }

  private SshTunnelSettings settings(Path knownHosts, HostKeyPolicy policy) {
    return Tunnels.to(server, echo, knownHosts).identityFile(key).policy(policy).build();
  }

  @Test
  void refusesUnknownHostUnderStrictShowingTypeFingerprintAndFlag() {
    Path knownHosts = dir.resolve("known_hosts");

    assertThatThrownBy(
            () -> SshTunnel.open(settings(knownHosts, HostKeyPolicy.STRICT), HostKeyPrompt.REFUSE))
        .isInstanceOfSatisfying(
            TunnelException.class,
            e -> assertThat(e.failure()).isEqualTo(TunnelFailure.UNKNOWN_HOST_KEY))
        .hasMessageContaining("ssh-ed25519")
        .hasMessageContaining(server.hostKeyFingerprint())
        .hasMessageContaining("--ssh-accept-new-host-key");
    assertThat(knownHosts).doesNotExist();
  }

  @Test
  void acceptNewRecordsTheKeySoThatStrictThenConnects() throws Exception {
    Path knownHosts = dir.resolve("sub").resolve("known_hosts");

    try (SshTunnel tunnel =
        SshTunnel.open(settings(knownHosts, HostKeyPolicy.ACCEPT_NEW), HostKeyPrompt.REFUSE)) {
      Tunnels.assertForwards(tunnel);
    }
    assertThat(Files.readAllLines(knownHosts)).containsExactly(server.knownHostsLine());
    try (SshTunnel tunnel =
        SshTunnel.open(settings(knownHosts, HostKeyPolicy.STRICT), HostKeyPrompt.REFUSE)) {
      Tunnels.assertForwards(tunnel);
    }
    // ssh-keygen -F proves OpenSSH itself can read what was appended.
    assertThat(
            SshKeys.run(
                "ssh-keygen", "-F", "[127.0.0.1]:" + server.port(), "-f", knownHosts.toString()))
        .contains(server.hostKeyAlgorithm());
  }

  @Test
  void appendsToExistingKnownHostsWithoutTouchingOtherEntries() throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    String existing =
        "# my hosts\nexample.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHj9i6vBMMAUmK4MBR0a7aSNzB9SbTWZVjhKZ4rWCkDl";
    Files.writeString(knownHosts, existing);

    try (SshTunnel tunnel =
        SshTunnel.open(settings(knownHosts, HostKeyPolicy.ACCEPT_NEW), HostKeyPrompt.REFUSE)) {
      assertThat(tunnel.isAlive()).isTrue();
    }

    assertThat(Files.readString(knownHosts))
        .isEqualTo(existing + "\n" + server.knownHostsLine() + "\n");
  }

  @ParameterizedTest(name = "user answers {0}")
  @ValueSource(booleans = {true, false})
  void askPolicyShowsTypeAndSha256FingerprintToThePrompt(boolean answer) throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    List<UnknownHostKey> asked = new ArrayList<>();
    HostKeyPrompt prompt = k -> asked.add(k) && answer;

    if (answer) {
      try (SshTunnel tunnel = SshTunnel.open(settings(knownHosts, HostKeyPolicy.ASK), prompt)) {
        Tunnels.assertForwards(tunnel);
      }
      assertThat(Files.readAllLines(knownHosts)).containsExactly(server.knownHostsLine());
    } else {
      assertThatThrownBy(() -> SshTunnel.open(settings(knownHosts, HostKeyPolicy.ASK), prompt))
          .isInstanceOfSatisfying(
              TunnelException.class,
              e -> assertThat(e.failure()).isEqualTo(TunnelFailure.UNKNOWN_HOST_KEY));
      assertThat(knownHosts).doesNotExist();
    }
    assertThat(asked)
        .containsExactly(
            new UnknownHostKey(
                "127.0.0.1", server.port(), "ssh-ed25519", server.hostKeyFingerprint()));
  }

  @Test
  void acceptsHashedKnownHostsEntries() throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine() + "\n");
    SshKeys.run("ssh-keygen", "-H", "-f", knownHosts.toString());
    assertThat(Files.readString(knownHosts)).startsWith("|1|").doesNotContain("127.0.0.1");

    try (SshTunnel tunnel =
        SshTunnel.open(settings(knownHosts, HostKeyPolicy.STRICT), HostKeyPrompt.REFUSE)) {
      Tunnels.assertForwards(tunnel);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"STRICT", "ACCEPT_NEW", "ASK"})
  void refusesChangedHostKeyWithRiskWarning(HostKeyPolicy policy) throws Exception {
    try (OpenSshServer changing =
        OpenSshServer.builder().authorizedKey(SshKeys.publicKey(key)).start()) {
      Path knownHosts = dir.resolve("known_hosts");
      Files.writeString(knownHosts, changing.knownHostsLine() + "\n");
      String before = Files.readString(knownHosts);
      changing.restartWithNewHostKey();
      SshTunnelSettings settings =
          SshTunnelSettings.builder("127.0.0.1", echo.port())
              .host(changing.host())
              .port(changing.port())
              .user("root")
              .identityFile(key)
              .knownHostsFile(knownHosts)
              .policy(policy)
              .build();

      assertThatThrownBy(() -> SshTunnel.open(settings, k -> true))
          .isInstanceOfSatisfying(
              TunnelException.class,
              e ->
                  assertThat(e.failure())
                      .as(e.getMessage())
                      .isEqualTo(TunnelFailure.CHANGED_HOST_KEY))
          .hasMessageContaining("man-in-the-middle")
          .hasMessageContaining(changing.hostKeyFingerprint())
          .hasMessageContaining(
              "ssh-keygen -R '[127.0.0.1]:" + changing.port() + "' -f " + knownHosts);
      assertThat(Files.readString(knownHosts)).isEqualTo(before);
    }
  }
}
