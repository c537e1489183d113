/**
 * SSH tunnels to a database that is reachable only through an SSH server.
 *
 * <p>Typical use: build {@link dev.ferry.tunnel.SshTunnelSettings} (optionally from an ssh config
 * alias via {@link dev.ferry.tunnel.SshConfigResolver}), then {@link
 * dev.ferry.tunnel.SshTunnel#open} it and point the JDBC URL at {@code localHost():localPort()}.
 *
 * <pre>{@code
 * SshTunnelSettings settings =
 *     SshTunnelSettings.builder("localhost", 5432)                     // database as seen by sshd
 *         .config(SshConfigResolver.resolve(SshConfigResolver.defaultConfigFile(), "db-prod"))
 *         .identityFile(Path.of(keyFlag))                              // explicit flags win
 *         .passphrase(Secret.of(System.getenv(envVar)))
 *         .policy(acceptNew ? HostKeyPolicy.ACCEPT_NEW : HostKeyPolicy.STRICT)
 *         .build();
 * try (SshTunnel tunnel = SshTunnel.open(settings, HostKeyPrompt.REFUSE)) {
 *   String url = "jdbc:postgresql://" + tunnel.localHost() + ":" + tunnel.localPort() + "/orders";
 * }
 * }</pre>
 *
 * <p>Every failure is a {@link dev.ferry.tunnel.TunnelException} whose message is meant to be shown
 * to the user as is and whose {@link dev.ferry.tunnel.TunnelFailure} lets the caller react. Secrets
 * travel only as {@link dev.ferry.core.Secret}.
 */
package dev.ferry.tunnel;
