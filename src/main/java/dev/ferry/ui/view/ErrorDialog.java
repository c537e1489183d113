package dev.ferry.ui.view;

import dev.ferry.ui.common.ErrorInfo;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * The error dialog: the one-sentence cause in bold, the action to take below it, the technical
 * details in an expandable area.
 *
 * <p>Contract: {@link #show} returns at once (the dialog is not modal-blocking), so a background
 * hand-over never waits on the user; the cause and action labels carry the style classes {@code
 * error-cause} and {@code error-action} so tests and styles can find them.
 */
public final class ErrorDialog {
  private ErrorDialog() {}

  /** Shows {@code error} over {@code owner}. */
  public static Alert show(Window owner, ErrorInfo error) {
    Alert alert = new Alert(Alert.AlertType.ERROR, "", ButtonType.CLOSE);
    alert.initOwner(owner);
    alert.initModality(Modality.WINDOW_MODAL);
    alert.setTitle(error.title());
    alert.setHeaderText(error.title());
    Label cause = new Label(error.cause());
    cause.getStyleClass().add("error-cause");
    cause.setWrapText(true);
    cause.setStyle("-fx-font-weight: bold;");
    Label action = new Label(error.action());
    action.getStyleClass().add("error-action");
    action.setWrapText(true);
    VBox content = new VBox(8, cause, action);
    content.setPrefWidth(520);
    alert.getDialogPane().setContent(content);
    if (!error.details().isBlank()) {
      TextArea details = new TextArea(error.details());
      details.setEditable(false);
      details.setWrapText(false);
      details.setPrefRowCount(12);
      details.getStyleClass().add("error-details");
      alert.getDialogPane().setExpandableContent(details);
    }
    alert.show();
    return alert;
  }
}
