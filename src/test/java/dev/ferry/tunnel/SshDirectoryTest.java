package dev.ferry.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code ~/.ssh} is on each system, with the system, Java's {@code user.home} and the
 * environment handed in (no global state is changed).
 */
class SshDirectoryTest {
  private static final Path JAVA_HOME_GUESS = Path.of("C:\\Users\\Default");

  @Test
  void onWindowsTheUserProfileIsTheHome() {
    SshDirectory ssh =
        SshDirectory.of(
            "Windows 11",
            JAVA_HOME_GUESS,
            Map.of("USERPROFILE", "C:\\Users\\Zoë Álvarez", "HOMEDRIVE", "D:", "HOMEPATH", "\\x"));

    Path profile = Path.of("C:\\Users\\Zoë Álvarez");
    assertThat(ssh.home()).isEqualTo(profile);
    assertThat(ssh.knownHosts()).isEqualTo(profile.resolve(".ssh").resolve("known_hosts"));
    assertThat(ssh.config()).isEqualTo(profile.resolve(".ssh").resolve("config"));
    assertThat(ssh.sshDirectory().resolve("id_ed25519"))
        .isEqualTo(profile.resolve(".ssh").resolve("id_ed25519"));
  }

  @Test
  void onWindowsWithoutAUsableProfileHomeDriveAndPathThenUserHome() {
    assertThat(
            SshDirectory.of(
                    "Windows 10",
                    JAVA_HOME_GUESS,
                    Map.of(
                        "USERPROFILE", "relative", "HOMEDRIVE", "D:", "HOMEPATH", "\\Users\\zoe"))
                .home())
        .isEqualTo(Path.of("D:\\Users\\zoe"));
    assertThat(SshDirectory.of("Windows 10", JAVA_HOME_GUESS, Map.of()).home())
        .isEqualTo(JAVA_HOME_GUESS);
  }

  @Test
  void elsewhereJavasUserHomeIsTheHomeWhateverTheEnvironmentSays() {
    Path home = Path.of("/home/zoë álvarez");
    for (String os : new String[] {"Linux", "Mac OS X"}) {
      SshDirectory ssh = SshDirectory.of(os, home, Map.of("USERPROFILE", "C:\\Users\\x"));
      assertThat(ssh.knownHosts()).isEqualTo(Path.of("/home/zoë álvarez/.ssh/known_hosts"));
    }
  }

  @Test
  void tildeExpandsToTheHomeAndOnWindowsAlsoWithABackslash() {
    SshDirectory unix = SshDirectory.of("Linux", Path.of("/home/zoë"), Map.of());
    SshDirectory windows =
        SshDirectory.of("Windows 11", JAVA_HOME_GUESS, Map.of("USERPROFILE", "C:\\Users\\Zoë"));

    assertThat(unix.expandTilde("~/.ssh/id_ed25519"))
        .isEqualTo(Path.of("/home/zoë").resolve(".ssh/id_ed25519").toString());
    assertThat(unix.expandTilde("~")).isEqualTo(Path.of("/home/zoë").toString());
    assertThat(unix.expandTilde("~\\.ssh")).isEqualTo("~\\.ssh");
    assertThat(unix.expandTilde("/etc/~/x")).isEqualTo("/etc/~/x");
    assertThat(unix.expandTilde(Path.of("~/.ssh/known_hosts")))
        .isEqualTo(Path.of("/home/zoë/.ssh/known_hosts"));
    assertThat(windows.expandTilde("~\\.ssh\\id_ed25519"))
        .isEqualTo(Path.of("C:\\Users\\Zoë").resolve(".ssh\\id_ed25519").toString());
    assertThat(windows.expandTilde("~/.ssh/id_ed25519"))
        .isEqualTo(Path.of("C:\\Users\\Zoë").resolve(".ssh/id_ed25519").toString());
  }

  @Test
  void defaultKeysAreFoundInAHomeWithSpacesAndAccents(@TempDir Path dir) throws Exception {
    Path home = dir.resolve("Zoë Álvarez (work)");
    Path ssh = Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(ssh.resolve("id_rsa"), "x");
    Files.writeString(ssh.resolve("id_ed25519"), "x");
    Files.createDirectories(ssh.resolve("id_ecdsa")); // a directory is not a key

    SshDirectory directory = SshDirectory.of("Linux", home, Map.of());

    assertThat(directory.existingDefaultKeys())
        .containsExactly(ssh.resolve("id_ed25519"), ssh.resolve("id_rsa"));
  }

  @Test
  void explicitKeyAndKnownHostsPathsWithATildeAreExpandedByTheBuilder() {
    SshTunnelSettings settings =
        SshTunnelSettings.builder("localhost", 5432)
            .host("db.example.com")
            .identityFile(Path.of("~/.ssh/id_ed25519"))
            .knownHostsFile(Path.of("~/.ssh/known_hosts"))
            .build();

    Path home = SshDirectory.current().home();
    assertThat(settings.identityFiles()).containsExactly(home.resolve(".ssh/id_ed25519"));
    assertThat(settings.knownHostsFile()).isEqualTo(home.resolve(".ssh/known_hosts"));
  }
}
