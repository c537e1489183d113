package dev.ferry.ui;

import static dev.ferry.ui.GuiTesting.await;
import static dev.ferry.ui.GuiTesting.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.ConnectionChecks;
import dev.ferry.app.FerrySession;
import dev.ferry.tunnel.HostKeyPrompt;
import dev.ferry.tunnel.OpenSshServer;
import dev.ferry.tunnel.SshKeys;
import dev.ferry.tunnel.UnknownHostKey;
import dev.ferry.ui.connections.TestState;
import dev.ferry.ui.fx.FxUiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The SSH trust prompt of the Connections screen against a real OpenSSH server that forwards to the
 * demo's PostgreSQL: trusting a new host connects through the tunnel and records the key, refusing
 * it explains why and records nothing, and a changed host key is refused without any prompt.
 *
 * <p>The host-key prompt the window installs is wrapped, not replaced, so the real dialog is shown
 * and clicked while the test still counts how often it was asked. Each test starts connected
 * directly to the demo, with a known_hosts file of its own, so the tests run in any order.
 */
@Tag(OpenSshServer.TAG)
class SshTrustPromptGuiTest {
  private static final int ORDERS = 40;

  @TempDir static Path home;
  @TempDir static Path keys;
  @TempDir Path dir;
  private static Path key;
  private static OpenSshServer sshd;
  private static FxUiExecutor executor;
  private static FerryUi ui;
  private static final List<UnknownHostKey> asked = new CopyOnWriteArrayList<>();
  private final FxRobot robot = new FxRobot();

  @BeforeAll
  static void startServersAndWindow() throws Exception {
    key = SshKeys.generate(keys, "id_ed25519", "ed25519", SshKeys.Format.OPENSSH, "");
    sshd = OpenSshServer.builder().authorizedKey(SshKeys.publicKey(key)).start();
    executor = new FxUiExecutor();
    ui = GuiTesting.start(home, executor, ORDERS);
    HostKeyPrompt dialog = ui.workspace().hostKeyPrompt();
    ui.workspace()
        .setHostKeyPrompt(
            unknown -> {
              asked.add(unknown);
              return dialog.trust(unknown);
            });
  }

  @AfterAll
  static void stopServersAndWindow() throws Exception {
    try {
      GuiTesting.stop(ui, executor);
    } finally {
      sshd.close();
    }
  }

  /**
   * The demo's PostgreSQL is the database behind the SSH server: each test starts connected to it
   * directly (the Demo profile fills the forms and turns the SSH form off), with no prompt counted.
   */
  @BeforeEach
  void connectDirectlyToTheDemo() throws Exception {
    FerrySession before = onFx(() -> ui.workspace().session());
    onFx(
        () -> {
          ui.startDemo();
          return null;
        });
    await(
        120,
        () -> {
          FerrySession now = ui.workspace().session();
          return now != null
              && now != before
              && now.job().tunnel().isEmpty()
              && !ui.connections().busyProperty().get();
        });
    asked.clear();
  }

  @AfterEach
  void closeDialogs() throws Exception {
    onFx(
        () -> {
          Window.getWindows().stream().filter(w -> w != ui.stage()).toList().forEach(Window::hide);
          return null;
        });
  }

  @Test
  void trustingTheNewHostConnectsThroughTheTunnelAndRecordsItsKey() throws Exception {
    Path knownHosts = Files.createFile(dir.resolve("known_hosts"));
    FerrySession direct = onFx(() -> ui.workspace().session());
    fillSshForm(knownHosts);

    robot.clickOn("#connect");
    await(30, () -> robot.lookup(".host-key-fingerprint").tryQuery().isPresent());
    assertThat(shownText(".host-key-type")).isEqualTo(sshd.hostKeyAlgorithm());
    // The rendered text, not just the label's model: an ellipsis would hide part of the key.
    assertThat(shownText(".host-key-fingerprint")).isEqualTo(sshd.hostKeyFingerprint());
    String header = onFx(() -> dialogHeader());
    assertThat(header).contains("[127.0.0.1]:" + sshd.port());
    robot.clickOn("#host-key-trust");

    await(
        60,
        () -> {
          FerrySession now = ui.workspace().session();
          return now != null && now != direct && now.job().tunnel().isPresent();
        });
    FerrySession tunnelled = onFx(() -> ui.workspace().session());
    String source = tunnelled.source().describe();
    assertThat(source).doesNotContain(":" + ui.connections().postgres().portProperty().get() + "/");
    assertThat(ConnectionChecks.source(tunnelled).ok())
        .as("PostgreSQL answers through %s", source)
        .isTrue();
    assertThat(sshd.log()).contains("Accepted publickey for root");
    assertThat(onFx(() -> ui.connections().messageProperty().get())).isEqualTo("Connected.");
    assertThat(Files.readAllLines(knownHosts)).containsExactly(sshd.knownHostsLine());

    // The source's Test button goes through the tunnel too, and the recorded key needs no prompt.
    robot.clickOn("#testPg");
    await(60, () -> ui.connections().postgres().testResultProperty().get().startsWith("Connected"));
    assertThat(onFx(() -> ui.connections().postgres().testStateProperty().get() == TestState.OK))
        .isTrue();
    assertThat(asked).hasSize(1);
    // OpenSSH itself can read what was appended.
    assertThat(
            SshKeys.run(
                "ssh-keygen", "-F", "[127.0.0.1]:" + sshd.port(), "-f", knownHosts.toString()))
        .contains(sshd.hostKeyAlgorithm());
  }

