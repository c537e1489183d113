package dev.ferry.ui.connections;

import dev.ferry.app.ConnectionChecks;
import dev.ferry.app.ConnectionProfiles.Profile;
import dev.ferry.core.Secret;
import dev.ferry.source.PostgresSettings;
import dev.ferry.tunnel.SshTunnelSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The PostgreSQL form of the Connections screen: host, port, database, schema, user, password (or
 * the environment variable holding it), SSL mode, a pasted URL, and its Test button.
 *
 * <p>Contract: a pasted URL is taken apart by {@link PostgresSettings#parseUrl} — the parser the
 * settings themselves use — and cleared, so a password in it never stays on screen. {@link
 * #settings()} validates and says what is wrong in one sentence ({@link IllegalArgumentException});
 * the password is read from the environment only then. The password lives only in this form and,
 * when {@link #rememberPasswordProperty()} is on and the profile is saved, in the system keychain
 * ({@link ProfilesViewModel}); never in a profile file.
 */
public final class PostgresFormViewModel {
  /** SSL modes offered for PostgreSQL. */
  public static final List<String> SSL_MODES =
      List.of("prefer", "disable", "allow", "require", "verify-ca", "verify-full");

  private final ConnectionTasks tasks;
  private final Function<String, Optional<String>> environment;
  private final StringProperty url = new SimpleStringProperty(this, "url", "");
  private final StringProperty host = new SimpleStringProperty(this, "host", "localhost");
  private final StringProperty port = new SimpleStringProperty(this, "port", "5432");
  private final StringProperty database = new SimpleStringProperty(this, "database", "");
  private final StringProperty user = new SimpleStringProperty(this, "user", "");
  private final StringProperty password = new SimpleStringProperty(this, "password", "");
  private final StringProperty passwordVariable =
      new SimpleStringProperty(this, "passwordVariable", "");
  private final BooleanProperty rememberPassword =
      new SimpleBooleanProperty(this, "rememberPassword");
  private final StringProperty sslMode = new SimpleStringProperty(this, "sslMode", "prefer");
  private final StringProperty schema =
      new SimpleStringProperty(this, "schema", PostgresSettings.DEFAULT_SCHEMA);
  private final StringProperty testResult = new SimpleStringProperty(this, "testResult", "");
  private final ObjectProperty<TestState> testState =
      new SimpleObjectProperty<>(this, "testState", TestState.IDLE);

  /** A form whose password variable is looked up in {@code environment}. */
  PostgresFormViewModel(ConnectionTasks tasks, Function<String, Optional<String>> environment) {
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /**
   * Fills host, port, database, user, password, SSL mode and schema from the pasted URL and clears
   * it.
   *
   * @return whether there was a URL to apply
   */
  public boolean applyUrl() {
    String text = url.get() == null ? "" : url.get().strip();
    if (text.isEmpty()) {
      return false;
    }
    PostgresSettings.Url parsed;
    try {
      parsed = PostgresSettings.parseUrl(text);
    } catch (IllegalArgumentException e) {
      return false;
    }
    parsed.user().ifPresent(user::set);
    parsed.password().ifPresent(password::set);
    host.set(parsed.host());
    port.set(parsed.port());
    database.set(parsed.database());
    parsed.parameter("sslmode").ifPresent(sslMode::set);
    parsed.parameter("currentSchema").ifPresent(schema::set);
    // The URL is now in the fields; keeping it would keep a password visible on screen.
    url.set("");
    return true;
  }

  /** The settings the form describes; throws {@link IllegalArgumentException} with a sentence. */
  public PostgresSettings settings() {
    if (!url.get().isBlank()) {
      applyUrl();
    }
    String hostName = Forms.required(host, "The PostgreSQL host is required.");
    int portNumber = Forms.port(port.get(), "PostgreSQL");
    String databaseName = Forms.required(database, "The PostgreSQL database is required.");
    String userName = Forms.required(user, "The PostgreSQL user is required.");
    Optional<Secret> secret = Optional.empty();
    if (!password.get().isEmpty()) {
      secret = Optional.of(Secret.of(password.get()));
    } else if (!passwordVariable.get().isBlank()) {
      String variable = passwordVariable.get().strip();
      String value =
          environment
              .apply(variable)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "The environment variable "
                              + variable
                              + " is not set; set it or type the password."));
      secret = Optional.of(Secret.of(value));
    }
    String schemaName =
        schema.get().isBlank() ? PostgresSettings.DEFAULT_SCHEMA : schema.get().strip();
    return PostgresSettings.of(
            jdbcUrl(hostName, Integer.toString(portNumber), databaseName), userName, secret)
        .withSchema(schemaName);
  }

  /**
   * Tests the settings in the background, through the tunnel {@code tunnel} gives for them; an
   * invalid form fails at once with its sentence.
   */
  public void test(Function<PostgresSettings, Optional<SshTunnelSettings>> tunnel) {
    test(UnaryOperator.identity(), tunnel);
  }

  /**
   * Tests the settings bounded by {@code bounds} (the screen's timeouts, so Test waits as long as
   * Connect would) in the background, through the tunnel {@code tunnel} gives for them; an invalid
   * form or bound fails at once with its sentence.
   */
  public void test(
      UnaryOperator<PostgresSettings> bounds,
      Function<PostgresSettings, Optional<SshTunnelSettings>> tunnel) {
    testResult.set("Testing…");
    testState.set(TestState.TESTING);
    PostgresSettings source;
    Optional<SshTunnelSettings> through;
    try {
      // Only the source's forms: testing PostgreSQL must not depend on the MongoDB form being
      // filled in, nor open a MongoDB client.
      source = bounds.apply(settings());
      through = tunnel.apply(source);
    } catch (IllegalArgumentException e) {
      testResult.set(e.getMessage());
      testState.set(TestState.FAILED);
      return;
    }
    tasks.run(
        () -> ConnectionChecks.source(source, through, tasks.workspace().hostKeyPrompt()),
        result -> {
          testResult.set(result.message());
          testState.set(TestState.of(result.ok()));
        },
        error -> {
          testResult.set(ConnectionTasks.errorInfo("Test PostgreSQL", error).cause());
          testState.set(TestState.FAILED);
        });
  }

  /** The URL a profile stores: the fields as typed, without credentials. */
  String profileUrl() {
    return jdbcUrl(host.get().strip(), port.get().strip(), database.get().strip());
  }

  private String jdbcUrl(String hostName, String portText, String databaseName) {
    return "jdbc:postgresql://"
        + hostName
        + ":"
        + portText
        + "/"
        + databaseName
        + "?sslmode="
        + (sslMode.get() == null ? "prefer" : sslMode.get());
  }

  /**
   * Fills the form from {@code profile}; the password stays empty and not remembered until the
   * keychain gives one ({@link #fillRemembered}).
   */
  void fill(Profile profile) {
    url.set(profile.postgresUrl());
    applyUrl();
    user.set(profile.postgresUser());
    password.set("");
    rememberPassword.set(false);
    passwordVariable.set(profile.postgresPasswordVariable());
  }

  /** Fills the form for the demo's database, read as {@code reader} without a password. */
  void fillDemo(String jdbcUrl, String reader) {
    url.set(jdbcUrl + "?sslmode=disable");
    applyUrl();
    user.set(reader);
    password.set("");
    rememberPassword.set(false);
    passwordVariable.set("");
    schema.set(PostgresSettings.DEFAULT_SCHEMA);
  }

  /** A pasted PostgreSQL URL, applied to the fields on Enter. */
  public StringProperty urlProperty() {
    return url;
  }

  /** Host. */
  public StringProperty hostProperty() {
    return host;
  }

  /** Port. */
  public StringProperty portProperty() {
    return port;
  }

  /** Database. */
  public StringProperty databaseProperty() {
    return database;
  }

  /** User. */
  public StringProperty userProperty() {
    return user;
  }

  /** Password (never in a profile file; in the keychain only when remembered). */
  public StringProperty passwordProperty() {
    return password;
  }

  /** Puts the password the keychain remembered for this profile into the form. */
  void fillRemembered(String remembered) {
    password.set(remembered);
    rememberPassword.set(true);
  }

  /**
   * Whether the password is remembered in the system keychain for the profile (stored when the
   * profile is saved, removed when this is turned off).
   */
  public BooleanProperty rememberPasswordProperty() {
    return rememberPassword;
  }

  /** Environment variable holding the password (saved instead of the password). */
  public StringProperty passwordVariableProperty() {
    return passwordVariable;
  }

  /** sslmode. */
  public StringProperty sslModeProperty() {
    return sslMode;
  }

  /** Schema. */
  public StringProperty schemaProperty() {
    return schema;
  }

  /** Clears the result of a failed test (a later Connect proved the settings work). */
  void clearFailedTest() {
    if (testState.get() == TestState.FAILED) {
      testResult.set("");
      testState.set(TestState.IDLE);
    }
  }

  /** The last test's result in one sentence ("Testing…" while it runs). */
  public StringProperty testResultProperty() {
    return testResult;
  }

  /** Where the last test stands. */
  public ObjectProperty<TestState> testStateProperty() {
    return testState;
  }
}
