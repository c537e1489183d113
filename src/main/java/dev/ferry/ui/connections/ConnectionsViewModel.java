package dev.ferry.ui.connections;

import dev.ferry.app.ConnectionProfiles;
import dev.ferry.app.ConnectionProfiles.Profile;
import dev.ferry.app.DemoEnvironment;
import dev.ferry.app.FerryDirectories;
import dev.ferry.app.FerrySession;
import dev.ferry.app.JobSettings;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.Secret;
import dev.ferry.engine.ConnectionCheckResult;
import dev.ferry.sink.MongoConnectionCheck;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresConnectionCheck;
import dev.ferry.source.PostgresSettings;
import dev.ferry.tunnel.HostKeyPolicy;
import dev.ferry.tunnel.SshTunnelSettings;
import dev.ferry.tunnel.TunnelException;
import dev.ferry.tunnel.TunnelFailure;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.Workspace;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Connections screen: the PostgreSQL, MongoDB and SSH forms, their Test
 * buttons, named profiles and the Demo profile.
 *
 * <p>Contract: every command that touches the network or a file runs through the workspace's
 * executor and reports back on the UI thread; failures reach the user as an {@link ErrorInfo}
 * (Connect) or as the test result line (Test). Passwords and passphrases live only in this view
 * model's properties and are never saved.
 */
public final class ConnectionsViewModel {
  /** The name of the built-in demo profile. */
  public static final String DEMO_PROFILE = "Demo";

  /** SSL modes offered for PostgreSQL. */
  public static final List<String> SSL_MODES =
      List.of("prefer", "disable", "allow", "require", "verify-ca", "verify-full");

  private static final Pattern URL =
      Pattern.compile(
          "^(?:jdbc:postgresql|postgres(?:ql)?)://(?:([^:@/]*)(?::([^@/]*))?@)?([^/:?]*)(?::(\\d+))?(?:/([^?]*))?(?:\\?(.*))?$");

  private final Workspace workspace;
  private final ConnectionProfiles profiles;

  private final ObservableList<String> profileNames = FXCollections.observableArrayList();
  private final StringProperty profileName = new SimpleStringProperty(this, "profileName", "");

  private final StringProperty pgUrl = new SimpleStringProperty(this, "pgUrl", "");
  private final StringProperty pgHost = new SimpleStringProperty(this, "pgHost", "localhost");
  private final StringProperty pgPort = new SimpleStringProperty(this, "pgPort", "5432");
  private final StringProperty pgDatabase = new SimpleStringProperty(this, "pgDatabase", "");
  private final StringProperty pgUser = new SimpleStringProperty(this, "pgUser", "");
  private final StringProperty pgPassword = new SimpleStringProperty(this, "pgPassword", "");
  private final StringProperty pgPasswordVariable =
      new SimpleStringProperty(this, "pgPasswordVariable", "");
  private final StringProperty pgSslMode = new SimpleStringProperty(this, "pgSslMode", "prefer");
  private final StringProperty pgSchema =
      new SimpleStringProperty(this, "pgSchema", PostgresSettings.DEFAULT_SCHEMA);
  private final StringProperty pgTestResult = new SimpleStringProperty(this, "pgTestResult", "");
  private final BooleanProperty pgTestOk = new SimpleBooleanProperty(this, "pgTestOk");

  private final StringProperty mongoUri =
      new SimpleStringProperty(this, "mongoUri", "mongodb://localhost:27017");
  private final StringProperty mongoDatabase = new SimpleStringProperty(this, "mongoDatabase", "");
  private final StringProperty mongoCollection =
      new SimpleStringProperty(this, "mongoCollection", MongoSettings.DEFAULT_COLLECTION);
  private final StringProperty mongoTestResult =
      new SimpleStringProperty(this, "mongoTestResult", "");
  private final BooleanProperty mongoTestOk = new SimpleBooleanProperty(this, "mongoTestOk");

