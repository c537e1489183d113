package dev.ferry.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.ConnectionProfiles;
import dev.ferry.app.SecretStore;
import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Connections view model without a robot: URL parsing, validation, profiles without secrets.
 */
class ConnectionsViewModelTest {
  @TempDir Path config;

  private final Workspace workspace = new Workspace(new SameThreadUiExecutor(), 10);
  private final List<ErrorInfo> errors = new ArrayList<>();

  private ConnectionsViewModel model() {
    workspace.addErrorListener(errors::add);
    return new ConnectionsViewModel(
        workspace,
        new ConnectionProfiles(config),
        name -> java.util.Optional.ofNullable(System.getenv(name)),
        SecretStore.none(SecretStore.NO_KEYCHAIN));
  }

  @Test
  void aPastedUrlFillsTheFieldsAndLeavesNoPasswordOnScreen() {
    ConnectionsViewModel m = model();
    m.postgres()
        .urlProperty()
        .set("postgresql://bob:s%40cret@db.example.com:6543/shop?sslmode=require");
    assertThat(m.postgres().applyUrl()).isTrue();
    assertThat(m.postgres().hostProperty().get()).isEqualTo("db.example.com");
    assertThat(m.postgres().portProperty().get()).isEqualTo("6543");
    assertThat(m.postgres().databaseProperty().get()).isEqualTo("shop");
    assertThat(m.postgres().userProperty().get()).isEqualTo("bob");
    assertThat(m.postgres().passwordProperty().get()).isEqualTo("s@cret");
    assertThat(m.postgres().sslModeProperty().get()).isEqualTo("require");
    assertThat(m.postgres().urlProperty().get()).isEmpty();
    assertThat(m.postgres().settings().jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.example.com:6543/shop?sslmode=require");
  }

  @Test
  void validationSaysWhatIsMissingInOneSentence() {
    ConnectionsViewModel m = model();
    m.postgres().databaseProperty().set("shop");
    assertThatThrownBy(m.postgres()::settings).hasMessage("The PostgreSQL user is required.");
    m.postgres().userProperty().set("bob");
    m.postgres().portProperty().set("99999");
    assertThatThrownBy(m.postgres()::settings)
        .hasMessage("The PostgreSQL port must be a number from 1 to 65535, not \"99999\".");
    m.mongo().uriProperty().set("http://x");
    assertThatThrownBy(m.mongo()::settings).hasMessageContaining("mongodb://");
  }

  @Test
  void connectWithInvalidFormsReportsTheCauseWithoutTouchingTheNetwork() {
    ConnectionsViewModel m = model();
    m.connect();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).cause()).isEqualTo("The PostgreSQL database is required.");
  }

  @Test
  void profilesAreSavedWithoutPasswordsAndLoadedBack() throws Exception {
    ConnectionsViewModel m = model();
    m.postgres().hostProperty().set("db");
    m.postgres().databaseProperty().set("shop");
    m.postgres().userProperty().set("bob");
    m.postgres().passwordProperty().set("pg-secret");
    m.mongo().uriProperty().set("mongodb://alice:mongo-secret@mongo:27017/?authSource=admin");
    m.mongo().databaseProperty().set("target");
    m.ssh().enabledProperty().set(true);
    m.ssh().hostProperty().set("bastion");
    m.ssh().passphraseProperty().set("key-secret");
    m.profiles().nameProperty().set("client-a");
    m.profiles().save();

    String stored = Files.readString(config.resolve(ConnectionProfiles.FILE));
    assertThat(stored)
        .doesNotContain("pg-secret", "mongo-secret", "key-secret")
        .contains("bastion");

    ConnectionsViewModel fresh = model();
    fresh.profiles().refresh();
    assertThat(fresh.profiles().names())
        .containsExactly(ProfilesViewModel.DEMO_PROFILE, "client-a");
    fresh.profiles().select("client-a");
    assertThat(fresh.postgres().hostProperty().get()).isEqualTo("db");
    assertThat(fresh.postgres().passwordProperty().get()).isEmpty();
    assertThat(fresh.mongo().uriProperty().get())
        .isEqualTo("mongodb://alice@mongo:27017/?authSource=admin");
    assertThat(fresh.ssh().enabledProperty().get()).isTrue();
    assertThat(fresh.ssh().passphraseProperty().get()).isEmpty();
  }

  @Test
  void theDemoNameCannotBeOverwritten() {
    ConnectionsViewModel m = model();
    m.profiles().nameProperty().set(ProfilesViewModel.DEMO_PROFILE);
    m.profiles().save();
    assertThat(errors).extracting(ErrorInfo::cause).singleElement().asString().contains("Demo");
  }
}
