package dev.ferry.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.ConnectionProfiles;
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
    return new ConnectionsViewModel(workspace, new ConnectionProfiles(config));
  }

  @Test
  void aPastedUrlFillsTheFieldsAndLeavesNoPasswordOnScreen() {
    ConnectionsViewModel m = model();
    m.pgUrlProperty().set("postgresql://bob:s%40cret@db.example.com:6543/shop?sslmode=require");
    assertThat(m.applyUrl()).isTrue();
    assertThat(m.pgHostProperty().get()).isEqualTo("db.example.com");
    assertThat(m.pgPortProperty().get()).isEqualTo("6543");
    assertThat(m.pgDatabaseProperty().get()).isEqualTo("shop");
    assertThat(m.pgUserProperty().get()).isEqualTo("bob");
    assertThat(m.pgPasswordProperty().get()).isEqualTo("s@cret");
    assertThat(m.pgSslModeProperty().get()).isEqualTo("require");
    assertThat(m.pgUrlProperty().get()).isEmpty();
    assertThat(m.postgresSettings().jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.example.com:6543/shop?sslmode=require");
  }

  @Test
  void validationSaysWhatIsMissingInOneSentence() {
    ConnectionsViewModel m = model();
    m.pgDatabaseProperty().set("shop");
    assertThatThrownBy(m::postgresSettings).hasMessage("The PostgreSQL user is required.");
    m.pgUserProperty().set("bob");
    m.pgPortProperty().set("99999");
    assertThatThrownBy(m::postgresSettings)
        .hasMessage("The PostgreSQL port must be a number from 1 to 65535, not \"99999\".");
    m.mongoUriProperty().set("http://x");
    assertThatThrownBy(m::mongoSettings).hasMessageContaining("mongodb://");
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
    m.pgHostProperty().set("db");
    m.pgDatabaseProperty().set("shop");
    m.pgUserProperty().set("bob");
    m.pgPasswordProperty().set("pg-secret");
    m.mongoUriProperty().set("mongodb://alice:mongo-secret@mongo:27017/?authSource=admin");
    m.mongoDatabaseProperty().set("target");
    m.sshEnabledProperty().set(true);
    m.sshHostProperty().set("bastion");
    m.sshPassphraseProperty().set("key-secret");
    m.profileNameProperty().set("client-a");
    m.saveProfile();

    String stored = Files.readString(config.resolve(ConnectionProfiles.FILE));
    assertThat(stored)
        .doesNotContain("pg-secret", "mongo-secret", "key-secret")
        .contains("bastion");

    ConnectionsViewModel fresh = model();
    fresh.refreshProfiles();
    assertThat(fresh.profileNames()).containsExactly(ConnectionsViewModel.DEMO_PROFILE, "client-a");
    fresh.selectProfile("client-a");
    assertThat(fresh.pgHostProperty().get()).isEqualTo("db");
    assertThat(fresh.pgPasswordProperty().get()).isEmpty();
    assertThat(fresh.mongoUriProperty().get())
        .isEqualTo("mongodb://alice@mongo:27017/?authSource=admin");
    assertThat(fresh.sshEnabledProperty().get()).isTrue();
    assertThat(fresh.sshPassphraseProperty().get()).isEmpty();
  }

  @Test
  void theDemoNameCannotBeOverwritten() {
    ConnectionsViewModel m = model();
    m.profileNameProperty().set(ConnectionsViewModel.DEMO_PROFILE);
    m.saveProfile();
    assertThat(errors).extracting(ErrorInfo::cause).singleElement().asString().contains("Demo");
  }
}
