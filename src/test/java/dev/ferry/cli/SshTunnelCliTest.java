package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.SshCliFixture.Result;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.tunnel.OpenSshServer;
import dev.ferry.tunnel.SshKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --ssh-*} options of migrate, verify and preview against a real OpenSSH server, a real
 * PostgreSQL reachable with a password, and a Mongo wire server, through {@link FerryCli#run}.
 */
@Tag(OpenSshServer.TAG)
class SshTunnelCliTest {
  private static final int ORDERS = 300;

  @TempDir static Path shared;
  @TempDir Path dir;
  private static SshCliFixture f;

  @BeforeAll
  static void start() {
    f = SshCliFixture.start(shared, ORDERS);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void migrateAndVerifyThroughTheTunnelCarryEveryOrderAndMatch() {
    String db = MongoTestSupport.freshDatabase();
    List<String> ssh = f.ssh(f.trustedKnownHosts());

    Result migrate = f.run(f.args("migrate", db, with(ssh, "--json")));

    assertThat(migrate.exit()).as(migrate.toString()).isZero();
    Document run = migrate.json();
    assertThat(run.getString("status")).isEqualTo("completed");
    Document counts = run.get("counts", Document.class);
    long inserted = ((Number) counts.get("inserted")).longValue();
    long rejected = ((Number) counts.get("rejected")).longValue();
    assertThat(inserted).isPositive();
    assertThat(inserted + rejected).isEqualTo(ORDERS);
    assertThat(SshCliFixture.count(db, "orders")).isEqualTo(inserted);
    // sshd logged the forwarded connections to the database: the source was read through it.
    assertThat(f.sshd.log()).contains("target localhost port " + f.pg.port());

    Result verify = f.run(f.args("verify", db, with(ssh, "--json")));

    assertThat(verify.exit()).as(verify.toString()).isZero();
    Document report = verify.json();
    assertThat(report.getString("status")).isEqualTo("match");
    assertThat(((Number) report.get("source_orders")).longValue()).isEqualTo(ORDERS);
    assertThat(((Number) report.get("target_documents")).longValue()).isEqualTo(inserted);
  }

  @Test
  void inspectReadsTheSourceThroughTheTunnel() {
    List<String> ssh = f.ssh(f.trustedKnownHosts());

    Result inspect =
        f.run(f.args("inspect", MongoTestSupport.freshDatabase(), with(ssh, "--json")));

    assertThat(inspect.exit()).as(inspect.toString()).isZero();
    Document report = Document.parse(inspect.out());
    assertThat(report.getList("relations", Document.class)).hasSizeGreaterThanOrEqualTo(4);
    Document clients = report.get("clients", Document.class);
    assertThat(clients.getList("clients", Document.class)).isNotEmpty();
    assertThat(f.sshd.log()).contains("target localhost port " + f.pg.port());
  }

  @Test
  void anUnknownHostIsRefusedNamingItsKeyAndTheFlagToAcceptIt() {
    Path knownHosts = dir.resolve("known_hosts");

    Result result = f.run(f.args("verify", MongoTestSupport.freshDatabase(), f.ssh(knownHosts)));

    assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.err())
        .startsWith("ferry: ")
        .contains("ssh-ed25519")
        .contains(f.sshd.hostKeyFingerprint())
        .contains("--ssh-accept-new-host-key")
        .doesNotContain("\tat ");
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(knownHosts).doesNotExist();
  }

  @Test
  void acceptNewHostKeyRecordsTheHostSoThatLaterRunsNeedNoFlag() throws IOException {
    Path knownHosts = dir.resolve("ssh").resolve("known_hosts");
    String db = MongoTestSupport.freshDatabase();

    Result first =
        f.run(f.args("preview", db, with(f.ssh(knownHosts), "--ssh-accept-new-host-key")));

    assertThat(first.exit()).as(first.toString()).isZero();
    assertThat(Files.readAllLines(knownHosts)).containsExactly(f.sshd.knownHostsLine());

    Result second = f.run(f.args("preview", db, with(f.ssh(knownHosts), "--json")));

    assertThat(second.exit()).as(second.toString()).isZero();
    assertThat(second.json().getString("status")).isEqualTo("ok");
    assertThat(Files.readAllLines(knownHosts)).containsExactly(f.sshd.knownHostsLine());
  }

  @Test
  void aChangedHostKeyIsRefusedEvenWithAcceptNewHostKey() throws IOException {
    Path knownHosts = dir.resolve("known_hosts");
    String db = MongoTestSupport.freshDatabase();
    try (OpenSshServer server =
        OpenSshServer.builder().authorizedKey(SshKeys.publicKey(f.key)).start()) {
      List<String> ssh =
          List.of(
              "--ssh-host",
              server.host(),
              "--ssh-port",
              Integer.toString(server.port()),
              "--ssh-user",
              "root",
              "--ssh-key",
              f.key.toString(),
              "--ssh-known-hosts",
              knownHosts.toString(),
              "--ssh-accept-new-host-key");
      Result trusted = f.run(f.args("preview", db, ssh));
      assertThat(trusted.exit()).as(trusted.toString()).isZero();
      List<String> recorded = Files.readAllLines(knownHosts);

      server.restartWithNewHostKey();
      Result result = f.run(f.args("preview", db, ssh));

      assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(result.err())
          .startsWith("ferry: ")
          .contains("has CHANGED")
          .contains(server.hostKeyFingerprint())
          .doesNotContain("\tat ");
      assertThat(Files.readAllLines(knownHosts)).isEqualTo(recorded);
    }
  }

  @Test
  void aConfigAliasSuppliesHostPortUserKeyAndKnownHosts() throws IOException {
    Path config =
        writeConfig(
            "Host ferry-db",
            "  HostName " + f.sshd.host(),
            "  Port " + f.sshd.port(),
            "  User root",
            "  IdentityFile " + f.key,
            "  UserKnownHostsFile " + f.trustedKnownHosts());

    Result result =
        f.run(
            f.args(
                "preview",
                MongoTestSupport.freshDatabase(),
                List.of("--ssh-config-host", "ferry-db", "--ssh-config", config.toString())));

    assertThat(result.exit()).as(result.toString()).isZero();
    assertThat(result.out()).contains("\"_id\"");
  }

  @Test
  void explicitFlagsOverrideTheConfigEntry() throws IOException {
    Path config =
        writeConfig(
            "Host ferry-db",
            "  HostName " + f.sshd.host(),
            "  Port " + closedPort(),
            "  User root",
            "  IdentityFile " + f.key,
            "  UserKnownHostsFile " + f.trustedKnownHosts());
    List<String> alias =
        List.of("--ssh-config-host", "ferry-db", "--ssh-config", config.toString());
    String db = MongoTestSupport.freshDatabase();

    Result fromConfig = f.run(f.args("preview", db, alias));
    Result overridden =
        f.run(f.args("preview", db, with(alias, "--ssh-port", Integer.toString(f.sshd.port()))));

    assertThat(fromConfig.exit()).as(fromConfig.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(fromConfig.err()).contains("refused the connection");
    assertThat(overridden.exit()).as(overridden.toString()).isZero();
  }

  @Test
  void aMissingConfigFileIsOneSentenceAndExitCodeOne() {
    Path missing = dir.resolve("no-such-config");

    Result result =
        f.run(
            f.args(
                "verify",
                MongoTestSupport.freshDatabase(),
                List.of("--ssh-config-host", "ferry-db", "--ssh-config", missing.toString())));

    assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.err().strip())
        .isEqualTo(
            "ferry: The ssh config file "
                + missing
                + " does not exist or is not readable; create it or pass the SSH host directly.");
  }

  @Test
  void anEncryptedKeyIsUnlockedWithThePassphraseFromTheNamedEnvironmentVariable() {
    Path encrypted =
        SshKeys.generate(dir, "id_encrypted", "ed25519", SshKeys.Format.OPENSSH, "correct horse");
    f.sshd.authorize(SshKeys.publicKey(encrypted));
    Path knownHosts = f.trustedKnownHosts();
    List<String> ssh =
        List.of(
            "--ssh-host",
            f.sshd.host(),
            "--ssh-port",
            Integer.toString(f.sshd.port()),
            "--ssh-user",
            "root",
            "--ssh-key",
            encrypted.toString(),
            "--ssh-known-hosts",
            knownHosts.toString());
    String db = MongoTestSupport.freshDatabase();

    Result unlocked =
        f.run(
            Map.of("FERRY_SSH_PASSPHRASE", "correct horse"),
            f.args("preview", db, with(ssh, "--ssh-passphrase-env", "FERRY_SSH_PASSPHRASE")));
    Result unset =
        f.run(f.args("preview", db, with(ssh, "--ssh-passphrase-env", "FERRY_SSH_PASSPHRASE")));
    Result none = f.run(f.args("preview", db, ssh));

    assertThat(unlocked.exit()).as(unlocked.toString()).isZero();
    assertThat(unset.exit()).as(unset.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(unset.err())
        .contains(
            "The environment variable FERRY_SSH_PASSPHRASE named by --ssh-passphrase-env is not"
                + " set.");
    // Tests have no terminal to prompt on, so the key's own sentence is the answer.
    assertThat(none.exit()).as(none.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(none.err())
        .contains("is protected by a passphrase")
        .contains("--ssh-passphrase-env");
  }

  @Test
  void sshOptionsWithoutAnSshHostAreAUsageError() {
    Result result =
        f.run(
            f.args(
                "migrate",
                MongoTestSupport.freshDatabase(),
                List.of("--ssh-user", "root", "--ssh-key", f.key.toString())));

    assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .contains("--ssh-user, --ssh-key need --ssh-host HOST or --ssh-config-host ALIAS.");
  }

  @Test
  void aRejectedLoginIsOneSentenceAndTheStackTraceOnlyWithVerbose() {
    Path stranger = SshKeys.generate(dir, "id_stranger", "ed25519", SshKeys.Format.OPENSSH, "");
    List<String> ssh =
        List.of(
            "--ssh-host",
            f.sshd.host(),
            "--ssh-port",
            Integer.toString(f.sshd.port()),
            "--ssh-user",
            "root",
            "--ssh-key",
            stranger.toString(),
            "--ssh-known-hosts",
            f.trustedKnownHosts().toString());
    String db = MongoTestSupport.freshDatabase();

    Result quiet = f.run(f.args("verify", db, ssh));
    Result verbose = f.run(f.args("verify", db, with(ssh, "--verbose")));

    assertThat(quiet.exit()).as(quiet.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(quiet.err().strip())
        .startsWith("ferry: The SSH host 127.0.0.1:" + f.sshd.port() + " rejected user 'root'")
        .doesNotContain("\n");
    assertThat(verbose.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(verbose.err()).contains("dev.ferry.tunnel.TunnelException").contains("\tat ");
  }

  private Path writeConfig(String... lines) throws IOException {
    Path config = dir.resolve("ssh_config");
    Files.writeString(config, String.join("\n", lines) + "\n");
    return config;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static List<String> with(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }
}
