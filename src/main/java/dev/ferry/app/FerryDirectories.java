package dev.ferry.app;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Ferry keeps the user's data (demo database) and configuration (profiles), following each
 * platform's convention:
 *
 * <table>
 *   <caption>Directories by platform</caption>
 *   <tr><th>platform</th><th>data</th><th>configuration</th></tr>
 *   <tr><td>Windows</td><td>{@code %LOCALAPPDATA%\Ferry}</td><td>{@code %APPDATA%\Ferry}</td></tr>
 *   <tr><td>macOS</td><td colspan="2">{@code ~/Library/Application Support/Ferry}</td></tr>
 *   <tr><td>Linux, other Unix</td><td>{@code $XDG_DATA_HOME/ferry} ({@code ~/.local/share/ferry})
 *       </td><td>{@code $XDG_CONFIG_HOME/ferry} ({@code ~/.config/ferry})</td></tr>
 * </table>
 *
 * <p>On Windows the machine's data (the demo database can grow to megabytes) stays local while the
 * profiles roam with the user's profile. {@code FERRY_HOME} (or the system property {@code
 * ferry.home}, which wins so that tests need not touch the environment), when set, holds both: data
 * in it, configuration in its {@code config} folder (tests and portable installs use it). Relative
 * or blank variables are ignored, as the XDG specification asks; without {@code %APPDATA%} or
 * {@code %LOCALAPPDATA%} their usual places under the user's home are used.
 */
public final class FerryDirectories {
  private FerryDirectories() {}

  /**
   * What the directories depend on, so that every platform's rules can be tested on any machine.
   *
   * @param osName the system's name as {@code os.name} reports it
   * @param userHome the user's home ({@code user.home})
   * @param environment the environment variables
   * @param ferryHomeProperty the {@code ferry.home} system property, when set
   */
  public record Host(
      String osName,
      Path userHome,
      Map<String, String> environment,
      Optional<String> ferryHomeProperty) {
    public Host {
      Objects.requireNonNull(osName, "osName");
      Objects.requireNonNull(userHome, "userHome");
      // Not copied: System.getenv() looks names up case-insensitively on Windows.
      Objects.requireNonNull(environment, "environment");
      Objects.requireNonNull(ferryHomeProperty, "ferryHomeProperty");
    }

    /** The running system. */
    public static Host current() {
      return new Host(
          System.getProperty("os.name", ""),
          Path.of(System.getProperty("user.home", "")),
          System.getenv(),
          Optional.ofNullable(System.getProperty("ferry.home")));
    }

    boolean windows() {
      return osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    boolean mac() {
      String os = osName.toLowerCase(Locale.ROOT);
      return os.startsWith("mac") || os.startsWith("darwin");
    }

    Optional<Path> absolute(String variable) {
      String value = environment.get(variable);
      if (value == null || value.isBlank()) {
        return Optional.empty();
      }
      try {
        Path path = Path.of(value);
        // Judged by the host's rules, not by the machine the code runs on (tests).
        boolean absolute =
            windows()
                ? value.matches("(?s)[A-Za-z]:[\\\\/].*") || value.startsWith("\\\\")
                : value.startsWith("/");
        return absolute ? Optional.of(path) : Optional.empty();
      } catch (InvalidPathException e) {
        return Optional.empty();
      }
    }
  }

  /** The data directory, e.g. {@code ~/.local/share/ferry}. */
  public static Path data() {
    return data(Host.current());
  }

  /** The configuration directory, e.g. {@code ~/.config/ferry}. */
  public static Path config() {
    return config(Host.current());
  }

  /** The data directory on {@code host}. */
  public static Path data(Host host) {
    return ferryHome(host)
        .orElseGet(
            () -> {
              if (host.windows()) {
                return host.absolute("LOCALAPPDATA")
                    .orElseGet(() -> host.userHome().resolve("AppData").resolve("Local"))
                    .resolve("Ferry");
              }
              if (host.mac()) {
                return macDirectory(host);
              }
              return host.absolute("XDG_DATA_HOME")
                  .orElseGet(() -> host.userHome().resolve(".local").resolve("share"))
                  .resolve("ferry");
            });
  }

  /** The configuration directory on {@code host}. */
  public static Path config(Host host) {
    return ferryHome(host)
        .map(h -> h.resolve("config"))
        .orElseGet(
            () -> {
              if (host.windows()) {
                return host.absolute("APPDATA")
                    .orElseGet(() -> host.userHome().resolve("AppData").resolve("Roaming"))
                    .resolve("Ferry");
              }
              if (host.mac()) {
                return macDirectory(host);
              }
              return host.absolute("XDG_CONFIG_HOME")
                  .orElseGet(() -> host.userHome().resolve(".config"))
                  .resolve("ferry");
            });
  }

  private static Path macDirectory(Host host) {
    return host.userHome().resolve("Library").resolve("Application Support").resolve("Ferry");
  }

  private static Optional<Path> ferryHome(Host host) {
    Optional<String> value =
        host.ferryHomeProperty()
            .filter(s -> !s.isBlank())
            .or(() -> Optional.ofNullable(host.environment().get("FERRY_HOME")))
            .filter(s -> !s.isBlank());
    return value.map(Path::of);
  }
}
