package dev.ferry.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.ConnectionProfiles;
import dev.ferry.app.SecretStore;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.tunnel.EchoServer;
import dev.ferry.tunnel.HostKeyPolicy;
import dev.ferry.tunnel.OpenSshServer;
import dev.ferry.tunnel.SshKeys;
import dev.ferry.tunnel.TunnelException;
import dev.ferry.tunnel.TunnelFailure;
import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.Workspace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Connections view model's SSH path without a window: the policy it asks the tunnel for, the
 * advice it gives for an unknown host, and that Connect and Test check the database behind a real
 * OpenSSH server rather than only the tunnel.
 */
@Tag(OpenSshServer.TAG)
class ConnectionsViewModelSshTest {
  @TempDir static Path keys;
  @TempDir Path dir;
  private static Path key;
  private static OpenSshServer sshd;

  private final Workspace workspace = new Workspace(new SameThreadUiExecutor(), 10);
  private final List<ErrorInfo> errors = new ArrayList<>();

  @BeforeAll
  static void startSshd() {
    key = SshKeys.generate(keys, "id_ed25519", "ed25519", SshKeys.Format.OPENSSH, "");
    sshd = OpenSshServer.builder().authorizedKey(SshKeys.publicKey(key)).start();
  }

  @AfterAll
  static void stopSshd() {
    sshd.close();
  }

  /** A model whose source is {@code 127.0.0.1:pgPort} behind the test sshd, already trusted. */
  private ConnectionsViewModel model(int pgPort) throws IOException {
    workspace.addErrorListener(errors::add);
    ConnectionsViewModel m =
        new ConnectionsViewModel(
            workspace,
            new ConnectionProfiles(dir),
            name -> java.util.Optional.ofNullable(System.getenv(name)),
            SecretStore.none(SecretStore.NO_KEYCHAIN));
    m.postgres().hostProperty().set("127.0.0.1");
    m.postgres().portProperty().set(Integer.toString(pgPort));
    m.postgres().databaseProperty().set("shop");
    m.postgres().userProperty().set("analyst");
    m.postgres().sslModeProperty().set("disable");
    m.mongo().uriProperty().set(MongoTestSupport.connectionString());
    m.mongo().databaseProperty().set(MongoTestSupport.freshDatabase());
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
    m.ssh().enabledProperty().set(true);
    m.ssh().hostProperty().set(sshd.host());
    m.ssh().portProperty().set(Integer.toString(sshd.port()));
    m.ssh().userProperty().set("root");
    m.ssh().keyFileProperty().set(key.toString());
    m.ssh().knownHostsProperty().set(knownHosts.toString());
    return m;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void theScreenAsksAboutUnknownHostKeysInsteadOfRefusingThem() throws Exception {
    ConnectionsViewModel m = model(5432);

    assertThat(m.job().tunnel().orElseThrow().policy()).isEqualTo(HostKeyPolicy.ASK);
  }

  @Test
  void connectFailsWhenWhatListensBehindTheTunnelIsNotPostgres() throws Exception {
    // The tunnel's own probe only proves that something accepts TCP at the target, and the
    // source's pool connects lazily: without a database check, Connect reported success here.
    try (EchoServer notPostgres = EchoServer.start()) {
      ConnectionsViewModel m = model(notPostgres.port());

      m.connect();

      assertThat(workspace.session()).isNull();
      assertThat(errors).singleElement().extracting(ErrorInfo::title).isEqualTo("Connect");
      assertThat(m.messageProperty().get()).isNotEqualTo("Connected.");
      assertThat(sshd.log()).contains("Accepted publickey for root");
    }
  }

  @Test
  void testingPostgresThroughTheTunnelNeedsNoMongoForm() throws Exception {
    ConnectionsViewModel m = model(closedPort());
    m.mongo().databaseProperty().set("");

    m.testPostgres();

    // The SSH settings were used and the SSH host could not reach the database; before, the empty
    // MongoDB database stopped the PostgreSQL test with a MongoDB sentence.
    assertThat(m.postgres().testResultProperty().get())
        .startsWith("The SSH host " + sshd.host() + ":" + sshd.port())
        .contains("could not connect to the database")
        .doesNotContain("MongoDB");
    assertThat(m.postgres().testStateProperty().get()).isEqualTo(TestState.FAILED);
    assertThat(errors).isEmpty();
  }

  @Test
  void anUnknownHostIsAnsweredWithTheTrustDialogNotACommandLineFlag() {
    TunnelException refused =
        new TunnelException(
            TunnelFailure.UNKNOWN_HOST_KEY,
            "The SSH host bastion is not in /k and its key was not trusted (it presents the"
                + " ssh-ed25519 key SHA256:abc); verify this fingerprint with the server's"
                + " administrator, then connect once with --ssh-accept-new-host-key to record it.");

    ErrorInfo info = ConnectionTasks.errorInfo("Connect", refused);

    assertThat(info.cause())
        .isEqualTo(
            "The SSH host bastion is not in /k and its key was not trusted (it presents the"
                + " ssh-ed25519 key SHA256:abc).");
    assertThat(info.action()).doesNotContain("--ssh").contains("Trust");
  }

  @Test
  void otherTunnelFailuresKeepTheirOwnAdvice() {
    TunnelException changed =
        new TunnelException(
            TunnelFailure.CHANGED_HOST_KEY, "The key has CHANGED; remove the old entry.");

    assertThat(ConnectionTasks.errorInfo("Connect", changed).action())
        .isEqualTo("Remove the old entry.");
  }
}
