package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.FerryDirectories.Host;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each platform's directories, with the system, home and environment handed in (no global state is
 * changed, so these run anywhere and in any order). Windows paths are built with {@link Path#of} on
 * whatever system runs the test: what is checked is which variable they come from.
 */
class FerryDirectoriesTest {
  private static final Path WINDOWS_HOME = Path.of("C:\\Users\\Zoë Álvarez");
  private static final Map<String, String> WINDOWS_ENV =
      Map.of(
          "APPDATA", "C:\\Users\\Zoë Álvarez\\AppData\\Roaming",
          "LOCALAPPDATA", "C:\\Users\\Zoë Álvarez\\AppData\\Local",
          "USERPROFILE", "C:\\Users\\Zoë Álvarez");

  private static Host host(String os, Path home, Map<String, String> env) {
    return new Host(os, home, env, Optional.empty());
  }

  @Test
  void windowsKeepsProfilesInRoamingAppDataAndDataInLocalAppData() {
    Host windows = host("Windows 11", WINDOWS_HOME, WINDOWS_ENV);

    assertThat(FerryDirectories.config(windows))
        .isEqualTo(Path.of("C:\\Users\\Zoë Álvarez\\AppData\\Roaming").resolve("Ferry"));
    assertThat(FerryDirectories.data(windows))
        .isEqualTo(Path.of("C:\\Users\\Zoë Álvarez\\AppData\\Local").resolve("Ferry"));
  }

  @Test
  void windowsWithoutAppDataVariablesUsesTheirUsualPlacesInTheHome() {
    Host windows = host("Windows 10", WINDOWS_HOME, Map.of("APPDATA", "relative\\path"));

    assertThat(FerryDirectories.config(windows))
        .isEqualTo(WINDOWS_HOME.resolve("AppData").resolve("Roaming").resolve("Ferry"));
    assertThat(FerryDirectories.data(windows))
        .isEqualTo(WINDOWS_HOME.resolve("AppData").resolve("Local").resolve("Ferry"));
  }

  @Test
  void macOsUsesApplicationSupportForBoth() {
    Path home = Path.of("/Users/zoë álvarez");
    Host mac = host("Mac OS X", home, Map.of("XDG_CONFIG_HOME", "/elsewhere"));

    Path expected = Path.of("/Users/zoë álvarez/Library/Application Support/Ferry");
    assertThat(FerryDirectories.config(mac)).isEqualTo(expected);
    assertThat(FerryDirectories.data(mac)).isEqualTo(expected);
  }

  @Test
  void linuxFollowsXdgAndItsDefaults() {
    Path home = Path.of("/home/zoë álvarez");

    Host plain = host("Linux", home, Map.of());
    assertThat(FerryDirectories.config(plain))
        .isEqualTo(Path.of("/home/zoë álvarez/.config/ferry"));
    assertThat(FerryDirectories.data(plain))
        .isEqualTo(Path.of("/home/zoë álvarez/.local/share/ferry"));

    Host xdg =
        host(
            "Linux",
            home,
            Map.of("XDG_CONFIG_HOME", "/srv/my config", "XDG_DATA_HOME", "/srv/my data"));
    assertThat(FerryDirectories.config(xdg)).isEqualTo(Path.of("/srv/my config/ferry"));
    assertThat(FerryDirectories.data(xdg)).isEqualTo(Path.of("/srv/my data/ferry"));

    // The XDG specification: relative paths are invalid and ignored.
    Host relative = host("Linux", home, Map.of("XDG_CONFIG_HOME", "cfg", "XDG_DATA_HOME", " "));
    assertThat(FerryDirectories.config(relative)).isEqualTo(FerryDirectories.config(plain));
    assertThat(FerryDirectories.data(relative)).isEqualTo(FerryDirectories.data(plain));
  }

  @Test
  void ferryHomeWinsOnEveryPlatformAndThePropertyWinsOverTheVariable() {
    for (String os : new String[] {"Windows 11", "Mac OS X", "Linux", "FreeBSD"}) {
      Host env =
          new Host(
              os,
              WINDOWS_HOME,
              Map.of("FERRY_HOME", "/portable/Ferry ä", "APPDATA", "C:\\x"),
              Optional.empty());
      assertThat(FerryDirectories.data(env)).as(os).isEqualTo(Path.of("/portable/Ferry ä"));
      assertThat(FerryDirectories.config(env))
          .as(os)
          .isEqualTo(Path.of("/portable/Ferry ä", "config"));

      Host property =
          new Host(os, WINDOWS_HOME, Map.of("FERRY_HOME", "/ignored"), Optional.of("/tests/home"));
      assertThat(FerryDirectories.data(property)).as(os).isEqualTo(Path.of("/tests/home"));

      Host blankProperty =
          new Host(os, WINDOWS_HOME, Map.of("FERRY_HOME", "/from/env"), Optional.of(" "));
      assertThat(FerryDirectories.data(blankProperty)).as(os).isEqualTo(Path.of("/from/env"));
    }
  }

  @Test
  void theRunningSystemGetsOneOfTheseRules() {
    Host current = Host.current();

    assertThat(FerryDirectories.data()).isEqualTo(FerryDirectories.data(current));
    assertThat(FerryDirectories.config()).isEqualTo(FerryDirectories.config(current));
  }
}
