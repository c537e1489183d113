package dev.ferry.ui.shell;

import dev.ferry.ui.common.Workspace;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;

/**
 * State of the main window: which screen is shown, the theme, and the status line.
 *
 * <p>Contract: the screens other than Connections need a session; {@link #go} switches anyway (they
 * show an empty state), so keyboard navigation never gets stuck.
 */
public final class MainViewModel {
  /** The screens, in navigation order. */
  public enum Screen {
    CONNECTIONS("Connections"),
    SCHEMA("Schema"),
    ANALYSIS("Analysis"),
    PREVIEW("Preview"),
    RUN("Run"),
    HISTORY("History");

    private final String title;

    Screen(String title) {
      this.title = title;
    }

    /** The navigation label. */
    public String title() {
      return title;
    }
  }

  private final Workspace workspace;
  private final ObjectProperty<Screen> screen =
      new SimpleObjectProperty<>(this, "screen", Screen.CONNECTIONS);
  private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");

  /** A main window over {@code workspace}. */
  public MainViewModel(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /** Shows {@code target}. */
  public void go(Screen target) {
    screen.set(Objects.requireNonNull(target, "target"));
  }

  /** Switches between the light and the dark theme. */
  public void toggleTheme() {
    dark.set(!dark.get());
  }

  /** The screen shown. */
  public ObjectProperty<Screen> screenProperty() {
    return screen;
  }

  /** Whether the dark theme is on. */
  public BooleanProperty darkProperty() {
    return dark;
  }

  /** The status line. */
  public StringProperty statusProperty() {
    return workspace.statusProperty();
  }

  /** The shared workspace. */
  public Workspace workspace() {
    return workspace;
  }
}
