package dev.ferry.ui.view;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
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

  /**
   * The save dialog for this desktop: the platform's, or Ferry's own {@link SaveDialog} where the
   * platform's cannot take a typed name (see {@link #platformDialogWorks}).
   */
  static FileSaver dialog() {
    return platformDialogWorks(System.getProperty("os.name", ""), System.getenv())
        ? platform()
        : SaveDialog::ask;
  }

  /**
   * Whether the platform's save dialog can be trusted with a typed name. On Linux GTK's file
   * chooser needs a window manager to receive the keyboard: under a bare X server (a virtual
   * display, a remote X session without a desktop) a typed name was ignored. A desktop session
   * names itself in {@code XDG_CURRENT_DESKTOP}, {@code DESKTOP_SESSION} or {@code GDMSESSION}; a
   * bare X server sets none. {@code -Dferry.saveDialog=ferry} or {@code platform} decides
   * explicitly.
   */
  static boolean platformDialogWorks(String osName, Map<String, String> environment) {
    String forced = System.getProperty("ferry.saveDialog", "");
    if (!forced.isEmpty()) {
      return forced.equals("platform");
    }
    if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
      return true;
    }
    return Stream.of("XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "GDMSESSION")
        .map(environment::get)
        .anyMatch(value -> value != null && !value.isBlank());
  }

  /** The platform's save dialog. */
  static FileSaver platform() {
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
