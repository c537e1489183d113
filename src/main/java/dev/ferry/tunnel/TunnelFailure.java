package dev.ferry.tunnel;

/**
 * Why an SSH tunnel could not be opened, so that the GUI and CLI can react to the cause (offer to
 * trust a host, ask for a passphrase again, ...) without parsing messages.
 */
public enum TunnelFailure {
  /** The server's host key is not in known_hosts and the policy or the user refused it. */
  UNKNOWN_HOST_KEY,
  /**
   * known_hosts holds a different key for this host: possible man-in-the-middle; never bypassed.
   */
  CHANGED_HOST_KEY,
  /** The trusted host key could not be appended to the known_hosts file. */
  KNOWN_HOSTS_UNWRITABLE,
  /** A private key file is missing, unreadable or in a format that cannot be read. */
  UNREADABLE_KEY,
  /** A private key is encrypted and no passphrase was given. */
  PASSPHRASE_REQUIRED,
  /** The passphrase does not decrypt the private key. */
  WRONG_PASSPHRASE,
  /** The server rejected every authentication method that was tried. */
  AUTHENTICATION_FAILED,
  /** The SSH server could not be reached: refused, timed out, unknown name or not speaking SSH. */
  CONNECTION_FAILED,
  /** The SSH server does not allow TCP port forwarding (e.g. {@code AllowTcpForwarding no}). */
  FORWARDING_REFUSED,
  /** The SSH server could not connect to the forwarding target (database host and port). */
  TARGET_UNREACHABLE,
  /** The ssh config file could not be read or holds a value that cannot be used. */
  INVALID_SSH_CONFIG
}
