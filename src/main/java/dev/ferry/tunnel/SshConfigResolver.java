package dev.ferry.tunnel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolves a {@code Host} alias from an OpenSSH client config file ({@code ~/.ssh/config}).
 *
 * <p>Supported, with OpenSSH semantics (the first value obtained wins, {@code IdentityFile}
 * accumulates, {@code Host} patterns with {@code *}, {@code ?} and {@code !} negation, keywords are
 * case-insensitive, {@code key=value} and quoted values): {@code Host}, {@code Match all}, {@code
 * Include}, {@code HostName}, {@code User}, {@code Port}, {@code IdentityFile}, {@code ProxyJump}
 * (one hop), {@code UserKnownHostsFile}, {@code ConnectTimeout}, {@code ServerAliveInterval}. Paths
 * get {@code ~} and the tokens {@code %d %h %n %p %r %u %%} expanded. Other {@code Match} criteria
 * are not evaluated: their blocks are skipped. {@code ProxyCommand} is refused because Ferry cannot
 * run it. Other keywords are ignored.
 */
public final class SshConfigResolver {

  private static final int MAX_INCLUDE_DEPTH = 16;

  private SshConfigResolver() {}

  /** {@code ~/.ssh/config} of the current user ({@code %USERPROFILE%\.ssh} on Windows). */
  public static Path defaultConfigFile() {
    return SshDirectory.current().config();
  }

  /**
   * Resolves {@code alias}. An alias that no block matches resolves to itself as host name, as in
   * {@code ssh}.
   *
   * @throws TunnelException with {@link TunnelFailure#INVALID_SSH_CONFIG} if the file cannot be
   *     read, a value is invalid, the entry uses {@code ProxyCommand}, or it needs more than one
   *     jump
   */
  public static SshHostConfig resolve(Path configFile, String alias) {
    SshTunnelSettings.requireHostName(alias, "alias");
    if (!Files.isReadable(configFile)) {
      throw invalid(
          "The ssh config file "
              + configFile
              + " does not exist or is not readable; create it or pass the SSH host directly.");
    }
    Map<String, List<String>> values = collect(configFile, alias);
    Optional<String> user = first(values, "user");
    String hostName =
        first(values, "hostname").map(h -> expand(h, alias, alias, null, user)).orElse(alias);
    Optional<Integer> port = first(values, "port").map(p -> parsePort(p, configFile, alias));
    Tokens tokens = new Tokens(alias, hostName, port.orElse(22), user);
    List<Path> identityFiles = new ArrayList<>();
    for (String file : values.getOrDefault("identityfile", List.of())) {
      identityFiles.add(tokens.path(file));
    }
    if (values.containsKey("proxycommand")
        && !first(values, "proxycommand").orElse("").equalsIgnoreCase("none")) {
      throw invalid(
          "The ssh config entry for "
              + alias
              + " uses ProxyCommand, which Ferry cannot run; replace it with ProxyJump.");
    }
    Optional<JumpHost> jump = Optional.empty();
    Optional<String> jumpSpec = first(values, "proxyjump").filter(v -> !v.equalsIgnoreCase("none"));
    if (jumpSpec.isPresent()) {
      jump = Optional.of(resolveJump(configFile, alias, jumpSpec.get(), identityFiles));
    }
    Optional<Path> knownHosts =
        first(values, "userknownhostsfile")
            .filter(v -> !v.equalsIgnoreCase("none"))
            .map(v -> tokens.path(splitArgs(v).get(0)));
    Optional<Duration> connectTimeout =
        first(values, "connecttimeout").map(v -> seconds(v, "ConnectTimeout", configFile));
    Optional<Duration> keepAlive =
        first(values, "serveraliveinterval")
            .map(v -> seconds(v, "ServerAliveInterval", configFile));
    try {
      return new SshHostConfig(
          alias, hostName, port, user, identityFiles, jump, knownHosts, connectTimeout, keepAlive);
    } catch (IllegalArgumentException e) {
      throw invalid(
          "The ssh config entry for "
              + alias
              + " in "
              + configFile
              + " is invalid ("
              + e.getMessage()
              + "); correct it.");
    }
  }

  private static JumpHost resolveJump(
      Path configFile, String alias, String spec, List<Path> identityFiles) {
    JumpHost parsed;
    try {
      parsed = JumpHost.parse(spec);
    } catch (IllegalArgumentException e) {
      throw invalid(
          "The ProxyJump of "
              + alias
              + " in "
              + configFile
              + " is not usable ("
              + e.getMessage()
              + "); use a single [user@]host[:port].");
    }
    boolean explicitPort = JumpHost.hasExplicitPort(spec);
    Map<String, List<String>> jumpValues = collect(configFile, parsed.host());
    if (first(jumpValues, "proxyjump").filter(v -> !v.equalsIgnoreCase("none")).isPresent()) {
      throw invalid(
          "The jump host "
              + parsed.host()
              + " of "
              + alias
              + " has a ProxyJump of its own, but Ferry supports only one jump host; set"
              + " 'ProxyJump none' for it.");
    }
    Optional<String> user = parsed.user().or(() -> first(jumpValues, "user"));
    String host =
        first(jumpValues, "hostname")
            .map(h -> expand(h, parsed.host(), parsed.host(), null, user))
            .orElse(parsed.host());
    int port =
        explicitPort
            ? parsed.port()
            : first(jumpValues, "port")
                .map(p -> parsePort(p, configFile, parsed.host()))
                .orElse(22);
    Tokens tokens = new Tokens(parsed.host(), host, port, user);
    for (String file : jumpValues.getOrDefault("identityfile", List.of())) {
      Path path = tokens.path(file);
      if (!identityFiles.contains(path)) {
        identityFiles.add(path);
      }
    }
    return new JumpHost(host, port, user);
  }

