package dev.ferry.tunnel;

/**
 * Decides whether to trust a host key seen for the first time, under {@link HostKeyPolicy#ASK}.
 *
 * <p>Contract: called at most once per unknown host during {@link SshTunnel#open}, on the opening
 * thread, which blocks until it returns (a GUI must hop to its UI thread and wait). Returning
 * {@code true} records the key in known_hosts; {@code false} makes the open fail with {@link
 * TunnelFailure#UNKNOWN_HOST_KEY}. It is never called for a changed key.
 */
@FunctionalInterface
public interface HostKeyPrompt {

  /** A prompt that trusts nothing; suitable for the CLI, which uses {@code ACCEPT_NEW} instead. */
  HostKeyPrompt REFUSE = key -> false;

  /** Returns whether the user trusts {@code key}. */
  boolean trust(UnknownHostKey key);
}
