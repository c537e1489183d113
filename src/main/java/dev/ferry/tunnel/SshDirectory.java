package dev.ferry.tunnel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's home as the OpenSSH client sees it, and the files Ferry takes from its {@code .ssh}
 * directory by default.
 *
 * <p>Contract: on Windows the home is {@code %USERPROFILE%} (where OpenSSH for Windows, PuTTYgen's
 * exports and Git for Windows keep {@code .ssh}), else {@code %HOMEDRIVE%%HOMEPATH%}, else Java's
 * {@code user.home}; elsewhere it is {@code user.home}, which Java takes from the password database
 * as OpenSSH does. Relative or blank variables are ignored. Paths may hold spaces and any Unicode
 * characters; nothing here splits or re-encodes them.
 *
 * @param home the user's home directory
 * @param windows whether {@code ~\} (besides {@code ~/}) starts a path in the home
 */
record SshDirectory(Path home, boolean windows) {

  /** The default private keys, in the order {@code ssh} tries them. */
  static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  SshDirectory {
    Objects.requireNonNull(home, "home");
  }

  /** The current user's, from the running system. */
  static SshDirectory current() {
    return of(
        System.getProperty("os.name", ""),
        Path.of(System.getProperty("user.home", "")),
        System.getenv());
  }

  /**
   * The directory for a system named {@code osName} (as {@code os.name} reports it), a Java {@code
   * user.home} and an environment; see the class description.
   */
  static SshDirectory of(String osName, Path userHome, Map<String, String> environment) {
    boolean windows = osName.toLowerCase(Locale.ROOT).startsWith("windows");
    if (!windows) {
      return new SshDirectory(userHome, false);
    }
    Optional<Path> profile = absolute(environment.get("USERPROFILE"));
    if (profile.isEmpty()) {
      String drive = environment.getOrDefault("HOMEDRIVE", "");
      String path = environment.getOrDefault("HOMEPATH", "");
      profile = drive.isBlank() || path.isBlank() ? Optional.empty() : absolute(drive + path);
    }
    return new SshDirectory(profile.orElse(userHome), true);
  }

  private static Optional<Path> absolute(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      Path path = Path.of(value);
      // Path.of cannot judge a Windows path on another system; a drive or UNC prefix can.
      boolean looksAbsolute =
          path.isAbsolute() || value.matches("(?s)[A-Za-z]:[\\\\/].*") || value.startsWith("\\\\");
      return looksAbsolute ? Optional.of(path) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code ~/.ssh}. */
  Path sshDirectory() {
    return home.resolve(".ssh");
  }

  /** {@code ~/.ssh/known_hosts}. */
  Path knownHosts() {
    return sshDirectory().resolve("known_hosts");
  }

  /** {@code ~/.ssh/config}. */
  Path config() {
    return sshDirectory().resolve("config");
  }

  /** The default keys ({@link #DEFAULT_KEYS}) that exist in {@code ~/.ssh}. */
  List<Path> existingDefaultKeys() {
    List<Path> found = new ArrayList<>();
    for (String name : DEFAULT_KEYS) {
      Path candidate = sshDirectory().resolve(name);
      if (Files.isRegularFile(candidate)) {
        found.add(candidate);
      }
    }
    return found;
  }

  /**
   * Expands a leading {@code ~} (alone, or followed by {@code /}, or by {@code \} on Windows) to
   * the home directory, as a shell would; other paths are returned unchanged.
   */
  String expandTilde(String path) {
    if (path.equals("~")) {
      return home.toString();
    }
    if (path.startsWith("~/") || (windows && path.startsWith("~\\"))) {
      return home.resolve(path.substring(2)).toString();
    }
    return path;
  }

  /** {@link #expandTilde(String)} for a path. */
  Path expandTilde(Path path) {
    String text = path.toString();
    String expanded = expandTilde(text);
    return expanded.equals(text) ? path : Path.of(expanded);
  }
}