  private static Map<String, List<String>> collect(Path configFile, String alias) {
    Map<String, List<String>> values = new HashMap<>();
    read(configFile, alias, values, true, 0);
    return values;
  }

  // OpenSSH keeps the first value of each keyword, so later matching blocks only fill gaps.
  private static void read(
      Path file, String alias, Map<String, List<String>> values, boolean active, int depth) {
    if (depth > MAX_INCLUDE_DEPTH) {
      throw invalid(
          "The ssh config includes itself too deeply at " + file + "; remove the Include loop.");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw invalid(
          "The ssh config file " + file + " cannot be read (" + e + "); fix its permissions.");
    }
    boolean matching = active;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] kv = splitKeyword(line);
      String keyword = kv[0].toLowerCase(Locale.ROOT);
      String value = kv[1];
      switch (keyword) {
        case "host" -> matching = active && hostMatches(splitArgs(value), alias);
        case "match" -> matching = active && value.strip().equalsIgnoreCase("all");
        case "include" -> {
          if (matching) {
            for (String pattern : splitArgs(value)) {
              for (Path included : glob(file, pattern)) {
                read(included, alias, values, true, depth + 1);
              }
            }
          }
        }
        default -> {
          if (matching && !value.isEmpty()) {
            List<String> list = values.computeIfAbsent(keyword, k -> new ArrayList<>());
            if (list.isEmpty() || keyword.equals("identityfile")) {
              list.add(keyword.equals("identityfile") ? unquote(value) : value);
            }
          }
        }
      }
    }
  }

  private static String[] splitKeyword(String line) {
    int i = 0;
    while (i < line.length() && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '=') {
      i++;
    }
    String keyword = line.substring(0, i);
    String rest = line.substring(i).strip();
    if (rest.startsWith("=")) {
      rest = rest.substring(1).strip();
    }
    return new String[] {keyword, rest};
  }

  static List<String> splitArgs(String value) {
    List<String> args = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : value.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (any) {
          args.add(current.toString());
          current.setLength(0);
          any = false;
        }
      } else {
        current.append(c);
        any = true;
      }
    }
    if (any) {
      args.add(current.toString());
    }
    return args;
  }

  private static String unquote(String value) {
    List<String> args = splitArgs(value);
    return args.isEmpty() ? value : args.get(0);
  }

  static boolean hostMatches(List<String> patterns, String alias) {
    boolean positive = false;
    for (String pattern : patterns) {
      boolean negated = pattern.startsWith("!");
      String p = negated ? pattern.substring(1) : pattern;
      if (globToRegex(p).matcher(alias).matches()) {
        if (negated) {
          return false;
        }
        positive = true;
      }
    }
    return positive;
  }

  private static Pattern globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
  }

  private static List<Path> glob(Path including, String pattern) {
    String expanded = expandTilde(pattern);
    Path path = Path.of(expanded);
    if (!path.isAbsolute()) {
      // OpenSSH resolves relative user-config includes against ~/.ssh; the including file's
      // directory is the same place for ~/.ssh/config and the natural choice for other files.
      Path base = including.toAbsolutePath().getParent();
      path = base == null ? path : base.resolve(path);
    }
    Path dir = path.getParent();
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    List<Path> found = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return found;
    }
    if (!name.contains("*") && !name.contains("?")) {
      if (Files.isRegularFile(path)) {
        found.add(path);
      }
      return found;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, name)) {
      stream.forEach(
          p -> {
            if (Files.isRegularFile(p)) {
              found.add(p);
            }
          });
    } catch (IOException e) {
      throw invalid("The ssh config Include " + pattern + " cannot be listed (" + e + "); fix it.");
    }
    found.sort(null);
    return found;
  }

  private static Optional<String> first(Map<String, List<String>> values, String keyword) {
    List<String> list = values.get(keyword);
    return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  private static int parsePort(String value, Path configFile, String alias) {
    try {
      int port = Integer.parseInt(value.strip());
      SshTunnelSettings.requirePort(port, "Port");
      return port;
    } catch (IllegalArgumentException e) {
      throw invalid(
          "The Port '"
              + value
              + "' for "
              + alias
              + " in "
              + configFile
              + " is not a port number; set 1 to 65535.");
    }
  }

  private static Duration seconds(String value, String keyword, Path configFile) {
    try {
      long seconds = Long.parseLong(value.strip());
      if (seconds < 0) {
        throw new NumberFormatException(value);
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw invalid(
          "The "
              + keyword
              + " '"
              + value
              + "' in "
              + configFile
              + " is not a number of seconds; correct it.");
    }
  }

  private static String expandTilde(String path) {
    return SshDirectory.current().expandTilde(path);
  }

  private static String expand(
      String value, String alias, String hostName, Integer port, Optional<String> user) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%' || i + 1 >= value.length()) {
        out.append(c);
        continue;
      }
      char token = value.charAt(++i);
      switch (token) {
        case '%' -> out.append('%');
        case 'd' -> out.append(SshTunnelSettings.userHome());
        case 'h' -> out.append(hostName);
        case 'n' -> out.append(alias);
        case 'p' -> out.append(port == null ? 22 : port);
        case 'r' -> out.append(user.orElseGet(() -> System.getProperty("user.name")));
        case 'u' -> out.append(System.getProperty("user.name"));
        default -> out.append('%').append(token);
      }
    }
    return out.toString();
  }

  private record Tokens(String alias, String hostName, int port, Optional<String> user) {
    Path path(String value) {
      return Path.of(expandTilde(expand(value, alias, hostName, port, user)));
    }
  }

  private static TunnelException invalid(String message) {
    return new TunnelException(TunnelFailure.INVALID_SSH_CONFIG, message);
  }
}
