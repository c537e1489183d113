package dev.ferry.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing ~/.ssh/config with OpenSSH's rules. */
class SshConfigResolverTest {

  @TempDir Path home;
  private String realHome;
  private Path config;

  @BeforeEach
  void useTemporaryHome() {
    realHome = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
    config = home.resolve(".ssh").resolve("config");
  }

  @AfterEach
  void restoreHome() {
    System.setProperty("user.home", realHome);
  }

  private void write(String... lines) throws IOException {
    Files.createDirectories(config.getParent());
    Files.writeString(config, String.join("\n", lines) + "\n");
  }

  @Test
  void resolvesAliasWithHostNameUserPortAndExpandedIdentityFiles() throws IOException {
    write(
        "# production bastion",
        "Host db-prod prod",
        "    HostName bastion.example.com",
        "    User deploy",
        "    Port 2222",
        "    IdentityFile ~/.ssh/id_ed25519",
        "    IdentityFile \"%d/keys/with space\"",
        "    ServerAliveInterval 30",
        "    ConnectTimeout 7",
        "    UserKnownHostsFile ~/.ssh/known_hosts_ferry");

    SshHostConfig resolved = SshConfigResolver.resolve(config, "db-prod");

    assertThat(resolved.hostName()).isEqualTo("bastion.example.com");
    assertThat(resolved.user()).contains("deploy");
    assertThat(resolved.port()).contains(2222);
    assertThat(resolved.identityFiles())
        .containsExactly(home.resolve(".ssh/id_ed25519"), home.resolve("keys/with space"));
    assertThat(resolved.keepAlive()).contains(Duration.ofSeconds(30));
    assertThat(resolved.connectTimeout()).contains(Duration.ofSeconds(7));
    assertThat(resolved.knownHostsFile()).contains(home.resolve(".ssh/known_hosts_ferry"));
    assertThat(resolved.proxyJump()).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "db-prod,     prod.internal",
    "db-test,     test.internal",
    "DB-PROD,     prod.internal",
    "web,         web",
    "db-secret,   db-secret",
  })
  void matchesHostPatternsFirstValueWinning(String alias, String expectedHost) throws IOException {
    write(
        "Host db-prod",
        "  HostName prod.internal",
        "Host db-* !db-secret",
        "  HostName test.internal",
        "  User tester",
        "Host *",
        "  User everyone");

    SshHostConfig resolved = SshConfigResolver.resolve(config, alias);

    assertThat(resolved.hostName()).isEqualTo(expectedHost);
  }

  @Test
  void laterBlocksFillOnlyMissingValuesAndIdentityFilesAccumulate() throws IOException {
    write(
        "Host db",
        "  Port 2200",
        "  IdentityFile /keys/a",
        "Host *",
        "  Port 22",
        "  User=fallback",
        "  IdentityFile=/keys/b");

    SshHostConfig resolved = SshConfigResolver.resolve(config, "db");

    assertThat(resolved.port()).contains(2200);
    assertThat(resolved.user()).contains("fallback");
    assertThat(resolved.identityFiles()).containsExactly(Path.of("/keys/a"), Path.of("/keys/b"));
  }

  @Test
  void followsIncludesRelativeToTheConfigDirectory() throws IOException {
    Files.createDirectories(home.resolve(".ssh/config.d"));
    Files.writeString(
        home.resolve(".ssh/config.d/10-db"), "Host db\n  HostName included.example\n");
    write("Include config.d/*", "Host db", "  HostName ignored.example");

    assertThat(SshConfigResolver.resolve(config, "db").hostName()).isEqualTo("included.example");
  }

  @Test
  void resolvesProxyJumpThroughTheJumpHostsOwnEntry() throws IOException {
    write(
        "Host db",
        "  HostName 10.0.0.5",
        "  ProxyJump bastion",
        "  IdentityFile /keys/db",
        "Host bastion",
        "  HostName bastion.example.com",
        "  User jumper",
        "  Port 2022",
        "  IdentityFile /keys/bastion");

    SshHostConfig resolved = SshConfigResolver.resolve(config, "db");

    assertThat(resolved.proxyJump())
        .contains(new JumpHost("bastion.example.com", 2022, Optional.of("jumper")));
    assertThat(resolved.identityFiles())
        .containsExactly(Path.of("/keys/db"), Path.of("/keys/bastion"));
  }

  @Test
  void explicitPortAndUserInProxyJumpWinOverTheJumpHostsEntry() throws IOException {
    write(
        "Host db", "  ProxyJump ops@bastion:2200", "Host bastion", "  Port 2022", "  User jumper");

    assertThat(SshConfigResolver.resolve(config, "db").proxyJump())
        .contains(new JumpHost("bastion", 2200, Optional.of("ops")));
  }

  @Test
  void unknownAliasResolvesToItselfLikeSsh() throws IOException {
    write("Host other", "  HostName other.example");

    SshHostConfig resolved = SshConfigResolver.resolve(config, "db.example.com");

    assertThat(resolved.hostName()).isEqualTo("db.example.com");
    assertThat(resolved.port()).isEmpty();
    assertThat(resolved.identityFiles()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Port 70000                | is not a port number",
        "ProxyJump a,b             | only one jump host",
        "ProxyCommand nc %h %p     | ProxyCommand",
        "ServerAliveInterval often | is not a number of seconds",
      })
  void rejectsUnusableValuesWithAClearMessage(String line, String expected) throws IOException {
    write("Host db", "  " + line);

    assertThatThrownBy(() -> SshConfigResolver.resolve(config, "db"))
        .isInstanceOfSatisfying(
            TunnelException.class,
            e -> assertThat(e.failure()).isEqualTo(TunnelFailure.INVALID_SSH_CONFIG))
        .hasMessageContaining(expected);
  }

  @Test
  void rejectsSecondHopInTheJumpHostsEntry() throws IOException {
    write("Host db", "  ProxyJump bastion", "Host bastion", "  ProxyJump outer");

    assertThatThrownBy(() -> SshConfigResolver.resolve(config, "db"))
        .isInstanceOf(TunnelException.class)
        .hasMessageContaining("only one jump host");
  }

  @Test
  void missingConfigFileIsReported() {
    assertThatThrownBy(() -> SshConfigResolver.resolve(home.resolve("nope"), "db"))
        .isInstanceOfSatisfying(
            TunnelException.class,
            e -> assertThat(e.failure()).isEqualTo(TunnelFailure.INVALID_SSH_CONFIG))
        .hasMessageContaining("does not exist");
  }

  @Test
  void settingsBuilderPrefersExplicitValuesOverTheConfigEntry() {
    SshHostConfig entry =
        new SshHostConfig(
            "db",
            "bastion.example.com",
            Optional.of(2222),
            Optional.of("deploy"),
            List.of(Path.of("/keys/config")),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(Duration.ofSeconds(30)));

    SshTunnelSettings fromConfig =
        SshTunnelSettings.builder("localhost", 5432).config(entry).build();
    SshTunnelSettings overridden =
        SshTunnelSettings.builder("localhost", 5432)
            .user("admin")
            .identityFile(Path.of("/keys/flag"))
            .config(entry)
            .port(22)
            .build();

    assertThat(fromConfig.host()).isEqualTo("bastion.example.com");
    assertThat(fromConfig.port()).isEqualTo(2222);
    assertThat(fromConfig.user()).contains("deploy");
    assertThat(fromConfig.identityFiles()).containsExactly(Path.of("/keys/config"));
    assertThat(fromConfig.keepAlive()).isEqualTo(Duration.ofSeconds(30));
    assertThat(fromConfig.knownHostsFile()).isEqualTo(home.resolve(".ssh/known_hosts"));
    assertThat(overridden.host()).isEqualTo("bastion.example.com");
    assertThat(overridden.port()).isEqualTo(22);
    assertThat(overridden.user()).contains("admin");
    assertThat(overridden.identityFiles()).containsExactly(Path.of("/keys/flag"));
  }
}
