package dev.ferry.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.Secret;
import java.nio.file.Path;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password authentication, which the real sshd cannot test without a system account password: an
 * in-process Apache MINA SSHD server checks a fixed user and password instead.
 */
class MinaPasswordAuthenticationTest {

  private static final String PASSWORD = "s3cret-Pa55";

  @TempDir static Path dir;
  @TempDir Path knownHostsDir;
  private static SshServer server;
  private static EchoServer echo;
  private static Path rejectedKey;

  @BeforeAll
  static void start() throws Exception {
    rejectedKey = SshKeys.generate(dir, "rejected", "ed25519", SshKeys.Format.OPENSSH, "");
    echo = EchoServer.start();
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("hostkey.ser")));
    server.setPasswordAuthenticator(
        (user, password, session) -> user.equals("ferry") && password.equals(PASSWORD));
    server.setPublickeyAuthenticator((user, key, session) -> false);
    server.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop(true);
    echo.close();
  }

  private SshTunnelSettings.Builder settings(String password) {
    return SshTunnelSettings.builder("127.0.0.1", echo.port())
        .host("127.0.0.1")
        .port(server.getPort())
        .user("ferry")
        .password(Secret.of(password.toCharArray()))
        .knownHostsFile(knownHostsDir.resolve("known_hosts"))
        .policy(HostKeyPolicy.ACCEPT_NEW);
  }

  @Test
  void authenticatesWithPasswordAlone() {
    SshTunnelSettings settings = settings(PASSWORD).build();

    try (SshTunnel tunnel = SshTunnel.open(settings, HostKeyPrompt.REFUSE)) {
      Tunnels.assertForwards(tunnel);
    }
    assertThat(settings.toString()).contains("****").doesNotContain(PASSWORD);
  }

  @Test
  void fallsBackToPasswordWhenTheKeyIsRejected() {
    Secret password = Secret.of(PASSWORD.toCharArray());
    SshTunnelSettings settings =
        settings(PASSWORD).password(password).identityFile(rejectedKey).build();

    try (SshTunnel tunnel = SshTunnel.open(settings, HostKeyPrompt.REFUSE)) {
      // The secret is needed only while opening; the caller may wipe it at once.
      password.clear();
      Tunnels.assertForwards(tunnel);
    }
  }

  @Test
  void wrongPasswordFailsNamingTheTriedMethodsButNotThePassword() {
    SshTunnelSettings settings = settings("guess-one").identityFile(rejectedKey).build();

    assertThatThrownBy(() -> SshTunnel.open(settings, HostKeyPrompt.REFUSE))
        .isInstanceOfSatisfying(
            TunnelException.class,
            e -> assertThat(e.failure()).isEqualTo(TunnelFailure.AUTHENTICATION_FAILED))
        .hasMessageContaining("rejected user 'ferry'")
        .hasMessageContaining("publickey with " + rejectedKey + " and password")
        .hasMessageNotContaining("guess-one");
  }
}
