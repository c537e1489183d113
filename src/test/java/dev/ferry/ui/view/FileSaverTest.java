package dev.ferry.ui.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which save dialog a desktop gets: GTK's needs a window manager to take a typed name. */
class FileSaverTest {
  @ParameterizedTest(name = "{0}, {1}={2} -> platform {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Linux | - | - | false",
        "Linux | XDG_CURRENT_DESKTOP | GNOME | true",
        "Linux | DESKTOP_SESSION | xfce | true",
        "Linux | GDMSESSION | ubuntu | true",
        "Linux | XDG_CURRENT_DESKTOP | ' ' | false",
        "Windows 11 | - | - | true",
        "Mac OS X | - | - | true",
      })
  void aBareXServerGetsFerrysOwnDialog(String os, String variable, String value, boolean platform) {
    Map<String, String> environment = new HashMap<>();
    if (!variable.equals("-")) {
      environment.put(variable, value);
    }
    assertThat(FileSaver.platformDialogWorks(os, environment)).isEqualTo(platform);
  }
}
