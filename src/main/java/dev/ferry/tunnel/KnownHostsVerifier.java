package dev.ferry.tunnel;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * Applies the {@link HostKeyPolicy} on top of JSch's known_hosts parser for one SSH session.
 *
 * <p>Why not JSch's own {@code StrictHostKeyChecking}: with "no" it silently accepts changed keys,
 * and with "ask" it would rewrite the whole known_hosts file. The session runs with "yes"; this
 * repository answers OK only for keys that are recorded or that the policy trusts, and appends a
 * trusted key as one line so the user's file is otherwise left byte for byte as it was.
 */
final class KnownHostsVerifier implements HostKeyRepository {

  /** Why the last check did not answer OK; read after a failed connect to explain it. */
  record Rejection(
      TunnelFailure failure,
      String knownHostsName,
      String keyType,
      String fingerprint,
      Optional<IOException> writeError) {}

  private final HostKeyRepository recorded;
  private final Path knownHostsFile;
  private final HostKeyPolicy policy;
  private final HostKeyPrompt prompt;
  private final String host;
  private final int port;
  private volatile Optional<Rejection> rejection = Optional.empty();

  KnownHostsVerifier(
      HostKeyRepository recorded,
      Path knownHostsFile,
      HostKeyPolicy policy,
      HostKeyPrompt prompt,
      String host,
      int port) {
    this.recorded = recorded;
    this.knownHostsFile = knownHostsFile;
    this.policy = policy;
    this.prompt = prompt;
    this.host = host;
    this.port = port;
  }

  Optional<Rejection> rejection() {
    return rejection;
  }

  @Override
  public int check(String knownHostsName, byte[] key) {
    int result = recorded.check(knownHostsName, key);
    if (result == OK) {
      return OK;
    }
    String type = keyType(key);
    String fingerprint = sha256Fingerprint(key);
    if (result == CHANGED) {
      reject(TunnelFailure.CHANGED_HOST_KEY, knownHostsName, type, fingerprint, null);
      return CHANGED;
    }
    boolean trusted =
        switch (policy) {
          case STRICT -> false;
          case ACCEPT_NEW -> true;
          case ASK -> prompt.trust(new UnknownHostKey(host, port, type, fingerprint));
        };
    if (!trusted) {
      reject(TunnelFailure.UNKNOWN_HOST_KEY, knownHostsName, type, fingerprint, null);
      return NOT_INCLUDED;
    }
    try {
      append(knownHostsName + " " + type + " " + Base64.getEncoder().encodeToString(key));
    } catch (IOException e) {
      reject(TunnelFailure.KNOWN_HOSTS_UNWRITABLE, knownHostsName, type, fingerprint, e);
      return NOT_INCLUDED;
    }
    return OK;
  }

  private void reject(
      TunnelFailure failure, String name, String type, String fingerprint, IOException error) {
    rejection =
        Optional.of(new Rejection(failure, name, type, fingerprint, Optional.ofNullable(error)));
  }

  private void append(String line) throws IOException {
    Path parent = knownHostsFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    StringBuilder text = new StringBuilder();
    if (Files.exists(knownHostsFile) && Files.size(knownHostsFile) > 0 && !endsWithNewline()) {
      text.append('\n');
    }
    text.append(line).append('\n');
    Files.writeString(
        knownHostsFile,
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
  }

  private boolean endsWithNewline() throws IOException {
    byte[] content = Files.readAllBytes(knownHostsFile);
    return content.length == 0 || content[content.length - 1] == '\n';
  }

  /** The SSH key type, the first string of the public key blob (RFC 4253, section 6.6). */
  static String keyType(byte[] blob) {
    ByteBuffer buffer = ByteBuffer.wrap(blob);
    if (buffer.remaining() < 4) {
      return "unknown";
    }
    int length = buffer.getInt();
    if (length < 0 || length > buffer.remaining()) {
      return "unknown";
    }
    return new String(blob, 4, length, StandardCharsets.US_ASCII);
  }

  /** The fingerprint exactly as {@code ssh-keygen -lf} prints it. */
  static String sha256Fingerprint(byte[] blob) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  // Trusting a key is done in check() and written by append(); JSch only calls add() itself for
  // StrictHostKeyChecking=no/ask, which this class never lets it use.
  @Override
  public void add(HostKey hostkey, UserInfo ui) {
    throw new UnsupportedOperationException("host keys are recorded by the verifier itself");
  }

  @Override
  public void remove(String host, String type) {
    throw new UnsupportedOperationException("Ferry never removes known host keys");
  }

  @Override
  public void remove(String host, String type, byte[] key) {
    throw new UnsupportedOperationException("Ferry never removes known host keys");
  }

  @Override
  public String getKnownHostsRepositoryID() {
    return knownHostsFile.toString();
  }

  @Override
  public HostKey[] getHostKey() {
    return recorded.getHostKey();
  }

  @Override
  public HostKey[] getHostKey(String host, String type) {
    return recorded.getHostKey(host, type);
  }
}
