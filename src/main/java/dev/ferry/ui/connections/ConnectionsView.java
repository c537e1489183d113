package dev.ferry.ui.connections;

import dev.ferry.app.SecretStore.Kind;
import dev.ferry.ui.view.Fxml;
import java.io.File;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;

/**
 * The Connections screen: binds the forms to {@link ConnectionsViewModel} and forwards the buttons
 * to its commands.
 *
 * <p>Contract: holds no state of its own; the only logic here is choosing files (a native dialog)
 * and styling the test results by their {@link TestState}.
 */
public final class ConnectionsView {
  private final ConnectionsViewModel model;
  private final Parent root;

  @FXML private ComboBox<String> profiles;
  @FXML private Button demo;
  @FXML private Button saveProfile;
  @FXML private ProgressIndicator busy;
  @FXML private TextField pgUrl;
  @FXML private TextField pgHost;
  @FXML private TextField pgPort;
  @FXML private TextField pgDatabase;
  @FXML private TextField pgSchema;
  @FXML private TextField pgUser;
  @FXML private PasswordField pgPassword;
  @FXML private CheckBox pgRemember;
  @FXML private Label pgKeychainNotice;
  @FXML private TextField pgPasswordVariable;
  @FXML private ComboBox<String> pgSslMode;
  @FXML private Button testPg;
  @FXML private Label pgResult;
  @FXML private TextField mongoUri;
  @FXML private TextField mongoDatabase;
  @FXML private TextField mongoCollection;
  @FXML private CheckBox mongoRemember;
  @FXML private Button testMongo;
  @FXML private Label mongoResult;
  @FXML private CheckBox sshEnabled;
  @FXML private GridPane sshForm;
  @FXML private TextField sshHost;
  @FXML private TextField sshPort;
  @FXML private TextField sshUser;
  @FXML private TextField sshKeyFile;
  @FXML private PasswordField sshPassphrase;
  @FXML private CheckBox sshRemember;
  @FXML private TextField sshKnownHosts;
  @FXML private TextField timeoutConnect;
  @FXML private TextField timeoutRead;
  @FXML private TextField timeoutServerSelection;
  @FXML private TextField timeoutQuery;
  @FXML private Label timeoutProblem;
  @FXML private Button connect;
  @FXML private Label message;

  /** Builds the screen over {@code model}. */
  public ConnectionsView(ConnectionsViewModel model) {
    this.model = model;
    this.root = Fxml.load(this);
  }

  /** The screen's root node. */
  public Parent root() {
    return root;
  }