  private final BooleanProperty sshEnabled = new SimpleBooleanProperty(this, "sshEnabled");
  private final StringProperty sshHost = new SimpleStringProperty(this, "sshHost", "");
  private final StringProperty sshPort =
      new SimpleStringProperty(this, "sshPort", Integer.toString(SshTunnelSettings.DEFAULT_PORT));
  private final StringProperty sshUser = new SimpleStringProperty(this, "sshUser", "");
  private final StringProperty sshKeyFile = new SimpleStringProperty(this, "sshKeyFile", "");
  private final StringProperty sshPassphrase = new SimpleStringProperty(this, "sshPassphrase", "");
  private final StringProperty sshKnownHosts =
      new SimpleStringProperty(
          this, "sshKnownHosts", SshTunnelSettings.defaultKnownHostsFile().toString());

  private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
  private final StringProperty message = new SimpleStringProperty(this, "message", "");

  /** A view model over {@code workspace}, storing profiles in {@code profiles}. */
  public ConnectionsViewModel(Workspace workspace, ConnectionProfiles profiles) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    profileNames.add(DEMO_PROFILE);
  }

  // ---- commands --------------------------------------------------------------------------

  /** Loads the saved profile names (in the background). */
  public void refreshProfiles() {
    background(
        profiles::load,
        loaded -> {
          String keep = profileName.get();
          profileNames.setAll(DEMO_PROFILE);
          loaded.forEach(p -> profileNames.add(p.name()));
          profileName.set(keep);
        },
        "Load profiles");
  }

  /** Fills the forms from the profile named {@code name}; the Demo profile starts the demo. */
  public void selectProfile(String name) {
    if (name == null || name.isBlank()) {
      return;
    }
    profileName.set(name);
    if (DEMO_PROFILE.equals(name)) {
      startDemo();
      return;
    }
    background(() -> profiles.find(name), found -> found.ifPresent(this::fill), "Load profile");
  }

  /** Saves the forms under the profile name, without any password or passphrase. */
  public void saveProfile() {
    String name = profileName.get() == null ? "" : profileName.get().strip();
    if (name.isEmpty() || DEMO_PROFILE.equals(name)) {
      workspace.reportError(
          new ErrorInfo(
              "Save profile",
              "A profile needs a name other than \"" + DEMO_PROFILE + "\".",
              "Type a name into the profile box, then save again.",
              ""));
      return;
    }
    Profile profile = toProfile(name);
    background(
        () -> {
          profiles.save(profile);
          return profile;
        },
        saved -> {
          if (!profileNames.contains(name)) {
            profileNames.add(name);
          }
          message.set("Profile \"" + name + "\" saved (passwords are never saved).");
        },
        "Save profile");
  }

  /** Deletes the selected saved profile. */
  public void deleteProfile() {
    String name = profileName.get();
    if (name == null || name.isBlank() || DEMO_PROFILE.equals(name)) {
      return;
    }
    background(
        () -> {
          profiles.delete(name);
          return name;
        },
        deleted -> {
          profileNames.remove(deleted);
          message.set("Profile \"" + deleted + "\" deleted.");
        },
        "Delete profile");
  }

  /** Fills host, port, database, user, password and SSL mode from the pasted URL. */
  public boolean applyUrl() {
    String url = pgUrl.get() == null ? "" : pgUrl.get().strip();
    Matcher m = URL.matcher(url);
    if (url.isEmpty() || !m.matches()) {
      return false;
    }
    if (m.group(1) != null && !m.group(1).isEmpty()) {
      pgUser.set(decode(m.group(1)));
    }
    if (m.group(2) != null) {
      pgPassword.set(decode(m.group(2)));
    }
    pgHost.set(m.group(3).isEmpty() ? "localhost" : m.group(3));
    pgPort.set(m.group(4) == null ? "5432" : m.group(4));
    pgDatabase.set(m.group(5) == null ? "" : decode(m.group(5)));
    if (m.group(6) != null) {
      for (String pair : m.group(6).split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv.length == 2) {
          switch (kv[0]) {
            case "sslmode" -> pgSslMode.set(kv[1]);
            case "user" -> pgUser.set(decode(kv[1]));
            case "password" -> pgPassword.set(decode(kv[1]));
            case "currentSchema" -> pgSchema.set(kv[1]);
            default -> {}
          }
        }
      }
    }
    // The URL is now in the fields; keeping it would keep a password visible on screen.
    pgUrl.set("");
    return true;
  }

  /** Tests the PostgreSQL settings (through the SSH tunnel when enabled) in the background. */
  public void testPostgres() {
    pgTestResult.set("Testing…");
    pgTestOk.set(false);
    try {
      // Only the source's forms: testing PostgreSQL must not depend on the MongoDB form being
      // filled in, nor open a MongoDB client.
      PostgresSettings source = postgresSettings();
      Optional<SshTunnelSettings> tunnel =
          sshEnabled.get() ? Optional.of(tunnelSettings(source)) : Optional.empty();
      background(
          () ->
              FerrySession.withSource(
                  source, tunnel, workspace.hostKeyPrompt(), PostgresConnectionCheck::check),
          result -> {
            pgTestResult.set(result.message());
            pgTestOk.set(result.ok());
          },
          error -> {
            pgTestResult.set(errorInfo("Test PostgreSQL", error).cause());
            pgTestOk.set(false);
          });
    } catch (IllegalArgumentException e) {
      pgTestResult.set(e.getMessage());
    }
  }

  /** Tests the MongoDB settings in the background. */
  public void testMongo() {
    mongoTestResult.set("Testing…");
    mongoTestOk.set(false);
    try {
      MongoSettings target = mongoSettings();
      background(
          () -> MongoConnectionCheck.check(target),
          result -> {
            mongoTestResult.set(result.message());
            mongoTestOk.set(result.ok());
          },
          error -> mongoTestResult.set(ErrorInfo.of("Test MongoDB", error).cause()));
    } catch (IllegalArgumentException e) {
      mongoTestResult.set(e.getMessage());
    }
  }

  /**
   * Checks both ends and opens the session the other screens use; a failure opens the error dialog
   * with its cause.
   */
  public void connect() {
    JobSettings job;
    try {
      job = job();
    } catch (IllegalArgumentException e) {
      workspace.reportError(ErrorInfo.fromSentence("Connect", e.getMessage(), ""));
      return;
    }
    workspace.statusProperty().set("Connecting to " + job.source().describe() + "…");
    background(
        () -> {
          if (job.tunnel().isEmpty()) {
            ConnectionCheckResult pg = PostgresConnectionCheck.check(job.source());
            if (!pg.ok()) {
              throw new ConnectException(pg.message());
            }
          }
          ConnectionCheckResult mongo = MongoConnectionCheck.check(job.target());
          if (!mongo.ok()) {
            throw new ConnectException(mongo.message());
          }
          FerrySession session = FerrySession.open(job, workspace.hostKeyPrompt());
          if (job.tunnel().isPresent()) {
            // The source's pool connects lazily, so an open session proves only the tunnel; check
            // the database behind it now rather than fail later on the first screen that reads.
            ConnectionCheckResult pg = PostgresConnectionCheck.check(session.source().settings());
            if (!pg.ok()) {
              session.close();
              throw new ConnectException(pg.message());
            }
          }
          return session;
        },
        session -> {
          workspace.replaceSession(session);
          workspace
              .statusProperty()
              .set("Connected: " + job.source().describe() + " → " + job.target().describe());
          message.set("Connected.");
        },
        "Connect");
  }

  /** Starts the embedded demo (PostgreSQL + MongoDB), fills the forms and connects. */
  public void startDemo() {
    DemoEnvironment running = workspace.demoProperty().get();
    if (running != null) {
      fillDemo(running);
      connect();
      return;
    }
    workspace.statusProperty().set("Starting the demo databases…");
    message.set("Starting the demo databases (a few seconds)…");
    int orders = workspace.demoOrders();
    background(
        () -> DemoEnvironment.start(FerryDirectories.data(), orders),
        demo -> {
          workspace.demoProperty().set(demo);
          fillDemo(demo);
          connect();
        },
        "Start the demo");
  }

  // ---- building settings -------------------------------------------------------------------

  /** The job the forms describe; throws {@link IllegalArgumentException} with a sentence. */
  public JobSettings job() {
    JobSettings job =
        JobSettings.of(postgresSettings(), mongoSettings(), MappingSettings.defaults());
    if (sshEnabled.get()) {
      job = job.withTunnel(tunnelSettings(job.source()));
    }
    return job;
  }

  /** The PostgreSQL settings the form describes. */
  public PostgresSettings postgresSettings() {
    if (!pgUrl.get().isBlank()) {
      applyUrl();
    }
    String host = required(pgHost, "The PostgreSQL host is required.");
    int port = port(pgPort.get(), "PostgreSQL");
    String database = required(pgDatabase, "The PostgreSQL database is required.");
    String user = required(pgUser, "The PostgreSQL user is required.");
    String url =
        "jdbc:postgresql://"
            + host
            + ":"
            + port
            + "/"
            + database
            + "?sslmode="
            + (pgSslMode.get() == null ? "prefer" : pgSslMode.get());
    Optional<Secret> password = Optional.empty();
    if (!pgPassword.get().isEmpty()) {
      password = Optional.of(Secret.of(pgPassword.get()));
    } else if (!pgPasswordVariable.get().isBlank()) {
      String value = System.getenv(pgPasswordVariable.get().strip());
      if (value == null) {
        throw new IllegalArgumentException(
            "The environment variable "
                + pgPasswordVariable.get().strip()
                + " is not set; set it or type the password.");
      }
      password = Optional.of(Secret.of(value));
    }
    String schema = pgSchema.get().isBlank() ? PostgresSettings.DEFAULT_SCHEMA : pgSchema.get();
    return PostgresSettings.of(url, user, password).withSchema(schema.strip());
  }

  /** The MongoDB settings the form describes. */
  public MongoSettings mongoSettings() {
    String uri = required(mongoUri, "The MongoDB connection string is required.");
    if (!uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
      throw new IllegalArgumentException(
          "The MongoDB connection string must start with mongodb:// or mongodb+srv://.");
    }
    String database = required(mongoDatabase, "The MongoDB database is required.");
    String collection =
        mongoCollection.get().isBlank() ? MongoSettings.DEFAULT_COLLECTION : mongoCollection.get();
    try {
      return MongoSettings.of(uri, database.strip(), collection.strip());
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

  private SshTunnelSettings tunnelSettings(PostgresSettings source) {
    SshTunnelSettings.Builder b =
        FerrySession.tunnelTo(source)
            .host(required(sshHost, "The SSH host is required."))
            .port(port(sshPort.get(), "SSH"))
            // The builder's default is STRICT (the CLI's); the GUI can ask, and the user answers in
            // the host key dialog the shell installs as the workspace's prompt.
            .policy(HostKeyPolicy.ASK);
    if (!sshUser.get().isBlank()) {
      b.user(sshUser.get().strip());
    }
    if (!sshKeyFile.get().isBlank()) {
      b.identityFile(Path.of(sshKeyFile.get().strip()));
    }
    if (!sshPassphrase.get().isEmpty()) {
      b.passphrase(dev.ferry.core.Secret.of(sshPassphrase.get().toCharArray()));
    }
    if (!sshKnownHosts.get().isBlank()) {
      b.knownHostsFile(Path.of(sshKnownHosts.get().strip()));
    }
    return b.build();
  }

  private static String required(StringProperty property, String sentence) {
    String value = property.get() == null ? "" : property.get().strip();
    if (value.isEmpty()) {
      throw new IllegalArgumentException(sentence);
    }
    return value;
  }

  private static int port(String text, String what) {
    try {
      int port = Integer.parseInt(text == null ? "" : text.strip());
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "The " + what + " port must be a number from 1 to 65535, not \"" + text + "\".", e);
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** The current forms as a profile (no secrets). */
  public Profile toProfile(String name) {
    String url =
        "jdbc:postgresql://"
            + pgHost.get().strip()
            + ":"
            + pgPort.get().strip()
            + "/"
            + pgDatabase.get().strip()
            + "?sslmode="
            + pgSslMode.get();
    int port;
    try {
      port = Integer.parseInt(sshPort.get().strip());
    } catch (NumberFormatException e) {
      port = SshTunnelSettings.DEFAULT_PORT;
    }
    return new Profile(
        name,
        url,
        pgUser.get(),
        pgPasswordVariable.get(),
        mongoUri.get(),
        mongoDatabase.get(),
        mongoCollection.get(),
        sshEnabled.get(),
        sshHost.get(),
        port,
        sshUser.get(),
        sshKeyFile.get(),
        sshKnownHosts.get());
  }

  /** Fills the forms from {@code profile}; the passwords stay empty. */
  public void fill(Profile profile) {
    pgUrl.set(profile.postgresUrl());
    applyUrl();
    pgUser.set(profile.postgresUser());
    pgPassword.set("");
    pgPasswordVariable.set(profile.postgresPasswordVariable());
    mongoUri.set(profile.mongoUri());
    mongoDatabase.set(profile.mongoDatabase());
    mongoCollection.set(profile.mongoCollection());
    sshEnabled.set(profile.sshEnabled());
    sshHost.set(profile.sshHost());
    sshPort.set(Integer.toString(profile.sshPort()));
    sshUser.set(profile.sshUser());
    sshKeyFile.set(profile.sshKeyFile());
    sshPassphrase.set("");
    sshKnownHosts.set(profile.sshKnownHosts());
    message.set("Profile \"" + profile.name() + "\" loaded; enter passwords if needed.");
  }

  private void fillDemo(DemoEnvironment demo) {
    pgUrl.set(demo.postgresJdbcUrl() + "?sslmode=disable");
    applyUrl();
    pgUser.set(DemoEnvironment.READER);
    pgPassword.set("");
    pgPasswordVariable.set("");
    pgSchema.set(PostgresSettings.DEFAULT_SCHEMA);
    mongoUri.set(demo.mongoConnectionString());
    mongoDatabase.set(DemoEnvironment.TARGET_DATABASE);
    mongoCollection.set(MongoSettings.DEFAULT_COLLECTION);
    sshEnabled.set(false);
    profileName.set(DEMO_PROFILE);
    message.set("Demo databases started: " + demo.counts().orders() + " orders.");
  }

  private <T> void background(
      java.util.concurrent.Callable<T> work, Consumer<? super T> onSuccess, String title) {
    background(
        work,
        onSuccess,
        error -> {
          workspace.statusProperty().set(title + " failed.");
          workspace.reportError(errorInfo(title, error));
        });
  }

  private <T> void background(
      java.util.concurrent.Callable<T> work,
      Consumer<? super T> onSuccess,
      Consumer<? super Throwable> onFailure) {
    busy.set(true);
    workspace
        .ui()
        .submit(
            work,
            value -> {
              busy.set(false);
              onSuccess.accept(value);
            },
            error -> {
              busy.set(false);
              onFailure.accept(error);
            });
  }

  /**
   * The error as this screen shows it. The tunnel's unknown-host message ends with advice for the
   * command line ({@code --ssh-accept-new-host-key}); here the remedy is the trust dialog.
   */
  static ErrorInfo errorInfo(String title, Throwable error) {
    ErrorInfo info = ErrorInfo.of(title, error);
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof TunnelException tunnel
          && tunnel.failure() == TunnelFailure.UNKNOWN_HOST_KEY) {
        return new ErrorInfo(
            info.title(),
            info.cause(),
            "Verify the fingerprint with the server's administrator, then connect again and choose"
                + " Trust if it matches.",
            info.details());
      }
    }
    return info;
  }

  /** A connection check failed; the message is the check's one sentence. */
  static final class ConnectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConnectException(String message) {
      super(message);
    }
  }

  // ---- properties ----------------------------------------------------------------------------

  /** Saved profile names, the Demo profile first. */
  public ObservableList<String> profileNames() {
    return profileNames;
  }

  /** The profile being edited. */
  public StringProperty profileNameProperty() {
    return profileName;
  }

  /** A pasted PostgreSQL URL, applied to the fields on Enter. */
  public StringProperty pgUrlProperty() {
    return pgUrl;
  }

  /** PostgreSQL host. */
  public StringProperty pgHostProperty() {
    return pgHost;
  }

  /** PostgreSQL port. */
  public StringProperty pgPortProperty() {
    return pgPort;
  }

  /** PostgreSQL database. */
  public StringProperty pgDatabaseProperty() {
    return pgDatabase;
  }

  /** PostgreSQL user. */
  public StringProperty pgUserProperty() {
    return pgUser;
  }

  /** PostgreSQL password (never saved). */
  public StringProperty pgPasswordProperty() {
    return pgPassword;
  }

  /** Environment variable holding the PostgreSQL password (saved instead of the password). */
  public StringProperty pgPasswordVariableProperty() {
    return pgPasswordVariable;
  }

  /** PostgreSQL sslmode. */
  public StringProperty pgSslModeProperty() {
    return pgSslMode;
  }

  /** PostgreSQL schema. */
  public StringProperty pgSchemaProperty() {
    return pgSchema;
  }

  /** Result of the last PostgreSQL test. */
  public StringProperty pgTestResultProperty() {
    return pgTestResult;
  }

  /** Whether the last PostgreSQL test succeeded. */
  public BooleanProperty pgTestOkProperty() {
    return pgTestOk;
  }

  /** MongoDB connection string. */
  public StringProperty mongoUriProperty() {
    return mongoUri;
  }

  /** MongoDB database. */
  public StringProperty mongoDatabaseProperty() {
    return mongoDatabase;
  }

  /** MongoDB collection. */
  public StringProperty mongoCollectionProperty() {
    return mongoCollection;
  }

  /** Result of the last MongoDB test. */
  public StringProperty mongoTestResultProperty() {
    return mongoTestResult;
  }

  /** Whether the last MongoDB test succeeded. */
  public BooleanProperty mongoTestOkProperty() {
    return mongoTestOk;
  }

  /** Whether the source is reached through SSH. */
  public BooleanProperty sshEnabledProperty() {
    return sshEnabled;
  }

  /** SSH host. */
  public StringProperty sshHostProperty() {
    return sshHost;
  }

  /** SSH port. */
  public StringProperty sshPortProperty() {
    return sshPort;
  }

  /** SSH user. */
  public StringProperty sshUserProperty() {
    return sshUser;
  }

  /** SSH private key file. */
  public StringProperty sshKeyFileProperty() {
    return sshKeyFile;
  }

  /** SSH key passphrase (never saved). */
  public StringProperty sshPassphraseProperty() {
    return sshPassphrase;
  }

  /** known_hosts file. */
  public StringProperty sshKnownHostsProperty() {
    return sshKnownHosts;
  }

  /** True while background work of this screen runs. */
  public BooleanProperty busyProperty() {
    return busy;
  }

  /** An informational line under the forms. */
  public StringProperty messageProperty() {
    return message;
  }
}
