package dev.ferry.ui.view;

import dev.ferry.tunnel.UnknownHostKey;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
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
    // Both answers are named for what they do: "Cancel" read as "cancel the connection" and hid
    // that it is the refusal of the key, and "Trust and connect" was wrong for the Test button.
    ButtonType trust = new ButtonType("Trust", ButtonBar.ButtonData.OK_DONE);
    ButtonType refuse = new ButtonType("Refuse", ButtonBar.ButtonData.CANCEL_CLOSE);
    Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", trust, refuse);
    alert.initOwner(owner);
    alert.setTitle("Unknown SSH host");
    alert.setHeaderText("The authenticity of " + key.knownHostsName() + " cannot be established.");
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
    // Without a width the wrapping hint sets the dialog's width; keep it to the key's row.
    hint.setMaxWidth(520);
    grid.add(hint, 0, 2, 2, 1);
    alert.getDialogPane().setContent(grid);
    alert.getDialogPane().lookupButton(trust).setId("host-key-trust");
    Button refuseButton = (Button) alert.getDialogPane().lookupButton(refuse);
    refuseButton.setId("host-key-refuse");
    // Enter must not trust a key by reflex: the safe answer is the default one.
    ((Button) alert.getDialogPane().lookupButton(trust)).setDefaultButton(false);
    refuseButton.setDefaultButton(true);
    return alert.showAndWait().filter(trust::equals).isPresent();
  }

  private static Label styled(Label label, String styleClass) {
    label.getStyleClass().add(styleClass);
    label.setStyle("-fx-font-family: monospace;");
    // A fingerprint cut short with an ellipsis cannot be compared; never let the label shrink.
    label.setMinWidth(Region.USE_PREF_SIZE);
    return label;
  }
}
