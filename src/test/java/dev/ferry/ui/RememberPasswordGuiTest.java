package dev.ferry.ui;

import static dev.ferry.ui.GuiTesting.await;
import static dev.ferry.ui.GuiTesting.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.KeyringSecretStore;
import dev.ferry.app.SecretStore.Kind;
import dev.ferry.core.Secret;
import dev.ferry.testing.SecretServiceSession;
import dev.ferry.ui.fx.FxUiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The "Remember password" box as the analyst uses it, in the real window against a real Secret
 * Service (GNOME Keyring on a private D-Bus bus): tick it and save, the password is in the keychain
 * and not in the profile file; load the profile, the password is back; untick it, it is gone.
 */
class RememberPasswordGuiTest {
  private static final String BUS_PROPERTY = "DBUS_SESSION_BUS_ADDRESS";

  @TempDir static Path home;
  private static SecretServiceSession keyring;
  private static String previousBus;
  private static FxUiExecutor executor;
  private static FerryUi ui;
  private final FxRobot robot = new FxRobot();

  @BeforeAll
  static void startKeyringAndWindow() throws Exception {
    Assumptions.assumeTrue(
        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"),
        "the Secret Service is Linux's keychain");
    List<Path> missing = SecretServiceSession.missingBinaries();
    Assumptions.assumeTrue(
        missing.isEmpty(),
        "no Secret Service to test against: "
            + missing
            + " missing (apt-get install gnome-keyring dbus-x11)");
    keyring = SecretServiceSession.start();
    previousBus = System.getProperty(BUS_PROPERTY);
    System.setProperty(BUS_PROPERTY, keyring.address());
    executor = new FxUiExecutor();
    ui = GuiTesting.start(home, executor, 10);
  }

  @AfterAll
  static void stopWindowAndKeyring() throws Exception {
    if (executor != null) {
      GuiTesting.stop(ui, executor);
    }
    if (keyring != null) {
      keyring.close();
      if (previousBus == null) {
        System.clearProperty(BUS_PROPERTY);
      } else {
        System.setProperty(BUS_PROPERTY, previousBus);
      }
    }
  }

  @Test
  void tickedThePasswordIsKeptInTheKeychainLoadedBackAndForgottenWhenUnticked() throws Exception {
    robot.clickOn("#nav-connections");
    CheckBox remember = robot.lookup("#pgRemember").queryAs(CheckBox.class);
    await(30, () -> !remember.isDisabled());
    assertThat(onFx(() -> robot.lookup("#pgKeychainNotice").queryAs(Label.class).isVisible()))
        .isFalse();
    onFx(
        () -> {
          ui.connections().postgres().hostProperty().set("db.example.com");
          ui.connections().postgres().databaseProperty().set("shop");
          ui.connections().postgres().userProperty().set("reader");
          robot.lookup("#profiles").queryAs(ComboBox.class).getEditor().setText("client-gui");
          return null;
        });
    robot.clickOn("#pgPassword").write("pg-secret");
    robot.clickOn("#pgRemember");
    robot.clickOn("#saveProfile");
    await(30, () -> ui.connections().messageProperty().get().contains("remembered in the system"));

    assertThat(new KeyringSecretStore().load("client-gui", Kind.POSTGRES_PASSWORD))
        .contains(Secret.of("pg-secret"));
    assertThat(Files.readString(home.resolve("config").resolve("profiles.properties")))
        .contains("client-gui")
        .doesNotContain("pg-secret");

    onFx(
        () -> {
          ui.connections().postgres().passwordProperty().set("");
          ui.connections().postgres().rememberPasswordProperty().set(false);
          return null;
        });
    robot.clickOn("#loadProfile");
    PasswordField password = robot.lookup("#pgPassword").queryAs(PasswordField.class);
    await(30, () -> "pg-secret".equals(password.getText()) && remember.isSelected());

    robot.clickOn("#pgRemember");
    await(30, () -> ui.connections().messageProperty().get().contains("no longer remembered"));

    assertThat(new KeyringSecretStore().load("client-gui", Kind.POSTGRES_PASSWORD))
        .isEqualTo(Optional.empty());
  }
}
