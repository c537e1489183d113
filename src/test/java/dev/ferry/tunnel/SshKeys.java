package dev.ferry.tunnel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Creates SSH keys with the real {@code ssh-keygen}, so tests use exactly what users have. */
public final class SshKeys {

  /** The private key encodings {@code ssh-keygen -m} can write. */
  public enum Format {
    OPENSSH("RFC4716"),
    PEM("PEM"),
    PKCS8("PKCS8");

    private final String keygenName;

    Format(String keygenName) {
      this.keygenName = keygenName;
    }
  }

  private SshKeys() {}

  /**
   * Generates {@code dir/name} and {@code dir/name.pub}.
   *
   * @param type {@code ed25519}, {@code ecdsa} or {@code rsa} (2048 bits, to keep tests fast)
   * @param passphrase empty for an unencrypted key; otherwise at least 5 characters
   * @return the private key file
   */
  public static Path generate(
      Path dir, String name, String type, Format format, String passphrase) {
    Path key = dir.resolve(name);
    List<String> command =
        new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-m", format.keygenName));
    if (type.equals("rsa")) {
      command.addAll(List.of("-b", "2048"));
    }
    command.addAll(List.of("-N", passphrase, "-C", name, "-f", key.toString()));
    run(command.toArray(String[]::new));
    return key;
  }

  /** The public key file that belongs to {@code privateKey}. */
  public static Path publicKey(Path privateKey) {
    return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
  }

  /** Runs a command, returns its stdout+stderr, and fails if it exits non-zero. */
  public static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
