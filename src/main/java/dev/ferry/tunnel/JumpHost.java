package dev.ferry.tunnel;

import java.util.Objects;
import java.util.Optional;

/**
 * The one jump host a tunnel may go through, as in OpenSSH's {@code ProxyJump [user@]host[:port]}.
 *
 * <p>The jump host is authenticated with the same identities, passphrase, password and known_hosts
 * file as the main SSH host, and its host key is verified the same way.
 *
 * @param host host name or address of the jump host
 * @param port SSH port of the jump host
 * @param user login on the jump host; absent means the main host's user
 */
public record JumpHost(String host, int port, Optional<String> user) {

  /** Validates the parts. */
  public JumpHost {
    host = SshTunnelSettings.requireHostName(host, "jump host");
    SshTunnelSettings.requirePort(port, "jump host port");
    Objects.requireNonNull(user, "user");
    user.ifPresent(u -> SshTunnelSettings.requireNonBlank(u, "jump host user"));
  }

  /**
   * Parses {@code [user@]host[:port]}; an IPv6 address with a port is written {@code [addr]:port}.
   *
   * @throws IllegalArgumentException for lists ({@code a,b}: only one jump host is supported) and
   *     malformed values
   */
  public static JumpHost parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    String s = spec.strip();
    if (s.contains(",")) {
      throw new IllegalArgumentException(
          "only one jump host is supported, but ProxyJump lists several: " + spec);
    }
    if (s.startsWith("ssh://")) {
      s = s.substring("ssh://".length());
    }
    Optional<String> user = Optional.empty();
    int at = s.lastIndexOf('@');
    if (at >= 0) {
      user = Optional.of(s.substring(0, at));
      s = s.substring(at + 1);
    }
    String host = s;
    int port = 22;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("unbalanced '[' in jump host: " + spec);
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (rest.startsWith(":")) {
        port = parsePort(rest.substring(1), spec);
      } else if (!rest.isEmpty()) {
        throw new IllegalArgumentException("unexpected text after ']' in jump host: " + spec);
      }
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = parsePort(s.substring(s.indexOf(':') + 1), spec);
    }
    return new JumpHost(host, port, user);
  }

  /** Whether {@code spec} names a port, so that an ssh config Port must not replace it. */
  static boolean hasExplicitPort(String spec) {
    String s = spec.strip();
    s = s.substring(s.lastIndexOf('@') + 1);
    if (s.startsWith("[")) {
      return s.contains("]:");
    }
    return s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':');
  }

  private static int parsePort(String text, String spec) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port number in jump host: " + spec, e);
    }
  }

  /** The spec form {@code [user@]host:port}. */
  @Override
  public String toString() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return user.map(u -> u + "@").orElse("") + h + ":" + port;
  }
}