  @FXML
  private void initialize() {
    ProfilesViewModel named = model.profiles();
    profiles.setItems(named.names());
    profiles.valueProperty().bindBidirectional(named.nameProperty());
    busy.visibleProperty().bind(model.busyProperty());
    PostgresFormViewModel pg = model.postgres();
    pgUrl.textProperty().bindBidirectional(pg.urlProperty());
    pgUrl.setOnAction(e -> pg.applyUrl());
    pgUrl
        .focusedProperty()
        .addListener(
            (obs, was, focused) -> {
              if (!focused) {
                pg.applyUrl();
              }
            });
    pgHost.textProperty().bindBidirectional(pg.hostProperty());
    pgPort.textProperty().bindBidirectional(pg.portProperty());
    pgDatabase.textProperty().bindBidirectional(pg.databaseProperty());
    pgSchema.textProperty().bindBidirectional(pg.schemaProperty());
    pgUser.textProperty().bindBidirectional(pg.userProperty());
    pgPassword.textProperty().bindBidirectional(pg.passwordProperty());
    pgPasswordVariable.textProperty().bindBidirectional(pg.passwordVariableProperty());
    pgSslMode.getItems().setAll(PostgresFormViewModel.SSL_MODES);
    pgSslMode.valueProperty().bindBidirectional(pg.sslModeProperty());
    pgResult.textProperty().bind(pg.testResultProperty());
    MongoFormViewModel mongo = model.mongo();
    mongoUri.textProperty().bindBidirectional(mongo.uriProperty());
    mongoDatabase.textProperty().bindBidirectional(mongo.databaseProperty());
    mongoCollection.textProperty().bindBidirectional(mongo.collectionProperty());
    mongoResult.textProperty().bind(mongo.testResultProperty());
    styleResult(pgResult, pg.testStateProperty());
    styleResult(mongoResult, mongo.testStateProperty());
    SshFormViewModel ssh = model.ssh();
    sshEnabled.selectedProperty().bindBidirectional(ssh.enabledProperty());
    sshForm.disableProperty().bind(ssh.enabledProperty().not());
    sshHost.textProperty().bindBidirectional(ssh.hostProperty());
    sshPort.textProperty().bindBidirectional(ssh.portProperty());
    sshUser.textProperty().bindBidirectional(ssh.userProperty());
    sshKeyFile.textProperty().bindBidirectional(ssh.keyFileProperty());
    sshPassphrase.textProperty().bindBidirectional(ssh.passphraseProperty());
    sshKnownHosts.textProperty().bindBidirectional(ssh.knownHostsProperty());
    bindRemember(pgRemember, pg.rememberPasswordProperty(), Kind.POSTGRES_PASSWORD);
    bindRemember(mongoRemember, mongo.rememberPasswordProperty(), Kind.MONGODB_PASSWORD);
    bindRemember(sshRemember, ssh.rememberPassphraseProperty(), Kind.SSH_PASSPHRASE);
    // One notice, on the PostgreSQL form every job fills in, says why all three boxes are off.
    pgKeychainNotice.textProperty().bind(model.profiles().keychainNoticeProperty());
    pgKeychainNotice.visibleProperty().bind(model.profiles().keychainNoticeProperty().isNotEmpty());
    pgKeychainNotice.managedProperty().bind(pgKeychainNotice.visibleProperty());
    TimeoutsFormViewModel timeouts = model.timeouts();
    timeoutConnect.textProperty().bindBidirectional(timeouts.connectProperty());
    timeoutRead.textProperty().bindBidirectional(timeouts.readProperty());
    timeoutServerSelection.textProperty().bindBidirectional(timeouts.serverSelectionProperty());
    timeoutQuery.textProperty().bindBidirectional(timeouts.queryProperty());
    timeoutProblem.textProperty().bind(timeouts.problemProperty());
    timeoutProblem.visibleProperty().bind(timeouts.problemProperty().isNotEmpty());
    timeoutProblem.managedProperty().bind(timeoutProblem.visibleProperty());
    message.textProperty().bind(model.messageProperty());
    connect.disableProperty().bind(model.busyProperty());
    demo.disableProperty().bind(model.busyProperty());

    tip(profiles, "Pick a saved profile (or Demo) and press Load; type a new name to save.");
    tip(demo, "Starts an embedded PostgreSQL and MongoDB with demo data and connects to them.");
    tip(
        saveProfile,
        "Saves these settings under the profile name; passwords only go to the system keychain,"
            + " and only when Remember is on.");
    tip(pgUrl, "Paste a jdbc:postgresql:// or postgresql:// URL; Enter fills the fields below.");
    tip(
        pgHost,
        "Host name or address of the PostgreSQL server (as seen from the SSH server when tunnelling).");
    tip(pgPort, "PostgreSQL port, usually 5432.");
    tip(pgDatabase, "The client's database holding the orders.");
    tip(pgSchema, "Schema holding clients, products, orders and order_items (usually public).");
    tip(pgUser, "A read-only user is enough: Ferry only runs SELECT.");
    tip(
        pgPassword,
        "Never saved in a profile file; kept in the system keychain when Remember password is on.");
    tip(
        pgRemember,
        "Keeps the password in the system keychain (Secret Service, macOS Keychain, Windows"
            + " Credential Manager) when the profile is saved; turning it off removes it there.");
    tip(
        mongoRemember,
        "Keeps the password of the connection string (mongodb://user:password@…) in the system"
            + " keychain when the profile is saved; the profile itself keeps the string without"
            + " it. Turning it off removes it there.");
    tip(
        sshRemember,
        "Keeps the passphrase in the system keychain when the profile is saved; turning it off"
            + " removes it there.");
    tip(
        pgPasswordVariable,
        "Name of an environment variable holding the password; saved instead of it.");
    tip(pgSslMode, "TLS for the source: require or verify-full for servers outside your network.");
    tip(
        testPg,
        "Connects once and reports the server version and round-trip time, or the exact problem.");
    tip(
        mongoUri,
        "mongodb:// or mongodb+srv:// connection string; a password in it is never saved in a"
            + " profile file (see Remember password below).");
    tip(mongoDatabase, "Target database.");
    tip(mongoCollection, "Target collection; rejects go to <collection>_rejects.");
    tip(
        testMongo,
        "Connects once and reports the server version and round-trip time, or the exact problem.");
    tip(sshEnabled, "Reach PostgreSQL through an SSH server (bastion) instead of directly.");
    tip(sshHost, "The SSH server (bastion) host.");
    tip(sshPort, "SSH port, usually 22.");
    tip(sshUser, "SSH login; empty means your local user name.");
    tip(sshKeyFile, "Private key file, e.g. ~/.ssh/id_ed25519.");
    tip(
        sshPassphrase,
        "Passphrase of an encrypted key; never saved in a profile file (see Remember passphrase).");
    tip(
        sshKnownHosts,
        "known_hosts file that verifies the server; new hosts are asked about and added.");
    tip(timeoutConnect, "How long to wait for a connection and the login (default 10s).");
    tip(
        timeoutRead,
        "How long a connection may stay silent once an answer is due before it counts as dead"
            + " (default 30s).");
    tip(
        timeoutServerSelection,
        "How long the MongoDB driver looks for a usable server (default 10s); a timeout in the"
            + " connection string wins.");
    tip(timeoutQuery, "How long one PostgreSQL statement may run on the server (default 30m).");
    tip(connect, "Checks both databases and opens the connection the other screens use.");
  }