  @Test
  void refusingTheNewHostExplainsWhyAndRecordsNothing() throws Exception {
    Path knownHosts = Files.createFile(dir.resolve("known_hosts"));
    FerrySession before = onFx(() -> ui.workspace().session());
    fillSshForm(knownHosts);

    robot.clickOn("#connect");
    await(30, () -> robot.lookup(".host-key-fingerprint").tryQuery().isPresent());
    assertThat(shownText(".host-key-fingerprint")).isEqualTo(sshd.hostKeyFingerprint());
    robot.clickOn("#host-key-refuse");

    await(60, () -> robot.lookup(".error-cause").tryQuery().isPresent());
    assertThat(shownText(".error-cause"))
        .isEqualTo(
            "The SSH host [127.0.0.1]:"
                + sshd.port()
                + " is not in "
                + knownHosts
                + " and its key was not trusted (it presents the "
                + sshd.hostKeyAlgorithm()
                + " key "
                + sshd.hostKeyFingerprint()
                + ").");
    // The GUI has no command-line flags: the advice must be something the user can do here.
    assertThat(shownText(".error-action"))
        .doesNotContain("--ssh")
        .contains("Trust")
        .contains("fingerprint");
    assertThat(asked).hasSize(1);
    assertThat(knownHosts).isEmptyFile();
    // A failed Connect drops whatever was open: the forms now describe another connection, and
    // the other screens must not keep showing the database the analyst moved away from.
    assertThat(before).as("connected before the refused attempt").isNotNull();
    assertThat(onFx(() -> ui.workspace().session())).isNull();
    assertThat(onFx(() -> ui.workspace().statusProperty().get()))
        .isEqualTo("Not connected: the last Connect failed.");
    assertThat(onFx(() -> ui.connections().busyProperty().get())).isFalse();
  }

  @Test
  void aChangedHostKeyIsRefusedWithAWarningAndNoPrompt() throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
    String recorded = Files.readString(knownHosts);
    sshd.restartWithNewHostKey();
    fillSshForm(knownHosts);

    robot.clickOn("#connect");

    await(60, () -> robot.lookup(".error-cause").tryQuery().isPresent());
    assertThat(shownText(".error-cause"))
        .startsWith("The host key of the SSH host [127.0.0.1]:" + sshd.port() + " has CHANGED")
        .contains(sshd.hostKeyFingerprint())
        .contains("man-in-the-middle")
        .contains("Ferry refuses to connect");
    assertThat(shownText(".error-action"))
        .contains("ssh-keygen -R '[127.0.0.1]:" + sshd.port() + "' -f " + knownHosts);
    assertThat(asked).isEmpty();
    assertThat(robot.lookup(".host-key-fingerprint").tryQuery()).isEmpty();
    assertThat(Files.readString(knownHosts)).isEqualTo(recorded);
  }

  /** Enables the SSH section with the robot and fills it the way a user would. */
  private void fillSshForm(Path knownHosts) throws Exception {
    robot.clickOn("#nav-connections");
    if (!onFx(() -> ui.connections().ssh().enabledProperty().get())) {
      robot.clickOn("#sshEnabled");
    }
    assertThat(onFx(() -> ui.connections().ssh().enabledProperty().get())).isTrue();
    type("#sshHost", sshd.host());
    type("#sshPort", Integer.toString(sshd.port()));
    type("#sshUser", "root");
    type("#sshKeyFile", key.toString());
    type("#sshKnownHosts", knownHosts.toString());
  }

  /**
   * Sets a field's text on the FX thread; the robot's keyboard would depend on a keyboard layout
   * for characters such as '/' and '_', and the binding to the view model is what matters here.
   */
  private void type(String id, String text) throws Exception {
    TextField field = robot.lookup(id).queryAs(TextField.class);
    onFx(
        () -> {
          field.setText(text);
          return null;
        });
  }

  /** The text a label actually renders (its skin's Text node), which is truncated if too narrow. */
  private String shownText(String styleClass) throws Exception {
    Label label = robot.lookup(styleClass).queryAs(Label.class);
    return onFx(
        () -> {
          Node text = label.lookup(".text");
          return text instanceof Text t ? t.getText() : label.getText();
        });
  }

  private String dialogHeader() {
    return robot.lookup(".dialog-pane").queryAll().stream()
        .map(n -> ((javafx.scene.control.DialogPane) n).getHeaderText())
        .filter(h -> h != null && h.contains("authenticity"))
        .findFirst()
        .orElse("");
  }
}
