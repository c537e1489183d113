package dev.ferry.tunnel;

import java.util.Objects;

/**
 * A host key the user has not trusted yet, described as OpenSSH shows it.
 *
 * @param host the host name as it will be recorded in known_hosts
 * @param port the SSH port
 * @param keyType the SSH key type, e.g. {@code ssh-ed25519}
 * @param sha256Fingerprint the fingerprint as {@code ssh-keygen -lf} prints it, {@code SHA256:...}
 */
public record UnknownHostKey(String host, int port, String keyType, String sha256Fingerprint) {

  /** Validates that all parts are present and the port is in range. */
  public UnknownHostKey {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(sha256Fingerprint, "sha256Fingerprint");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (!sha256Fingerprint.startsWith("SHA256:")) {
      throw new IllegalArgumentException("not a SHA256 fingerprint: " + sha256Fingerprint);
    }
  }

  /** The host as OpenSSH writes it: {@code host} for port 22, otherwise {@code [host]:port}. */
  public String knownHostsName() {
    return port == 22 ? host : "[" + host + "]:" + port;
  }
}
