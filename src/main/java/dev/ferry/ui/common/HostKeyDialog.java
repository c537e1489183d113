package dev.ferry.ui.common;

import dev.ferry.tunnel.UnknownHostKey;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * Asks whether to trust an SSH server seen for the first time, showing its key type and SHA256
 * fingerprint so that the user can compare them with what the server's administrator gave out.
 *
 * <p>Contract: runs on the FX thread and returns the user's answer; closing the dialog means no.
 */
public final class HostKeyDialog {
  private HostKeyDialog() {}

  /** Returns whether the user trusts {@code key}. */
  public static boolean ask(Window owner, UnknownHostKey key) {
    ButtonType trust = new ButtonType("Trust and connect", ButtonBar.ButtonData.OK_DONE);
    ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
    Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", trust, cancel);
    alert.initOwner(owner);
    alert.setTitle("Unknown SSH host");
    alert.setHeaderText(
        "The authenticity of " + key.host() + ":" + key.port() + " cannot be established.");
    GridPane grid = new GridPane();
    grid.setHgap(12);
    grid.setVgap(8);
    grid.addRow(0, new Label("Key type"), styled(new Label(key.keyType()), "host-key-type"));
    grid.addRow(
        1,
        new Label("Fingerprint"),
        styled(new Label(key.sha256Fingerprint()), "host-key-fingerprint"));
    Label hint =
        new Label(
            "Trust it only if the fingerprint matches the one your administrator gave you;"
                + " it will be added to known_hosts.");
    hint.setWrapText(true);
    grid.add(hint, 0, 2, 2, 1);
    alert.getDialogPane().setContent(grid);
    return alert.showAndWait().filter(trust::equals).isPresent();
  }

  private static Label styled(Label label, String styleClass) {
    label.getStyleClass().add(styleClass);
    label.setStyle("-fx-font-family: monospace;");
    return label;
  }
}
