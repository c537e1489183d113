package dev.ferry.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Key authentication against the real OpenSSH server, for every key type, format and passphrase.
 */
@Tag(OpenSshServer.TAG)
class OpenSshKeyAuthenticationTest {

  private static final String PASSPHRASE = "correct horse";

  @TempDir static Path keys;
  private static OpenSshServer server;
  private static EchoServer echo;
  private static Path knownHosts;

  @BeforeAll
  static void startServer() throws Exception {
    server = OpenSshServer.builder().start();
    echo = EchoServer.start();
    knownHosts = keys.resolve("known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine() + "\n");
  }

  @AfterAll
  static void stopServer() {
    echo.close();
    server.close();
  }

  private static Path authorizedKey(
      String name, String type, SshKeys.Format format, String passphrase) {
    Path key = SshKeys.generate(keys, name, type, format, passphrase);
    server.authorize(SshKeys.publicKey(key));
    return key;
  }

  @ParameterizedTest(name = "{0} {1} encrypted={2}")
  @CsvSource({
    "ed25519, OPENSSH, false",
    "ed25519, OPENSSH, true",
    "ecdsa,   OPENSSH, false",
    "ecdsa,   OPENSSH, true",
    "ecdsa,   PEM,     false",
    "ecdsa,   PEM,     true",
    "ecdsa,   PKCS8,   false",
    "ecdsa,   PKCS8,   true",
    "rsa,     OPENSSH, false",
    "rsa,     OPENSSH, true",
    "rsa,     PEM,     false",
    "rsa,     PEM,     true",
    "rsa,     PKCS8,   false",
    "rsa,     PKCS8,   true",
  })
  void authenticatesWithKeyTypeAndFormat(String type, SshKeys.Format format, boolean encrypted) {
    String name = type + "_" + format + (encrypted ? "_enc" : "");
    Path key = authorizedKey(name, type, format, encrypted ? PASSPHRASE : "");
    SshTunnelSettings.Builder builder = Tunnels.to(server, echo, knownHosts).identityFile(key);
    if (encrypted) {
      builder.passphrase(Secret.of(PASSPHRASE.toCharArray()));
    }

    try (SshTunnel tunnel = SshTunnel.open(builder.build(), HostKeyPrompt.REFUSE)) {
      assertThat(tunnel.isAlive()).isTrue();
      Tunnels.assertForwards(tunnel);
    }
  }

  @Test
  void refusesWrongPassphraseNamingTheKey() {
    Path key = authorizedKey("wrong_pass", "ed25519", SshKeys.Format.OPENSSH, PASSPHRASE);
    SshTunnelSettings settings =
        Tunnels.to(server, echo, knownHosts)
            .identityFile(key)
            .passphrase(Secret.of("not it".toCharArray()))
            .build();

    assertThatThrownBy(() -> SshTunnel.open(settings, HostKeyPrompt.REFUSE))
        .isInstanceOfSatisfying(
            TunnelException.class,
            e -> assertThat(e.failure()).isEqualTo(TunnelFailure.WRONG_PASSPHRASE))
        .hasMessageContaining(key.toString())
        .hasMessageNotContaining("not it");
  }

  @Test
  void asksForPassphraseWhenEncryptedKeyHasNone() {
    Path key = authorizedKey("no_pass_given", "rsa", SshKeys.Format.PEM, PASSPHRASE);
    SshTunnelSettings settings = Tunnels.to(server, echo, knownHosts).identityFile(key).build();

    assertThatThrownBy(() -> SshTunnel.open(settings, HostKeyPrompt.REFUSE))
        .isInstanceOfSatisfying(
            TunnelException.class,
            e -> assertThat(e.failure()).isEqualTo(TunnelFailure.PASSPHRASE_REQUIRED))
        .hasMessageContaining("--ssh-passphrase-env");
  }

  @Test
  void reportsRejectedKeyAsAuthenticationFailureListingTriedMethods() throws Exception {
    Path stranger = SshKeys.generate(keys, "stranger", "ed25519", SshKeys.Format.OPENSSH, "");
    SshTunnelSettings settings =
        Tunnels.to(server, echo, knownHosts).identityFile(stranger).build();

    assertThatThrownBy(() -> SshTunnel.open(settings, HostKeyPrompt.REFUSE))
        .isInstanceOfSatisfying(
            TunnelException.class,
            e -> assertThat(e.failure()).isEqualTo(TunnelFailure.AUTHENTICATION_FAILED))
        .hasMessageContaining("rejected user 'root'")
        .hasMessageContaining("publickey with " + stranger);
  }
}
