package dev.ferry.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import dev.ferry.core.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files as they come from a Windows workstation: CRLF line endings (an editor, or Git with {@code
 * autocrlf}) in keys, known_hosts and ssh config, in a home whose path has spaces and non-ASCII
 * letters.
 */
class WindowsFilesTest {
  @TempDir Path dir;
  private Path ssh;

  @BeforeEach
  void home() throws Exception {
    ssh = Files.createDirectories(dir.resolve("Zoë Álvarez (Ürün)").resolve(".ssh"));
  }

  private static Path crlf(Path file) throws Exception {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Path converted = file.resolveSibling(file.getFileName() + " crlf");
    Files.writeString(converted, text.replace("\r\n", "\n").replace("\n", "\r\n"));
    assertThat(Files.readString(converted)).contains("\r\n");
    return converted;
  }

  @ParameterizedTest(name = "{0} {1}, passphrase: {2}")
  @CsvSource({
    "ed25519, OPENSSH, ''",
    "ed25519, OPENSSH, pass phrase 42",
    "rsa,     PEM,     pass phrase 42",
    "ecdsa,   PKCS8,   ''",
  })
  void aKeyWithCrlfLineEndingsIsReadAndUnlocked(
      String type, SshKeys.Format format, String passphrase) throws Exception {
    Path key = crlf(SshKeys.generate(ssh, "id_" + type, type, format, passphrase));
    Optional<Secret> secret =
        passphrase.isEmpty() ? Optional.empty() : Optional.of(Secret.of(passphrase));

    assertThatCode(() -> KeyFiles.addIdentity(new JSch(), key, secret)).doesNotThrowAnyException();
  }

  @Test
  void knownHostsWithCrlfLineEndingsRecognisesTheHost() throws Exception {
    Path key = SshKeys.generate(ssh, "host_key", "ed25519", SshKeys.Format.OPENSSH, "");
    String[] publicKey = Files.readString(SshKeys.publicKey(key)).strip().split(" ");
    Path knownHosts = ssh.resolve("known_hosts");
    Files.writeString(
        knownHosts,
        "# written on Windows\r\n[db.example.com]:2222 "
            + publicKey[0]
            + " "
            + publicKey[1]
            + "\r\n");
    JSch jsch = new JSch();
    jsch.setKnownHosts(knownHosts.toString());

    int check =
        jsch.getHostKeyRepository()
            .check("[db.example.com]:2222", Base64.getDecoder().decode(publicKey[1]));

    assertThat(check).isEqualTo(HostKeyRepository.OK);
  }

  @Test
  void anSshConfigWithCrlfLineEndingsAndQuotedPathsWithSpacesResolves() throws Exception {
    Path config = ssh.resolve("config");
    Path key = ssh.resolve("id_ed25519 work");
    Files.writeString(
        config,
        String.join(
            "\r\n",
            "# Windows editor",
            "Host droplet",
            "    HostName 203.0.113.10",
            "    User zoë",
            "    Port 2222",
            "    IdentityFile \"" + key + "\"",
            "    UserKnownHostsFile \"" + ssh.resolve("known hosts") + "\"",
            ""));

    SshHostConfig resolved = SshConfigResolver.resolve(config, "droplet");

    assertThat(resolved.hostName()).isEqualTo("203.0.113.10");
    assertThat(resolved.user()).contains("zoë");
    assertThat(resolved.port()).contains(2222);
    assertThat(resolved.identityFiles()).isEqualTo(List.of(key));
    assertThat(resolved.knownHostsFile()).contains(ssh.resolve("known hosts"));
  }
}