  /**
   * A "remember" box: enabled only when the keychain answered, and a click (not a profile being
   * loaded) tells the model to store or forget at once.
   */
  private void bindRemember(CheckBox box, BooleanProperty remember, Kind kind) {
    ProfilesViewModel named = model.profiles();
    box.selectedProperty().bindBidirectional(remember);
    box.disableProperty().bind(named.keychainAvailableProperty().not());
    box.setOnAction(e -> named.rememberChanged(kind));
  }

  private static void tip(Control control, String text) {
    Tooltip tooltip = new Tooltip(text);
    tooltip.setWrapText(true);
    tooltip.setMaxWidth(360);
    control.setTooltip(tooltip);
  }

  /** A test result is green when the server answered, red when not, plain otherwise. */
  private static void styleResult(Label label, ObjectProperty<TestState> state) {
    state.addListener(
        (obs, old, now) -> {
          label.getStyleClass().removeAll("ok", "failed");
          switch (now) {
            case OK -> label.getStyleClass().add("ok");
            case FAILED -> label.getStyleClass().add("failed");
            case IDLE, TESTING -> {}
          }
        });
  }

  @FXML
  private void onLoadProfile() {
    model.profiles().select(profiles.getEditor().getText());
  }

  @FXML
  private void onSaveProfile() {
    model.profiles().nameProperty().set(profiles.getEditor().getText());
    model.profiles().save();
  }

  @FXML
  private void onDeleteProfile() {
    model.profiles().delete();
  }

  @FXML
  private void onDemo() {
    model.profiles().select(ProfilesViewModel.DEMO_PROFILE);
  }

  @FXML
  private void onTestPostgres() {
    model.testPostgres();
  }

  @FXML
  private void onTestMongo() {
    model.testMongo();
  }

  @FXML
  private void onConnect() {
    model.connect();
  }

  @FXML
  private void onChooseKey() {
    choose("Choose the SSH private key", sshKeyFile);
  }

  @FXML
  private void onChooseKnownHosts() {
    choose("Choose the known_hosts file", sshKnownHosts);
  }

  private void choose(String title, TextField target) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle(title);
    File chosen = chooser.showOpenDialog(root.getScene().getWindow());
    if (chosen != null) {
      target.setText(chosen.getAbsolutePath());
    }
  }
}
