package dev.ferry.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keys that cannot be used fail before any connection, naming the format and the fix. */
class UnreadableKeyTest {

  @TempDir Path dir;

  private static SshTunnelSettings settings(Path key) {
    // Nothing listens on port 1: the key must be rejected before a connection is attempted.
    return SshTunnelSettings.builder("localhost", 5432)
        .host("127.0.0.1")
        .port(1)
        .user("root")
        .identityFile(key)
        .knownHostsFile(key.resolveSibling("known_hosts"))
        .build();
  }

  private static TunnelException openFailure(Path key) {
    try {
      SshTunnel.open(settings(key), HostKeyPrompt.REFUSE).close();
    } catch (TunnelException e) {
      return e;
    }
    throw new AssertionError("expected the key " + key + " to be refused");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "garbage.key  | this is not a key at all                                     | not a private key in a known format (OpenSSH, PEM or PKCS#8) | ssh-keygen -p -f",
        "putty.ppk    | PuTTY-User-Key-File-3: ssh-ed25519\\nEncryption: none\\nbroken | PuTTY .ppk format                                            | -O private-openssh-new -o",
        "ssh2.key     | ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\\nAAAA              | SSH.com (RFC 4716) format                                    | ssh-keygen -i -f",
        "broken.pem   | -----BEGIN RSA PRIVATE KEY-----\\nAAAA\\n-----END RSA PRIVATE KEY----- | is in PEM format but cannot be read                  | ssh-keygen -p -f",
        "broken.p8    | -----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY----- | is in PKCS#8 format but cannot be read                       | ssh-keygen -p -f",
        "broken.oss   | -----BEGIN OPENSSH PRIVATE KEY-----\\nAAAA\\n-----END OPENSSH PRIVATE KEY----- | is in OpenSSH format but cannot be read      | ssh-keygen -p -m PEM -f",
      })
  void namesFormatAndConversionCommand(String name, String content, String format, String command)
      throws IOException {
    Path key = dir.resolve(name);
    Files.writeString(key, content.replace("\\n", "\n") + "\n");

    TunnelException e = openFailure(key);

    assertThat(e.failure()).isEqualTo(TunnelFailure.UNREADABLE_KEY);
    assertThat(e.getMessage()).contains(format).contains(command + " " + key);
  }

  @Test
  void recognisesAPublicKeyPassedByMistake() {
    Path key = SshKeys.generate(dir, "id", "ed25519", SshKeys.Format.OPENSSH, "");

    TunnelException e = openFailure(SshKeys.publicKey(key));

    assertThat(e.failure()).isEqualTo(TunnelFailure.UNREADABLE_KEY);
    assertThat(e.getMessage()).contains("is a public key").contains("without .pub");
  }

  @Test
  void reportsMissingKeyFile() {
    TunnelException e = openFailure(dir.resolve("missing"));

    assertThat(e.failure()).isEqualTo(TunnelFailure.UNREADABLE_KEY);
    assertThat(e.getMessage()).contains("does not exist").contains("--ssh-key");
  }

  @Test
  void aUsableKeyGetsAsFarAsTheConnection() {
    Path key = SshKeys.generate(dir, "id", "ed25519", SshKeys.Format.OPENSSH, "");

    assertThatThrownBy(() -> SshTunnel.open(settings(key), HostKeyPrompt.REFUSE))
        .isInstanceOfSatisfying(
            TunnelException.class,
            e -> assertThat(e.failure()).isEqualTo(TunnelFailure.CONNECTION_FAILED));
  }
}
