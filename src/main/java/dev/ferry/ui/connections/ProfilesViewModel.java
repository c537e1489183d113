package dev.ferry.ui.connections;

import dev.ferry.app.ConnectionProfiles;
import dev.ferry.app.ConnectionProfiles.Profile;
import dev.ferry.app.SecretStore;
import dev.ferry.app.SecretStore.Kind;
import dev.ferry.core.Secret;
import dev.ferry.ui.common.ErrorInfo;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named profiles of the Connections screen: the saved ones and the built-in Demo, loading one
 * into the forms, saving the forms under a name, deleting one.
 *
 * <p>Contract: profile files and the keychain are read and written in the background; a saved
 * profile never holds a password or a passphrase ({@link ConnectionProfiles}). A secret whose
 * "remember" box is on is kept in the {@link SecretStore} (the system keychain) under the profile's
 * name: saving stores what the form shows (or forgets it when the field is empty), loading fills it
 * back in and turns the box on, turning the box off forgets it at once, and deleting the profile
 * forgets its secrets. Where there is no keychain the boxes are off and disabled and {@link
 * #keychainNoticeProperty()} says so; a keychain that refuses an operation is reported on the
 * message line, never as a failure of the profile itself. Selecting the Demo profile starts the
 * demo.
 */
public final class ProfilesViewModel {
  private static final Logger LOG = LoggerFactory.getLogger(ProfilesViewModel.class);

  /** The name of the built-in demo profile. */
  public static final String DEMO_PROFILE = "Demo";

  private final ConnectionTasks tasks;
  private final ConnectionProfiles profiles;
  private final SecretStore secrets;
  private final PostgresFormViewModel postgres;
  private final MongoFormViewModel mongo;
  private final SshFormViewModel ssh;
  private final TimeoutsFormViewModel timeouts;
  private final Runnable startDemo;
  private final ObservableList<String> names = FXCollections.observableArrayList();
  private final StringProperty name = new SimpleStringProperty(this, "name", "");
  private final BooleanProperty keychainAvailable =
      new SimpleBooleanProperty(this, "keychainAvailable");
  private final StringProperty keychainNotice =
      new SimpleStringProperty(this, "keychainNotice", "");

  ProfilesViewModel(
      ConnectionTasks tasks,
      ConnectionProfiles profiles,
      SecretStore secrets,
      PostgresFormViewModel postgres,
      MongoFormViewModel mongo,
      SshFormViewModel ssh,
      TimeoutsFormViewModel timeouts,
      Runnable startDemo) {
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.postgres = Objects.requireNonNull(postgres, "postgres");
    this.mongo = Objects.requireNonNull(mongo, "mongo");
    this.ssh = Objects.requireNonNull(ssh, "ssh");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    this.startDemo = Objects.requireNonNull(startDemo, "startDemo");
    names.add(DEMO_PROFILE);
  }

  /** Loads the saved profile names and looks for the system keychain (in the background). */
  public void refresh() {
    checkKeychain();
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
        () -> profiles.find(profileName).map(p -> new Loaded(p, remembered(p.name()))),
        found -> found.ifPresent(this::fill),
        "Load profile");
  }

  /**
   * Looks for the system keychain (in the background): the "remember" boxes are enabled only when
   * it answers; otherwise they are turned off and the notice says that passwords are asked each
   * time.
   */
  public void checkKeychain() {
    tasks.run(
        secrets::unavailableReason,
        reason -> {
          keychainAvailable.set(reason.isEmpty());
          keychainNotice.set(reason.orElse(""));
          if (reason.isPresent()) {
            postgres.rememberPasswordProperty().set(false);
            ssh.rememberPassphraseProperty().set(false);
            mongo.rememberPasswordProperty().set(false);
          }
        },
        error -> {
          keychainAvailable.set(false);
          keychainNotice.set(SecretStore.NO_KEYCHAIN);
        });
  }

  /**
   * The user turned a "remember" box on or off: off forgets the secret of the saved profile being
   * edited at once; on remembers what the field holds when the profile is already saved (else the
   * next Save does).
   */
  public void rememberChanged(Kind kind) {
    String profileName = name.get() == null ? "" : name.get().strip();
    if (!keychainAvailable.get() || !names.contains(profileName) || isDemo(profileName)) {
      return;
    }
    boolean remember = remembers(kind);
    String value = secretText(kind);
    if (remember && value.isEmpty()) {
      return;
    }
    tasks.run(
        () -> {
          if (remember) {
            secrets.store(profileName, kind, Secret.of(value));
          } else {
            secrets.delete(profileName, kind);
          }
          return remember;
        },
        stored ->
            tasks
                .messageProperty()
                .set(
                    stored
                        ? "The "
                            + kind.label()
                            + " of profile \""
                            + profileName
                            + "\" is remembered in the system keychain."
                        : "The "
                            + kind.label()
                            + " of profile \""
                            + profileName
                            + "\" is no longer remembered; it was removed from the system"
                            + " keychain."),
        error -> tasks.messageProperty().set(keychainSentence(error)));
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
    Profile profile;
    try {
      profile = toProfile(profileName);
    } catch (IllegalArgumentException e) {
      tasks
          .workspace()
          .reportError(
              new ErrorInfo(
                  "Save profile",
                  e.getMessage(),
                  "Correct it under Advanced: timeouts, then save again.",
                  ""));
      return;
    }
    // What the keychain should hold once saved, read here on the UI thread: the secret for a
    // remembered kind with a value, nothing (forget) for the others.
    Map<Kind, Optional<Secret>> wanted = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      String value = secretText(kind);
      wanted.put(
          kind,
          remembers(kind) && !value.isEmpty() ? Optional.of(Secret.of(value)) : Optional.empty());
    }
    boolean keychain = keychainAvailable.get();
    tasks.run(
        () -> {
          profiles.save(profile);
          List<String> remembered = new ArrayList<>();
          List<String> problems = new ArrayList<>();
          if (keychain) {
            wanted.forEach(
                (kind, secret) -> {
                  try {
                    if (secret.isPresent()) {
                      secrets.store(profileName, kind, secret.get());
                      remembered.add(kind.label());
                    } else {
                      secrets.delete(profileName, kind);
                    }
                  } catch (SecretStore.Failure e) {
                    problems.add(e.getMessage());
                  }
                });
          }
          return new Saved(remembered, problems);
        },
        saved -> {
          if (!names.contains(profileName)) {
            names.add(profileName);
          }
          String message =
              saved.remembered().isEmpty()
                  ? "Profile \"" + profileName + "\" saved (passwords are never saved)."
                  : "Profile \""
                      + profileName
                      + "\" saved; its "
                      + listing(saved.remembered())
                      + " "
                      + (saved.remembered().size() == 1 ? "is" : "are")
                      + " remembered in the system keychain, not in Ferry's files.";
          tasks
              .messageProperty()
              .set(
                  saved.problems().isEmpty()
                      ? message
                      : message
                          + " "
                          + String.join(" ", saved.problems().stream().distinct().toList()));
        },
        "Save profile");
  }

  /** Deletes the selected saved profile. */
  public void delete() {
    String profileName = name.get();
    if (profileName == null || profileName.isBlank() || DEMO_PROFILE.equals(profileName)) {
      return;
    }
    boolean keychain = keychainAvailable.get();
    tasks.run(
        () -> {
          profiles.delete(profileName);
          if (keychain) {
            // A deleted profile leaves nothing behind in the keychain either; a refusal there
            // does not bring the profile back.
            for (Kind kind : Kind.values()) {
              try {
                secrets.delete(profileName, kind);
              } catch (SecretStore.Failure e) {
                LOG.warn("{}", e.getMessage());
              }
            }
          }
          return profileName;
        },
        deleted -> {
          names.remove(deleted);
          tasks.messageProperty().set("Profile \"" + deleted + "\" deleted.");
        },
        "Delete profile");
  }

  /**
   * The current forms as a profile (no secrets); throws {@link IllegalArgumentException} when a
   * timeout cannot be read.
   */
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
        ssh.knownHostsProperty().get(),
        timeouts.timeouts());
  }

  /** Fills the forms from {@code profile}; the passwords stay empty. */
  public void fill(Profile profile) {
    fill(new Loaded(profile, new Remembered(Map.of(), List.of())));
  }

  private void fill(Loaded loaded) {
    Profile profile = loaded.profile();
    postgres.fill(profile);
    mongo.fill(profile);
    ssh.fill(profile);
    timeouts.fill(profile.timeouts());
    Map<Kind, String> found = loaded.remembered().secrets();
    Optional.ofNullable(found.get(Kind.POSTGRES_PASSWORD)).ifPresent(postgres::fillRemembered);
    Optional.ofNullable(found.get(Kind.SSH_PASSPHRASE)).ifPresent(ssh::fillRemembered);
    Optional.ofNullable(found.get(Kind.MONGODB_PASSWORD)).ifPresent(mongo::fillRemembered);
    String message =
        found.isEmpty()
            ? "Profile \"" + profile.name() + "\" loaded; enter passwords if needed."
            : "Profile \""
                + profile.name()
                + "\" loaded; its "
                + String.join(" and ", found.keySet().stream().sorted().map(Kind::label).toList())
                + " came from the system keychain.";
    List<String> problems = loaded.remembered().problems();
    tasks
        .messageProperty()
        .set(
            problems.isEmpty()
                ? message
                : message + " " + String.join(" ", problems.stream().distinct().toList()));
  }

  /** The secrets the keychain remembers for {@code profileName} (background work). */
  private Remembered remembered(String profileName) {
    Map<Kind, String> found = new EnumMap<>(Kind.class);
    List<String> problems = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      try {
        secrets.load(profileName, kind).ifPresent(s -> found.put(kind, s.revealAsString()));
      } catch (SecretStore.Failure e) {
        problems.add(e.getMessage());
      }
    }
    return new Remembered(found, problems);
  }

  private boolean remembers(Kind kind) {
    return switch (kind) {
      case POSTGRES_PASSWORD -> postgres.rememberPasswordProperty().get();
      case SSH_PASSPHRASE -> ssh.rememberPassphraseProperty().get();
      case MONGODB_PASSWORD -> mongo.rememberPasswordProperty().get();
    };
  }

  private String secretText(Kind kind) {
    String value =
        switch (kind) {
          case POSTGRES_PASSWORD -> postgres.passwordProperty().get();
          case SSH_PASSPHRASE -> ssh.passphraseProperty().get();
          case MONGODB_PASSWORD -> mongo.password();
        };
    return value == null ? "" : value;
  }

  /** "a", "a and b", "a, b and c". */
  private static String listing(List<String> items) {
    if (items.size() < 2) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  private static boolean isDemo(String profileName) {
    return DEMO_PROFILE.equals(profileName);
  }

  private static String keychainSentence(Throwable error) {
    return error instanceof SecretStore.Failure
        ? error.getMessage()
        : ErrorInfo.of("Keychain", error).cause();
  }

  /** Whether the system keychain answered, so secrets can be remembered. */
  public BooleanProperty keychainAvailableProperty() {
    return keychainAvailable;
  }

  /** Empty, or why nothing can be remembered ({@link SecretStore#NO_KEYCHAIN}). */
  public StringProperty keychainNoticeProperty() {
    return keychainNotice;
  }

  /** A profile as read, with what the keychain remembered for it. */
  private record Loaded(Profile profile, Remembered remembered) {}

  /** The secrets found per kind, and the sentences of a keychain that refused. */
  private record Remembered(Map<Kind, String> secrets, List<String> problems) {}

  /** What a save put in the keychain (labels), and the sentences of a keychain that refused. */
  private record Saved(List<String> remembered, List<String> problems) {}

  /** Saved profile names, the Demo profile first. */
  public ObservableList<String> names() {
    return names;
  }

  /** The profile being edited. */
  public StringProperty nameProperty() {
    return name;
  }
}
