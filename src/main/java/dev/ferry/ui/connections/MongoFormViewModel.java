package dev.ferry.ui.connections;

import dev.ferry.app.ConnectionChecks;
import dev.ferry.app.ConnectionProfiles.Profile;
import dev.ferry.sink.MongoSettings;
import dev.ferry.ui.common.ErrorInfo;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The MongoDB form of the Connections screen: connection string, database, collection, and its Test
 * button.
 *
 * <p>Contract: {@link #settings()} validates and says what is wrong in one sentence ({@link
 * IllegalArgumentException}); a password in the connection string lives only in this form (a saved
 * profile drops it) and, when {@link #rememberPasswordProperty()} is on and the profile is saved,
 * in the system keychain ({@link ProfilesViewModel}).
 */
public final class MongoFormViewModel {
  /** A connection string's scheme and user, then the password as typed (percent-encoded). */
  private static final Pattern USER_PASSWORD =
      Pattern.compile("^(mongodb(?:\\+srv)?://[^:/@?#]+):([^@/?#]*)@");

  /** A connection string's scheme and user without a password. */
  private static final Pattern USER_ONLY = Pattern.compile("^(mongodb(?:\\+srv)?://[^:/@?#]+)@");

  private final ConnectionTasks tasks;
  private final StringProperty uri =
      new SimpleStringProperty(this, "uri", "mongodb://localhost:27017");
  private final StringProperty database = new SimpleStringProperty(this, "database", "");
  private final StringProperty collection =
      new SimpleStringProperty(this, "collection", MongoSettings.DEFAULT_COLLECTION);
  private final BooleanProperty rememberPassword =
      new SimpleBooleanProperty(this, "rememberPassword");
  private final StringProperty testResult = new SimpleStringProperty(this, "testResult", "");
  private final ObjectProperty<TestState> testState =
      new SimpleObjectProperty<>(this, "testState", TestState.IDLE);

  MongoFormViewModel(ConnectionTasks tasks) {
    this.tasks = Objects.requireNonNull(tasks, "tasks");
  }

  /** The settings the form describes; throws {@link IllegalArgumentException} with a sentence. */
  public MongoSettings settings() {
    String connectionString = Forms.required(uri, "The MongoDB connection string is required.");
    if (!connectionString.startsWith("mongodb://")
        && !connectionString.startsWith("mongodb+srv://")) {
      throw new IllegalArgumentException(
          "The MongoDB connection string must start with mongodb:// or mongodb+srv://.");
    }
    String databaseName = Forms.required(database, "The MongoDB database is required.");
    String collectionName =
        collection.get().isBlank() ? MongoSettings.DEFAULT_COLLECTION : collection.get();
    try {
      return MongoSettings.of(connectionString, databaseName.strip(), collectionName.strip());
    } catch (IllegalArgumentException e) {
      String reason = e.getMessage();
      throw new IllegalArgumentException(
          "The MongoDB settings are not valid: "
              + Character.toLowerCase(reason.charAt(0))
              + reason.substring(1)
              + (reason.endsWith(".") ? "" : "."),
          e);
    }
  }

  /** Tests the settings in the background; an invalid form fails at once with its sentence. */
  public void test() {
    test(UnaryOperator.identity());
  }

  /**
   * Tests the settings bounded by {@code bounds} (the screen's timeouts, so Test waits as long as
   * Connect would) in the background; an invalid form or bound fails at once with its sentence.
   */
  public void test(UnaryOperator<MongoSettings> bounds) {
    testResult.set("Testing…");
    testState.set(TestState.TESTING);
    MongoSettings target;
    try {
      target = bounds.apply(settings());
    } catch (IllegalArgumentException e) {
      testResult.set(e.getMessage());
      testState.set(TestState.FAILED);
      return;
    }
    tasks.run(
        () -> ConnectionChecks.target(target),
        result -> {
          testResult.set(result.message());
          testState.set(TestState.of(result.ok()));
        },
        error -> {
          testResult.set(ErrorInfo.of("Test MongoDB", error).cause());
          testState.set(TestState.FAILED);
        });
  }

  /**
   * Fills the form from {@code profile}; its connection string has no password and is not
   * remembered until the keychain gives one ({@link #fillRemembered}).
   */
  void fill(Profile profile) {
    rememberPassword.set(false);
    uri.set(profile.mongoUri());
    database.set(profile.mongoDatabase());
    collection.set(profile.mongoCollection());
  }

  /** The password in the connection string, as typed (percent-encoded), or "". */
  String password() {
    Matcher m = USER_PASSWORD.matcher(uri.get() == null ? "" : uri.get().strip());
    return m.find() ? m.group(2) : "";
  }

  /**
   * Puts the password the keychain remembered back into the connection string, after its user; a
   * connection string without a user (or already with a password) is left alone.
   */
  void fillRemembered(String remembered) {
    Matcher m = USER_ONLY.matcher(uri.get() == null ? "" : uri.get().strip());
    if (m.find()) {
      uri.set(m.group(1) + ":" + remembered + "@" + uri.get().strip().substring(m.end()));
      rememberPassword.set(true);
    }
  }

  /**
   * Whether the connection string's password is remembered in the system keychain for the profile
   * (stored when the profile is saved, removed when this is turned off).
   */
  public BooleanProperty rememberPasswordProperty() {
    return rememberPassword;
  }

  /** Fills the form for the demo's server. */
  void fillDemo(String connectionString, String databaseName) {
    rememberPassword.set(false);
    uri.set(connectionString);
    database.set(databaseName);
    collection.set(MongoSettings.DEFAULT_COLLECTION);
  }

  /** Connection string. */
  public StringProperty uriProperty() {
    return uri;
  }

  /** Database. */
  public StringProperty databaseProperty() {
    return database;
  }

  /** Collection. */
  public StringProperty collectionProperty() {
    return collection;
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
