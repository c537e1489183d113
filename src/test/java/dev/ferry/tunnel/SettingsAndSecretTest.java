package dev.ferry.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation of the value types: secrets, jump host specs and settings. */
class SettingsAndSecretTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "bastion,                 bastion,     22,   ''",
    "ops@bastion,             bastion,     22,   ops",
    "ops@bastion:2222,        bastion,     2222, ops",
    "bastion.example.com:22,  bastion.example.com, 22, ''",
    "[::1]:2200,              ::1,         2200, ''",
    "ssh://me@10.0.0.1:2022,  10.0.0.1,    2022, me",
  })
  void parsesJumpHostSpecs(String spec, String host, int port, String user) {
    JumpHost jump = JumpHost.parse(spec);

    assertThat(jump)
        .isEqualTo(new JumpHost(host, port, user.isEmpty() ? Optional.empty() : Optional.of(user)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a,b          | only one jump host",
        "host:notaport | not a port number",
        "host:70000   | between 1 and 65535",
        "@host        | must not be blank",
      })
  void rejectsBadJumpHostSpecs(String spec, String message) {
    assertThatThrownBy(() -> JumpHost.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void settingsRejectInvalidValues() {
    SshTunnelSettings.Builder valid =
        SshTunnelSettings.builder("localhost", 5432).host("bastion").identityFile(Path.of("/k"));
    assertThat(valid.build().port()).isEqualTo(22);

    assertThatThrownBy(
            () -> SshTunnelSettings.builder("localhost", 5432).identityFile(Path.of("/k")).build())
        .hasMessageContaining("no SSH host");
    assertThatThrownBy(
            () ->
                SshTunnelSettings.builder("localhost", 0)
                    .host("b")
                    .identityFile(Path.of("/k"))
                    .build())
        .hasMessageContaining("target port");
    assertThatThrownBy(
            () ->
                SshTunnelSettings.builder("localhost", 5432)
                    .host("b")
                    .port(65536)
                    .identityFile(Path.of("/k"))
                    .build())
        .hasMessageContaining("SSH port");
    assertThatThrownBy(
            () ->
                SshTunnelSettings.builder(" ", 5432).host("b").identityFile(Path.of("/k")).build())
        .hasMessageContaining("target host");
    assertThatThrownBy(
            () ->
                SshTunnelSettings.builder("localhost", 5432)
                    .host("b")
                    .identityFile(Path.of("/k"))
                    .connectTimeout(Duration.ZERO)
                    .build())
        .hasMessageContaining("connectTimeout");
  }

  @Test
  void settingsNeedAKeyOrAPassword() {
    String home = System.getProperty("user.home");
    // An empty home has no default keys, so nothing could authenticate.
    System.setProperty("user.home", "/nonexistent-ferry-home");
    try {
      assertThatThrownBy(() -> SshTunnelSettings.builder("localhost", 5432).host("b").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no way to authenticate");
    } finally {
      System.setProperty("user.home", home);
    }
  }
}
