package dev.ferry.tunnel;

/**
 * What to do with a host key that is not yet in known_hosts. A key that differs from the recorded
 * one is refused under every policy; there is deliberately no "accept any key" policy.
 */
public enum HostKeyPolicy {
  /** Refuse unknown hosts (OpenSSH {@code StrictHostKeyChecking=yes}); the CLI default. */
  STRICT,
  /** Trust and record unknown hosts (OpenSSH {@code StrictHostKeyChecking=accept-new}). */
  ACCEPT_NEW,
  /** Ask the {@link HostKeyPrompt}; record the key if it says yes. The GUI's choice. */
  ASK
}
