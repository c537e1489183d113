package dev.ferry.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where Ferry keeps the user's data (demo database) and configuration (profiles), following each
 * platform's convention: XDG on Linux, Application Support on macOS, AppData on Windows. {@code
 * FERRY_HOME} (or the system property {@code ferry.home}, which wins so that tests need not touch
 * the environment), when set, holds both (tests and portable installs use it).
 */
public final class FerryDirectories {
  private FerryDirectories() {}

  /** The data directory, e.g. {@code ~/.local/share/ferry}. */
  public static Path data() {
    return home().orElseGet(() -> platform("XDG_DATA_HOME", ".local/share", "LOCALAPPDATA"));
  }

  /** The configuration directory, e.g. {@code ~/.config/ferry}. */
  public static Path config() {
    return home()
        .map(h -> h.resolve("config"))
        .orElseGet(() -> platform("XDG_CONFIG_HOME", ".config", "APPDATA"));
  }

  private static Optional<Path> home() {
    String property = System.getProperty("ferry.home");
    String value = property != null && !property.isBlank() ? property : System.getenv("FERRY_HOME");
    return Optional.ofNullable(value).filter(s -> !s.isBlank()).map(Path::of);
  }

  private static Path platform(String xdgVariable, String xdgDefault, String windowsVariable) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    Path userHome = Path.of(System.getProperty("user.home"));
    if (os.contains("win")) {
      String base = System.getenv(windowsVariable);
      return (base == null ? userHome : Path.of(base)).resolve("Ferry");
    }
    if (os.contains("mac")) {
      return userHome.resolve("Library/Application Support/Ferry");
    }
    String xdg = System.getenv(xdgVariable);
    Path base = xdg == null || xdg.isBlank() ? userHome.resolve(xdgDefault) : Path.of(xdg);
    return base.resolve("ferry");
  }
}
