package dev.ferry.ui.view;

import dev.ferry.ui.common.FileNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Ferry's own save dialog: a folder and a file name typed into JavaFX fields. It stands in for the
 * platform's dialog where that one fails: under an X server without a window manager, GTK's file
 * chooser never receives the keyboard, so a typed name was silently ignored and the proposed one
 * used. A JavaFX window takes the keyboard as the main window does.
 *
 * <p>Contract: runs on the FX thread and blocks it in a nested event loop until the user answers;
 * touches no file but reads whether the folder and the file exist; an existing file is replaced
 * only after a second Save. The fields carry the ids {@code save-folder} and {@code save-name}.
 */
public final class SaveDialog {
  /** The folder of the last save, proposed next time (this run only). */
  private static Path lastFolder;

  private SaveDialog() {}

  /** Asks where to save; see {@link FileSaver#ask} for the arguments. */
  public static Optional<Path> ask(
      Window owner, String title, String initialName, String description, String... patterns) {
    List<String> extensions =
        Arrays.stream(patterns).map(p -> p.startsWith("*.") ? p.substring(2) : p).toList();
    String defaultExtension = extensions.isEmpty() ? "" : extensions.get(0);

    Stage stage = new Stage();
    stage.setTitle(title);
    if (owner != null) {
      stage.initOwner(owner);
      stage.initModality(Modality.WINDOW_MODAL);
    }
    TextField folder =
        new TextField(
            (lastFolder != null ? lastFolder : Path.of(System.getProperty("user.home")))
                .toString());
    folder.setId("save-folder");
    TextField name = new TextField(initialName);
    name.setId("save-name");
    Label kind = new Label(description + " (" + String.join(", ", patterns) + ")");
    kind.getStyleClass().add("text-muted");
    Label problem = new Label();
    problem.setId("save-problem");
    problem.setWrapText(true);
    problem.setStyle("-fx-text-fill: -color-danger-fg;");
    Button cancel = new Button("Cancel");
    cancel.setCancelButton(true);
    Button save = new Button("Save");
    save.setDefaultButton(true);
    save.getStyleClass().add("accent");

    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(8);
    ColumnConstraints labels = new ColumnConstraints();
    ColumnConstraints fields = new ColumnConstraints();
    fields.setHgrow(Priority.ALWAYS);
    grid.getColumnConstraints().addAll(labels, fields);
    grid.addRow(0, new Label("Folder"), folder);
    grid.addRow(1, new Label("File name"), name);
    grid.add(kind, 1, 2);
    HBox buttons = new HBox(8, cancel, save);
    buttons.setAlignment(Pos.CENTER_RIGHT);
    VBox content = new VBox(12, new Label(title), grid, problem, buttons);
    content.setPadding(new Insets(16));
    content.setPrefWidth(560);
    Layouts.neverCut(content);

    Path[] chosen = new Path[1];
    Path[] confirmed = new Path[1];
    cancel.setOnAction(e -> stage.close());
    save.setOnAction(
        e -> {
          Path file;
          try {
            file =
                FileNames.resolve(folder.getText(), name.getText(), defaultExtension, extensions);
          } catch (IllegalArgumentException invalid) {
            problem.setText(invalid.getMessage());
            return;
          }
          // Replacing a file takes a second, deliberate Save of the same name.
          if (Files.exists(file) && !file.equals(confirmed[0])) {
            confirmed[0] = file;
            problem.setText(
                file.getFileName() + " already exists there; press Save again to replace it.");
            return;
          }
          chosen[0] = file;
          lastFolder = file.getParent();
          stage.close();
        });

    Scene scene = new Scene(content);
    if (owner != null && owner.getScene() != null) {
      // The theme and the app's styles, as in every other window of Ferry.
      scene.getStylesheets().setAll(owner.getScene().getStylesheets());
      scene.setUserAgentStylesheet(owner.getScene().getUserAgentStylesheet());
    }
    stage.setScene(scene);
    stage.setOnShown(
        e -> {
          name.requestFocus();
          int dot = initialName.indexOf('.');
          name.selectRange(0, dot > 0 ? dot : initialName.length());
        });
    stage.showAndWait();
    return Optional.ofNullable(chosen[0]);
  }
}
