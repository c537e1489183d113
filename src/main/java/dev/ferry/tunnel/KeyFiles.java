package dev.ferry.tunnel;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import dev.ferry.core.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Loads private keys into JSch and turns every way that can fail into one actionable message. */
final class KeyFiles {

  /** The private key formats told apart by their first line, with the advice for each. */
  enum Format {
    OPENSSH("OpenSSH"),
    PEM("PEM"),
    PKCS8("PKCS#8"),
    PUTTY("PuTTY .ppk"),
    SSH_COM("SSH.com (RFC 4716)"),
    PUBLIC_KEY("public key"),
    UNKNOWN("unrecognised");

    private final String label;

    Format(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  private KeyFiles() {}

  static Format sniff(byte[] content) {
    String head =
        new String(content, 0, Math.min(content.length, 200), StandardCharsets.ISO_8859_1).strip();
    if (head.startsWith("-----BEGIN OPENSSH PRIVATE KEY-----")) {
      return Format.OPENSSH;
    }
    if (head.startsWith("-----BEGIN PRIVATE KEY-----")
        || head.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      return Format.PKCS8;
    }
    if (head.matches("(?s)-----BEGIN (RSA|EC|DSA) PRIVATE KEY-----.*")) {
      return Format.PEM;
    }
    if (head.startsWith("PuTTY-User-Key-File-")) {
      return Format.PUTTY;
    }
    if (head.startsWith("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----")) {
      return Format.SSH_COM;
    }
    if (head.startsWith("---- BEGIN SSH2 PUBLIC KEY ----")
        || head.startsWith("-----BEGIN PUBLIC KEY-----")
        || head.matches("(?s)(ssh-|ecdsa-sha2-|sk-)[a-z0-9@.-]+ AAAA.*")) {
      return Format.PUBLIC_KEY;
    }
    return Format.UNKNOWN;
  }

  /**
   * Adds {@code file} to {@code jsch}, checking up front that it can be read and decrypted, because
   * JSch would otherwise skip such a key silently and report only "Auth fail".
   */
  static void addIdentity(JSch jsch, Path file, Optional<Secret> passphrase) {
    byte[] content = read(file);
    try {
      Format format = sniff(content);
      KeyPair pair = load(jsch, file, content, format);
      byte[] secret = null;
      try {
        if (pair.isEncrypted()) {
          if (passphrase.isEmpty()) {
            throw new TunnelException(
                TunnelFailure.PASSPHRASE_REQUIRED,
                "The SSH key "
                    + file
                    + " is protected by a passphrase but none was given; provide it (for example"
                    + " with --ssh-passphrase-env VAR).");
          }
          secret = passphrase.get().utf8();
          // decrypt() may keep or wipe the array it gets, so it gets its own copy.
          if (!pair.decrypt(secret.clone())) {
            throw new TunnelException(
                TunnelFailure.WRONG_PASSPHRASE,
                "The passphrase does not unlock the SSH key "
                    + file
                    + "; check the passphrase (test it with `ssh-keygen -y -f "
                    + file
                    + "`).");
          }
          if (pair.getKeyType() == KeyPair.UNKNOWN) {
            throw new JSchException("unknown key type after decryption");
          }
        }
        jsch.addIdentity(
            file.toString(), content.clone(), null, secret == null ? null : secret.clone());
      } catch (JSchException e) {
        throw unreadable(file, format, e);
      } finally {
        if (secret != null) {
          Arrays.fill(secret, (byte) 0);
        }
        pair.dispose();
      }
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TunnelException(
          TunnelFailure.UNREADABLE_KEY,
          "The SSH key file "
              + file
              + " does not exist; check the path given with --ssh-key or IdentityFile.",
          e);
    } catch (IOException e) {
      throw new TunnelException(
          TunnelFailure.UNREADABLE_KEY,
          "The SSH key file " + file + " cannot be read (" + e + "); check its permissions.",
          e);
    }
  }

  private static KeyPair load(JSch jsch, Path file, byte[] content, Format format) {
    if (format == Format.PUBLIC_KEY) {
      throw new TunnelException(
          TunnelFailure.UNREADABLE_KEY,
          "The file "
              + file
              + " is a public key, not a private key; pass the private key file instead (usually"
              + " the same name without .pub).");
    }
    try {
      KeyPair pair = KeyPair.load(jsch, content.clone(), null);
      // An encrypted PKCS#8 key hides its type until decrypted, so only plain keys are checked
      // here.
      if (!pair.isEncrypted() && pair.getKeyType() == KeyPair.UNKNOWN) {
        pair.dispose();
        throw new JSchException("unknown key type");
      }
      return pair;
    } catch (JSchException e) {
      throw unreadable(file, format, e);
    }
  }

  static TunnelException unreadable(Path file, Format format, Exception cause) {
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    String f = file.toString();
    String message =
        switch (format) {
          case OPENSSH ->
              "The SSH key "
                  + f
                  + " is in OpenSSH format but cannot be read ("
                  + reason
                  + "); rewrite it with `ssh-keygen -p -f "
                  + f
                  + "`, or for an RSA or ECDSA key convert it to PEM with `ssh-keygen -p -m PEM -f "
                  + f
                  + "`.";
          case PEM, PKCS8 ->
              "The SSH key "
                  + f
                  + " is in "
                  + format.label()
                  + " format but cannot be read ("
                  + reason
                  + "); convert it to the OpenSSH format with `ssh-keygen -p -f "
                  + f
                  + "`.";
          case PUTTY ->
              "The SSH key "
                  + f
                  + " is in PuTTY .ppk format and cannot be read ("
                  + reason
                  + "); convert it with `puttygen "
                  + f
                  + " -O private-openssh-new -o "
                  + f
                  + ".openssh` (ssh-keygen cannot read .ppk files) and use the new file.";
          case SSH_COM ->
              "The SSH key "
                  + f
                  + " is in SSH.com (RFC 4716) format, which cannot be read; convert it with"
                  + " `ssh-keygen -i -f "
                  + f
                  + " > "
                  + f
                  + ".openssh` and use the new file.";
          case PUBLIC_KEY, UNKNOWN ->
              "The file "
                  + f
                  + " is not a private key in a known format (OpenSSH, PEM or PKCS#8); check the path,"
                  + " or convert a key that OpenSSH accepts with `ssh-keygen -p -f "
                  + f
                  + "`.";
        };
    return new TunnelException(TunnelFailure.UNREADABLE_KEY, message, cause);
  }
}
