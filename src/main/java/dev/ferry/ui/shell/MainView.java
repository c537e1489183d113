package dev.ferry.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.ferry.ui.shell.MainViewModel.Screen;
import dev.ferry.ui.view.Fxml;
import java.util.EnumMap;
import java.util.Map;
import javafx.application.Application;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The main window: left navigation, the current screen, and a status bar with the theme toggle.
 *
 * <p>Contract: binding only; the screens' roots are given ready-made. Shortcut+1 … Shortcut+6 (Ctrl
 * on Windows and Linux, ⌘ on macOS) switch screens, and the tooltips name the keys as the platform
 * writes them; the navigation buttons are in the focus traversal order.
 */
public final class MainView {
  private final MainViewModel model;
  private final Map<Screen, Node> screens;
  private final Map<Screen, ToggleButton> buttons = new EnumMap<>(Screen.class);
  private final Parent root;

  @FXML private VBox nav;
  @FXML private StackPane content;
  @FXML private Label status;
  @FXML private ToggleButton theme;

  /** Builds the window over {@code model} with one node per screen. */
  public MainView(MainViewModel model, Map<Screen, Node> screens) {
    this.model = model;
    this.screens = new EnumMap<>(screens);
    this.root = Fxml.load(this);
  }

  /** The window's root node. */
  public Parent root() {
    return root;
  }

  /** The shortcut that shows {@code screen}: Shortcut (Ctrl, or ⌘ on macOS) and its number. */
  public static KeyCombination shortcut(Screen screen) {
    KeyCode[] digits = {
      KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5, KeyCode.DIGIT6
    };
    return new KeyCodeCombination(digits[screen.ordinal()], KeyCombination.SHORTCUT_DOWN);
  }

  @FXML
  private void initialize() {
    ToggleGroup group = new ToggleGroup();
    for (Screen screen : Screen.values()) {
      ToggleButton button = new ToggleButton(screen.title());
      button.setId("nav-" + screen.name().toLowerCase(java.util.Locale.ROOT));
      button.getStyleClass().addAll("nav-button", "flat");
      button.setToggleGroup(group);
      button.setMaxWidth(Double.MAX_VALUE);
      // getDisplayText() follows the platform: "Ctrl+1" on Windows and Linux, "⌘1" on macOS.
      button.setTooltip(
          new Tooltip(screen.title() + " (" + shortcut(screen).getDisplayText() + ")"));
      button.setOnAction(
          e -> {
            model.go(screen);
            button.setSelected(true);
          });
      buttons.put(screen, button);
      nav.getChildren().add(button);
    }
    model.screenProperty().addListener((obs, old, screen) -> show(screen));
    show(model.screenProperty().get());
    status.textProperty().bind(model.statusProperty());
    status.setId("status-line");
    theme.selectedProperty().bindBidirectional(model.darkProperty());
    theme.setTooltip(new Tooltip("Switches between the light and the dark theme."));
    model.darkProperty().addListener((obs, old, dark) -> applyTheme(dark));
    applyTheme(model.darkProperty().get());
  }

  /** Installs the keyboard shortcuts on {@code scene}. */
  public void installShortcuts(Scene scene) {
    for (Screen screen : Screen.values()) {
      scene.getAccelerators().put(shortcut(screen), () -> model.go(screen));
    }
  }

  private void show(Screen screen) {
    content.getChildren().setAll(screens.get(screen));
    buttons.get(screen).setSelected(true);
  }

  private static void applyTheme(boolean dark) {
    Application.setUserAgentStylesheet(
        dark
            ? new PrimerDark().getUserAgentStylesheet()
            : new PrimerLight().getUserAgentStylesheet());
  }
}
