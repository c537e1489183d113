package dev.ferry.ui.connections;

import dev.ferry.app.ConnectionProfiles;
import dev.ferry.app.ConnectionProfiles.Profile;
import dev.ferry.ui.common.ErrorInfo;
import java.util.Objects;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The named profiles of the Connections screen: the saved ones and the built-in Demo, loading one
 * into the forms, saving the forms under a name, deleting one.
 *
 * <p>Contract: profile files are read and written in the background; a saved profile never holds a
 * password or a passphrase ({@link ConnectionProfiles}); selecting the Demo profile starts the
 * demo.
 */
public final class ProfilesViewModel {
  /** The name of the built-in demo profile. */
  public static final String DEMO_PROFILE = "Demo";

  private final ConnectionTasks tasks;
  private final ConnectionProfiles profiles;
  private final PostgresFormViewModel postgres;
  private final MongoFormViewModel mongo;
  private final SshFormViewModel ssh;
  private final Runnable startDemo;
  private final ObservableList<String> names = FXCollections.observableArrayList();
  private final StringProperty name = new SimpleStringProperty(this, "name", "");

  ProfilesViewModel(
      ConnectionTasks tasks,
      ConnectionProfiles profiles,
      PostgresFormViewModel postgres,
      MongoFormViewModel mongo,
      SshFormViewModel ssh,
      Runnable startDemo) {
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.postgres = Objects.requireNonNull(postgres, "postgres");
    this.mongo = Objects.requireNonNull(mongo, "mongo");
    this.ssh = Objects.requireNonNull(ssh, "ssh");
    this.startDemo = Objects.requireNonNull(startDemo, "startDemo");
    names.add(DEMO_PROFILE);
  }

  /** Loads the saved profile names (in the background). */
  public void refresh() {
    tasks.run(
        profiles::load,
        loaded -> {
          String keep = name.get();
          names.setAll(DEMO_PROFILE);
          loaded.forEach(p -> names.add(p.name()));
          name.set(keep);
        },
        "Load profiles");
  }

  /**
   * Fills the forms from the profile named {@code profileName}; the Demo profile starts the demo.
   */
  public void select(String profileName) {
    if (profileName == null || profileName.isBlank()) {
      return;
    }
    name.set(profileName);
    if (DEMO_PROFILE.equals(profileName)) {
      startDemo.run();
      return;
    }
    tasks.run(
        () -> profiles.find(profileName), found -> found.ifPresent(this::fill), "Load profile");
  }

  /** Saves the forms under the profile name, without any password or passphrase. */
  public void save() {
    String profileName = name.get() == null ? "" : name.get().strip();
    if (profileName.isEmpty() || DEMO_PROFILE.equals(profileName)) {
      tasks
          .workspace()
          .reportError(
              new ErrorInfo(
                  "Save profile",
                  "A profile needs a name other than \"" + DEMO_PROFILE + "\".",
                  "Type a name into the profile box, then save again.",
                  ""));
      return;
    }
    Profile profile = toProfile(profileName);
    tasks.run(
        () -> {
          profiles.save(profile);
          return profile;
        },
        saved -> {
          if (!names.contains(profileName)) {
            names.add(profileName);
          }
          tasks
              .messageProperty()
              .set("Profile \"" + profileName + "\" saved (passwords are never saved).");
        },
        "Save profile");
  }

  /** Deletes the selected saved profile. */
  public void delete() {
    String profileName = name.get();
    if (profileName == null || profileName.isBlank() || DEMO_PROFILE.equals(profileName)) {
      return;
    }
    tasks.run(
        () -> {
          profiles.delete(profileName);
          return profileName;
        },
        deleted -> {
          names.remove(deleted);
          tasks.messageProperty().set("Profile \"" + deleted + "\" deleted.");
        },
        "Delete profile");
  }

  /** The current forms as a profile (no secrets). */
  public Profile toProfile(String profileName) {
    return new Profile(
        profileName,
        postgres.profileUrl(),
        postgres.userProperty().get(),
        postgres.passwordVariableProperty().get(),
        mongo.uriProperty().get(),
        mongo.databaseProperty().get(),
        mongo.collectionProperty().get(),
        ssh.enabledProperty().get(),
        ssh.hostProperty().get(),
        ssh.profilePort(),
        ssh.userProperty().get(),
        ssh.keyFileProperty().get(),
        ssh.knownHostsProperty().get());
  }

  /** Fills the forms from {@code profile}; the passwords stay empty. */
  public void fill(Profile profile) {
    postgres.fill(profile);
    mongo.fill(profile);
    ssh.fill(profile);
    tasks
        .messageProperty()
        .set("Profile \"" + profile.name() + "\" loaded; enter passwords if needed.");
  }

  /** Saved profile names, the Demo profile first. */
  public ObservableList<String> names() {
    return names;
  }

  /** The profile being edited. */
  public StringProperty nameProperty() {
    return name;
  }
}
