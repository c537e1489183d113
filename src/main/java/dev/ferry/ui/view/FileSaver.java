package dev.ferry.ui.view;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Asks the user where to save a file.
 *
 * <p>Contract: runs on the FX thread, touches no file (the caller writes in the background) and
 * returns empty when the user cancels. Views hold one so that robot tests can answer without a
 * native dialog; {@link #dialog()} is the real one.
 */
@FunctionalInterface
public interface FileSaver {

  /**
   * The chosen file, or empty.
   *
   * @param owner the window the dialog belongs to
   * @param title the dialog title
   * @param initialName the proposed file name
   * @param description what the files are, e.g. "Markdown"
   * @param patterns the file name patterns offered, e.g. "*.md"
   */
  Optional<Path> ask(
      Window owner, String title, String initialName, String description, String... patterns);

  /** The platform's save dialog. */
  static FileSaver dialog() {
    return (owner, title, initialName, description, patterns) -> {
      FileChooser chooser = new FileChooser();
      chooser.setTitle(title);
      chooser.setInitialFileName(initialName);
      chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, patterns));
      File file = chooser.showSaveDialog(owner);
      return Optional.ofNullable(file).map(File::toPath);
    };
  }
}
