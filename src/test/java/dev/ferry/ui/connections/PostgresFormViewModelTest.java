package dev.ferry.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.Secret;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.common.Workspace;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The PostgreSQL form alone: the pasted URL, the password variable, its Test button. */
class PostgresFormViewModelTest {
  private final ConnectionTasks tasks =
      new ConnectionTasks(new Workspace(new SameThreadUiExecutor(), 10));

  private PostgresFormViewModel form(Map<String, String> environment) {
    return new PostgresFormViewModel(tasks, name -> Optional.ofNullable(environment.get(name)));
  }

  private static void fill(PostgresFormViewModel form, TestDatabase db) {
    URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    form.hostProperty().set(uri.getHost());
    form.portProperty().set(Integer.toString(uri.getPort()));
    form.databaseProperty().set(db.name());
    form.userProperty().set(db.user());
    form.sslModeProperty().set("disable");
  }

  @Test
  void aUrlWithoutADatabaseFillsWhatItNames() {
    PostgresFormViewModel form = form(Map.of());
    form.databaseProperty().set("old");
    form.urlProperty()
        .set("jdbc:postgresql://db.example.com:6543?sslmode=verify-full&currentSchema=s");

    assertThat(form.applyUrl()).isTrue();

    assertThat(form.hostProperty().get()).isEqualTo("db.example.com");
    assertThat(form.portProperty().get()).isEqualTo("6543");
    assertThat(form.databaseProperty().get()).isEmpty();
    assertThat(form.sslModeProperty().get()).isEqualTo("verify-full");
    assertThat(form.schemaProperty().get()).isEqualTo("s");
    assertThat(form.urlProperty().get()).isEmpty();
  }

  @Test
  void somethingThatIsNotAPostgresUrlChangesNothing() {
    PostgresFormViewModel form = form(Map.of());
    form.urlProperty().set("mysql://u:pw@h/db");

    assertThat(form.applyUrl()).isFalse();

    assertThat(form.hostProperty().get()).isEqualTo("localhost");
    assertThat(form.passwordProperty().get()).isEmpty();
    assertThat(form.urlProperty().get()).isEqualTo("mysql://u:pw@h/db");
  }

  @Test
  void thePasswordVariableIsReadFromTheEnvironmentOnlyWhenNoPasswordIsTyped() {
    PostgresFormViewModel form = form(Map.of("SHOP_PW", "from-env"));
    form.databaseProperty().set("shop");
    form.userProperty().set("reader");
    form.passwordVariableProperty().set(" SHOP_PW ");

    assertThat(form.settings().password()).contains(Secret.of("from-env"));
    form.passwordProperty().set("typed");
    assertThat(form.settings().password()).contains(Secret.of("typed"));
    form.passwordProperty().set("");
    form.passwordVariableProperty().set("UNSET_PW");
    assertThatThrownBy(form::settings)
        .hasMessage("The environment variable UNSET_PW is not set; set it or type the password.");
  }

  @Test
  void anInvalidFormFailsItsTestAtOnceWithItsSentence() {
    PostgresFormViewModel form = form(Map.of());
    form.databaseProperty().set("shop");

    form.test(source -> Optional.empty());

    assertThat(form.testStateProperty().get()).isEqualTo(TestState.FAILED);
    assertThat(form.testResultProperty().get()).isEqualTo("The PostgreSQL user is required.");
    assertThat(tasks.busyProperty().get()).isFalse();
  }

  @Test
  void testingAReachableDatabaseSaysSoAndWrongCredentialsSayWhy() {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    PostgresFormViewModel form = form(Map.of("PW", db.password()));
    fill(form, db);
    form.passwordVariableProperty().set("PW");

    form.test(source -> Optional.empty());

    assertThat(form.testStateProperty().get()).isEqualTo(TestState.OK);
    assertThat(form.testResultProperty().get()).startsWith("Connected");

    form.passwordVariableProperty().set("");
    form.passwordProperty().set("wrong");
    form.test(source -> Optional.empty());

    assertThat(form.testStateProperty().get()).isEqualTo(TestState.FAILED);
    assertThat(form.testResultProperty().get()).doesNotContain("wrong").isNotBlank();
  }
}
