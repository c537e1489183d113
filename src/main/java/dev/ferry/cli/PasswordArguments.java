package dev.ferry.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses a password given as a command-line option ({@code --pg-password X}, {@code
 * --mongo-password=X}, …) before picocli parses anything, so that the value is never echoed back.
 *
 * <p>Contract: any option (before a bare {@code --}) whose name mentions a password or passphrase
 * and is not one of the safe options that name an environment variable or ask for a prompt is
 * refused with a sentence naming the option — never the value — and the safe way to give that
 * secret.
 */
final class PasswordArguments {
  private static final Set<String> SAFE =
      Set.of(
          "--pg-password-env",
          "--pg-password-prompt",
          "--mongo-uri-env",
          "--ssh-passphrase-env",
          "--ssh-password-env");

  private PasswordArguments() {}

  /** The refusal for the first password option in {@code args}, if there is one. */
  static Optional<String> refusal(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return Optional.empty();
      }
      if (!arg.startsWith("-")) {
        continue;
      }
      int equals = arg.indexOf('=');
      String name = (equals < 0 ? arg : arg.substring(0, equals)).toLowerCase(Locale.ROOT);
      boolean secret =
          name.contains("password") || name.contains("passphrase") || name.contains("passwd");
      if (secret && !SAFE.contains(name)) {
        return Optional.of(
            name
                + " is not accepted: a password on the command line shows in process lists and"
                + " shell history; "
                + safeWay(name)
                + ".");
      }
    }
    return Optional.empty();
  }

  private static String safeWay(String name) {
    if (name.contains("ssh")) {
      return "give --ssh-passphrase-env VAR (the key's passphrase) or --ssh-password-env VAR,"
          + " or let Ferry prompt for it";
    }
    if (name.contains("mongo")) {
      return "put the MongoDB URI with its password in an environment variable and give"
          + " --mongo-uri-env VAR";
    }
    return "give --pg-password-env VAR, set PGPASSWORD, or use -W to be prompted";
  }
}
