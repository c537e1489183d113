package dev.ferry.ui.view;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Objects;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * Loads a screen's FXML and CSS next to its view class: {@code XxxView.fxml} and {@code
 * XxxView.css} in the same package under resources.
 *
 * <p>Contract: the view object is the FXML controller (the FXML names no controller class, so the
 * view can be constructed with its view model); the stylesheet, when present, is added to the root,
 * and {@link Layouts#neverCut} keeps the screen's text from being cut off. FXML files are small
 * class-path resources, so loading them on the FX thread is not "file work".
 */
public final class Fxml {
  private Fxml() {}

  /** Loads {@code view}'s FXML with {@code view} as its controller. */
  public static Parent load(Object view) {
    Class<?> type = view.getClass();
    URL fxml =
        Objects.requireNonNull(
            type.getResource(type.getSimpleName() + ".fxml"), "missing FXML of " + type);
    FXMLLoader loader = new FXMLLoader(fxml);
    loader.setController(view);
    try {
      Parent root = loader.load();
      Layouts.neverCut(root);
      URL css = type.getResource(type.getSimpleName() + ".css");
      if (css != null) {
        root.getStylesheets().add(css.toExternalForm());
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException("could not load " + fxml, e);
    }
  }
}
