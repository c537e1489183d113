package dev.ferry.cli;

import dev.ferry.app.Failures;
import dev.ferry.app.FerrySession;
import dev.ferry.app.JobSettings;
import dev.ferry.app.SshSettings;
import dev.ferry.core.Secret;
import dev.ferry.source.PostgresSettings;
import dev.ferry.tunnel.HostKeyPolicy;
import dev.ferry.tunnel.SshTunnelSettings;
import dev.ferry.tunnel.TunnelFailure;
import java.io.Console;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The SSH tunnel options shared by {@code migrate}, {@code verify} and {@code preview}: with {@code
 * --ssh-host} or {@code --ssh-config-host} the source is read through an SSH tunnel, and the host
 * and port of {@code --pg-url} are those the SSH server sees (often {@code localhost}).
 *
 * <p>Explicit flags win over the ssh config entry, which wins over the defaults ({@code ~/.ssh}
 * keys and known_hosts). Passphrases and passwords come only from environment variables, or from a
 * terminal prompt when an encrypted key needs one and none was given. Unknown host keys are refused
 * unless {@code --ssh-accept-new-host-key} is given; changed host keys are always refused.
 */
final class SshOptions {
  /** Where passphrases and passwords are read (see {@link ConnectionOptions}). */
  private final UnaryOperator<String> environment;

  /** Options reading variables from {@code environment} (built by {@link CliFactory}). */
  SshOptions(UnaryOperator<String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--ssh-host",
      paramLabel = "HOST",
      description =
          "Read the source through an SSH tunnel to this server; --pg-url then names the database"
              + " as the SSH server sees it (e.g. localhost).")
  String host;

  @Option(
      names = "--ssh-port",
      paramLabel = "PORT",
      description = "SSH port (default: the config's Port, else 22).")
  Integer port;

  @Option(
      names = "--ssh-user",
      paramLabel = "USER",
      description = "SSH login (default: the config's User, else the local user name).")
  String user;

  @Option(
      names = "--ssh-key",
      paramLabel = "FILE",
      description =
          "Private key file, repeatable (default: the config's IdentityFile, else ~/.ssh/id_*).")
  List<Path> keys = new ArrayList<>();

  @Option(
      names = "--ssh-passphrase-env",
      paramLabel = "VAR",
      description = "Read the key's passphrase from this environment variable.")
  String passphraseEnv;

  @Option(
      names = "--ssh-password-env",
      paramLabel = "VAR",
      description = "Read an SSH password from this environment variable, tried after the keys.")
  String passwordEnv;

  @Option(
      names = "--ssh-known-hosts",
      paramLabel = "FILE",
      description =
          "known_hosts file (default: the config's UserKnownHostsFile, else ~/.ssh/known_hosts).")
  Path knownHosts;

  @Option(
      names = "--ssh-accept-new-host-key",
      description =
          "Trust and record the key of an SSH server not yet in known_hosts (a changed key is"
              + " always refused).")
  boolean acceptNewHostKey;

  @Option(
      names = "--ssh-config-host",
      paramLabel = "ALIAS",
      description = "Take the SSH settings from this Host entry of ~/.ssh/config.")
  String configHost;

  /** The ssh config file {@code --ssh-config-host} reads; hidden, for tests. */
  @Option(names = "--ssh-config", paramLabel = "FILE", hidden = true)
  Path configFile;

  /** Whether the options ask for a tunnel. */
  boolean requested() {
    return host != null || configHost != null;
  }

  /**
   * The job reaching its source through the tunnel these options describe, or {@code job} itself
   * when there is none.
   *
   * @throws ParameterException for invalid or contradictory options
   * @throws RuntimeException (a tunnel failure) if the ssh config file cannot be used
   */
  JobSettings apply(JobSettings job) {
    return tunnel(job.source()).map(job::withTunnel).orElse(job);
  }

  /**
   * The tunnel these options describe, aimed at {@code source}'s host and port, or empty when the
   * options ask for none.
   *
   * @throws ParameterException for invalid or contradictory options
   * @throws RuntimeException (a tunnel failure) if the ssh config file cannot be used
   */
  Optional<SshTunnelSettings> tunnel(PostgresSettings source) {
    if (!requested()) {
      List<String> orphans = givenOptions();
      if (!orphans.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            String.join(", ", orphans)
                + (orphans.size() == 1 ? " needs" : " need")
                + " --ssh-host HOST or --ssh-config-host ALIAS.");
      }
      return Optional.empty();
    }
    SshTunnelSettings.Builder tunnel = FerrySession.tunnelTo(source);
    boolean configKeys =
        configHost != null
            && SshSettings.applyHostConfig(tunnel, Optional.ofNullable(configFile), configHost);
    if (host != null) {
      tunnel.host(host);
    }
    if (port != null) {
      tunnel.port(port);
    }
    if (user != null) {
      tunnel.user(user);
    }
    keys.forEach(tunnel::identityFile);
    secret(passphraseEnv, "--ssh-passphrase-env").ifPresent(tunnel::passphrase);
    Optional<Secret> password = secret(passwordEnv, "--ssh-password-env");
    password.ifPresent(tunnel::password);
    if (knownHosts != null) {
      tunnel.knownHostsFile(knownHosts);
    }
    tunnel.policy(acceptNewHostKey ? HostKeyPolicy.ACCEPT_NEW : HostKeyPolicy.STRICT);
    boolean anyKey =
        !keys.isEmpty() || configKeys || !SshTunnelSettings.defaultIdentityFiles().isEmpty();
    if (!anyKey && password.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "No SSH key found in ~/.ssh: give --ssh-key FILE (or --ssh-password-env VAR).");
    }
    try {
      return Optional.of(tunnel.build());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "Invalid SSH settings: " + e.getMessage());
    }
  }

  /**
   * The same job with a passphrase typed at the terminal, when opening failed only because an
   * encrypted key needs one, none was given, and there is a terminal to ask on.
   */
  Optional<JobSettings> withPromptedPassphrase(JobSettings job, RuntimeException failure) {
    Console console = System.console();
    if (!Failures.tunnelFailure(failure).equals(Optional.of(TunnelFailure.PASSPHRASE_REQUIRED))
        || passphraseEnv != null
        || console == null
        || job.tunnel().isEmpty()) {
      return Optional.empty();
    }
    char[] typed = console.readPassword("Passphrase for the SSH key: ");
    if (typed == null || typed.length == 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          job.withTunnel(SshSettings.withPassphrase(job.tunnel().get(), Secret.of(typed))));
    } finally {
      Arrays.fill(typed, '\0');
    }
  }

  private Optional<Secret> secret(String variable, String flag) {
    if (variable == null) {
      return Optional.empty();
    }
    String value = environment.apply(variable);
    if (value == null || value.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "The environment variable " + variable + " named by " + flag + " is not set.");
    }
    char[] chars = value.toCharArray();
    try {
      return Optional.of(Secret.of(chars));
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  private List<String> givenOptions() {
    List<String> given = new ArrayList<>();
    addIf(given, port != null, "--ssh-port");
    addIf(given, user != null, "--ssh-user");
    addIf(given, !keys.isEmpty(), "--ssh-key");
    addIf(given, passphraseEnv != null, "--ssh-passphrase-env");
    addIf(given, passwordEnv != null, "--ssh-password-env");
    addIf(given, knownHosts != null, "--ssh-known-hosts");
    addIf(given, acceptNewHostKey, "--ssh-accept-new-host-key");
    addIf(given, configFile != null, "--ssh-config");
    return given;
  }

  private static void addIf(List<String> list, boolean condition, String option) {
    if (condition) {
      list.add(option);
    }
  }
}
