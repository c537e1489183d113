package dev.ferry.tunnel;

import com.jcraft.jsch.ChannelDirectTCPIP;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayInputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open SSH tunnel: a port on {@code 127.0.0.1} whose connections are forwarded through the SSH
 * server (and optionally a jump host) to the database host and port.
 *
 * <p>Contract: {@link #open} returns only a fully working tunnel (host keys verified,
 * authenticated, and the server has agreed to open a connection to the target) or throws a {@link
 * TunnelException}; it never leaves a session behind. The tunnel is thread-safe. {@link #isAlive()}
 * turns false when the SSH connection drops (detected within about three keepalive intervals, at
 * once if the server closes the connection); the tunnel never reconnects by itself. {@link
 * #close()} is idempotent and releases the local port, the SSH session and the jump session.
 */
public final class SshTunnel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SshTunnel.class);
  private static final String LOCAL_HOST = "127.0.0.1";
  private static final int KEEPALIVE_COUNT_MAX = 3;
  private static final int SSH_OPEN_ADMINISTRATIVELY_PROHIBITED = 1;

  private final Session session;
  private final Optional<Session> jumpSession;
  private final int localPort;
  private final String description;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SshTunnel(
      Session session, Optional<Session> jumpSession, int localPort, String description) {
    this.session = session;
    this.jumpSession = jumpSession;
    this.localPort = localPort;
    this.description = description;
  }

  /**
   * Connects, verifies host keys, authenticates and starts forwarding.
   *
   * @param settings where and how to connect
   * @param prompt asked about unknown host keys under {@link HostKeyPolicy#ASK}; ignored otherwise
   * @throws TunnelException with a {@link TunnelFailure} and a one-sentence message on any failure
   */
  public static SshTunnel open(SshTunnelSettings settings, HostKeyPrompt prompt) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(prompt, "prompt");
    JSch jsch = new JSch();
    jsch.setInstanceLogger(new JschLogger());
    for (Path identity : settings.identityFiles()) {
      KeyFiles.addIdentity(jsch, identity, settings.passphrase());
    }
    HostKeyRepository recorded = loadKnownHosts(jsch, settings.knownHostsFile());

    Session jump = null;
    Session target = null;
    try {
      if (settings.proxyJump().isPresent()) {
        JumpHost jumpHost = settings.proxyJump().get();
        String user = jumpHost.user().orElseGet(settings::effectiveUser);
        jump =
            connect(
                jsch,
                recorded,
                settings,
                prompt,
                new Endpoint("jump host", jumpHost.host(), jumpHost.port(), user),
                Optional.empty());
      }
      Endpoint main =
          new Endpoint("SSH host", settings.host(), settings.port(), settings.effectiveUser());
      target = connect(jsch, recorded, settings, prompt, main, Optional.ofNullable(jump));
      int port = forward(target, settings, main);
      String description =
          LOCAL_HOST
              + ":"
              + port
              + " -> "
              + settings.targetHost()
              + ":"
              + settings.targetPort()
              + " via "
              + main
              + settings.proxyJump().map(j -> " (jump " + j + ")").orElse("");
      LOG.info("SSH tunnel open: {}", description);
      return new SshTunnel(target, Optional.ofNullable(jump), port, description);
    } catch (RuntimeException e) {
      disconnect(target);
      disconnect(jump);
      throw e;
    }
  }

  /** Always {@code 127.0.0.1}: the tunnel is never reachable from other machines. */
  public String localHost() {
    return LOCAL_HOST;
  }

  /** The local port that forwards to the target; chosen by the operating system. */
  public int localPort() {
    return localPort;
  }

  /** Whether the tunnel is open and its SSH connection (and the jump connection) are up. */
  public boolean isAlive() {
    return !closed.get()
        && session.isConnected()
        && jumpSession.map(Session::isConnected).orElse(true);
  }

  /** Stops forwarding and disconnects; later calls do nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      session.delPortForwardingL(LOCAL_HOST, localPort);
    } catch (JSchException e) {
      LOG.debug("Local forward {} was already gone", localPort, e);
    }
    disconnect(session);
    jumpSession.ifPresent(SshTunnel::disconnect);
    LOG.info("SSH tunnel closed: {}", description);
  }

  /** Describes the forwarding, without secrets. */
  @Override
  public String toString() {
    return "SshTunnel[" + description + (isAlive() ? "" : ", closed") + "]";
  }

  private record Endpoint(String role, String host, int port, String user) {
    @Override
    public String toString() {
      return user + "@" + host + ":" + port;
    }

    String address() {
      return host + ":" + port;
    }
  }

  private static HostKeyRepository loadKnownHosts(JSch jsch, Path file) {
    try {
      if (Files.isRegularFile(file)) {
        jsch.setKnownHosts(file.toString());
      } else {
        // A missing file means "nothing known yet"; it is created when a key is first trusted.
        jsch.setKnownHosts(new ByteArrayInputStream(new byte[0]));
      }
    } catch (JSchException e) {
      throw new TunnelException(
          TunnelFailure.KNOWN_HOSTS_UNWRITABLE,
          "The known_hosts file "
              + file
              + " cannot be read ("
              + e.getMessage()
              + "); fix or move it.",
          e);
    }
    return jsch.getHostKeyRepository();
  }

  private static Session connect(
      JSch jsch,
      HostKeyRepository recorded,
      SshTunnelSettings settings,
      HostKeyPrompt prompt,
      Endpoint endpoint,
      Optional<Session> via) {
    KnownHostsVerifier verifier =
        new KnownHostsVerifier(
            recorded,
            settings.knownHostsFile(),
            settings.policy(),
            prompt,
            endpoint.host(),
            endpoint.port());
    Session session;
    byte[] password = null;
    try {
      session = jsch.getSession(endpoint.user(), endpoint.host(), endpoint.port());
      session.setHostKeyRepository(verifier);
      session.setConfig("StrictHostKeyChecking", "yes");
      session.setConfig("PreferredAuthentications", preferredAuthentications(settings));
      session.setDaemonThread(true);
      if (settings.password().isPresent()) {
        password = settings.password().get().utf8();
        session.setPassword(password);
      }
      if (!settings.keepAlive().isZero()) {
        session.setServerAliveInterval((int) settings.keepAlive().toMillis());
        session.setServerAliveCountMax(KEEPALIVE_COUNT_MAX);
      }
      via.ifPresent(jump -> session.setProxy(new JumpProxy(jump)));
    } catch (JSchException e) {
      throw new TunnelException(
          TunnelFailure.CONNECTION_FAILED,
          "The SSH session to "
              + endpoint.address()
              + " could not be set up ("
              + e.getMessage()
              + "); check the settings.",
          e);
    } finally {
      if (password != null) {
        Arrays.fill(password, (byte) 0);
      }
    }
    try {
      session.connect((int) settings.connectTimeout().toMillis());
      return session;
    } catch (JSchException e) {
      disconnect(session);
      throw translate(e, verifier, settings, endpoint);
    }
  }

  private static String preferredAuthentications(SshTunnelSettings settings) {
    List<String> methods = new ArrayList<>();
    if (!settings.identityFiles().isEmpty()) {
      methods.add("publickey");
    }
    if (settings.password().isPresent()) {
      // Servers that check passwords through PAM offer keyboard-interactive instead of password.
      methods.add("keyboard-interactive");
      methods.add("password");
    }
    return String.join(",", methods);
  }

  private static TunnelException translate(
      JSchException e, KnownHostsVerifier verifier, SshTunnelSettings settings, Endpoint endpoint) {
    Optional<KnownHostsVerifier.Rejection> rejection = verifier.rejection();
    if (rejection.isPresent()) {
      return hostKeyFailure(rejection.get(), settings, endpoint, e);
    }
    String message = Objects.toString(e.getMessage(), "");
    if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
      return new TunnelException(
          TunnelFailure.AUTHENTICATION_FAILED,
          "The "
              + endpoint.role()
              + " "
              + endpoint.address()
              + " rejected user '"
              + endpoint.user()
              + "' after trying "
              + triedMethods(settings)
              + " (the server offers "
              + serverMethods(message)
              + "); check the user name, that the public key is in the server's authorized_keys,"
              + " or the password.",
          e);
    }
    Throwable cause = rootCause(e);
    if (cause instanceof JumpProxy.ChannelOpenFailure failure) {
      return new TunnelException(
          failure.reason() == SSH_OPEN_ADMINISTRATIVELY_PROHIBITED
              ? TunnelFailure.FORWARDING_REFUSED
              : TunnelFailure.CONNECTION_FAILED,
          "The jump host refused to connect to the "
              + endpoint.role()
              + " "
              + endpoint.address()
              + " ("
              + channelOpenReason(failure.reason())
              + "); check ProxyJump, that the jump host allows forwarding (AllowTcpForwarding) and"
              + " can reach that address.",
          e);
    }
    String problem;
    String action;
    if (cause instanceof ConnectException) {
      problem = "refused the connection";
      action = "check the host and port and that the SSH server is running";
    } else if (cause instanceof SocketTimeoutException
        || cause instanceof InterruptedIOException
        || message.toLowerCase(Locale.ROOT).contains("timeout")) {
      problem = "did not answer within " + settings.connectTimeout().toSeconds() + " s";
      action = "check the host, port, VPN and firewall";
    } else if (cause instanceof UnknownHostException) {
      problem = "is not a known host name";
      action = "check the spelling or use the IP address";
    } else if (cause instanceof NoRouteToHostException) {
      problem = "cannot be reached (no route to host)";
      action = "check the network, VPN and firewall";
    } else if (message.contains("closed by foreign host")
        || message.contains("invalid server's version")) {
      problem = "closed the connection before the SSH handshake";
      action = "check that the port belongs to an SSH server and that it accepts this client";
    } else {
      problem = "failed during the SSH handshake (" + message + ")";
      action = "check the server address and its SSH configuration";
    }
    return new TunnelException(
        TunnelFailure.CONNECTION_FAILED,
        "The " + endpoint.role() + " " + endpoint.address() + " " + problem + "; " + action + ".",
        e);
  }

  private static TunnelException hostKeyFailure(
      KnownHostsVerifier.Rejection rejection,
      SshTunnelSettings settings,
      Endpoint endpoint,
      Exception cause) {
    String key = rejection.keyType() + " key " + rejection.fingerprint();
    Path file = settings.knownHostsFile();
    return switch (rejection.failure()) {
      case CHANGED_HOST_KEY ->
          new TunnelException(
              TunnelFailure.CHANGED_HOST_KEY,
              "The host key of the "
                  + endpoint.role()
                  + " "
                  + rejection.knownHostsName()
                  + " has CHANGED (it now presents the "
                  + key
                  + ", which differs from the entry in "
                  + file
                  + "), so someone may be intercepting the connection (man-in-the-middle attack) and"
                  + " Ferry refuses to connect; only if the server's administrator confirms the new key,"
                  + " remove the old entry with `ssh-keygen -R '"
                  + rejection.knownHostsName()
                  + "' -f "
                  + file
                  + "` and connect again.",
              cause);
      case KNOWN_HOSTS_UNWRITABLE ->
          new TunnelException(
              TunnelFailure.KNOWN_HOSTS_UNWRITABLE,
              "The trusted "
                  + key
                  + " of "
                  + rejection.knownHostsName()
                  + " could not be added to "
                  + file
                  + " ("
                  + rejection.writeError().map(Object::toString).orElse("unknown error")
                  + "); make the file writable or choose another known_hosts file.",
              cause);
      default ->
          new TunnelException(
              TunnelFailure.UNKNOWN_HOST_KEY,
              "The "
                  + endpoint.role()
                  + " "
                  + rejection.knownHostsName()
                  + " is not in "
                  + file
                  + (settings.policy() == HostKeyPolicy.ASK ? " and its key was not trusted" : "")
                  + " (it presents the "
                  + key
                  + "); verify this fingerprint with the server's administrator, then connect once with"
                  + " --ssh-accept-new-host-key to record it.",
              cause);
    };
  }

  private static String triedMethods(SshTunnelSettings settings) {
    List<String> tried = new ArrayList<>();
    if (!settings.identityFiles().isEmpty()) {
      tried.add(
          "publickey with "
              + settings.identityFiles().stream()
                  .map(Path::toString)
                  .collect(Collectors.joining(", ")));
    }
    if (settings.password().isPresent()) {
      tried.add("password");
    }
    return String.join(" and ", tried);
  }

  private static String serverMethods(String message) {
    int start = message.indexOf('\'');
    int end = message.lastIndexOf('\'');
    return start >= 0 && end > start ? message.substring(start + 1, end) : "unknown methods";
  }

  private static Throwable rootCause(Throwable e) {
    Throwable current = e;
    while (current.getCause() != null && current.getCause() != current) {
      if (current instanceof JumpProxy.ChannelOpenFailure) {
        return current;
      }
      current = current.getCause();
    }
    return current;
  }

  private static int forward(Session session, SshTunnelSettings settings, Endpoint endpoint) {
    int port;
    try {
      port =
          session.setPortForwardingL(LOCAL_HOST, 0, settings.targetHost(), settings.targetPort());
    } catch (JSchException e) {
      throw new TunnelException(
          TunnelFailure.FORWARDING_REFUSED,
          "No local port on "
              + LOCAL_HOST
              + " could be opened for the tunnel ("
              + e.getMessage()
              + "); check local firewall rules.",
          e);
    }
    probe(session, settings, endpoint);
    return port;
  }

  // A local forward is only a listening socket until the first connection arrives; opening one
  // channel now turns "the server forbids forwarding" and "the server cannot reach the database"
  // into an error at open() instead of a vague failure in the database driver later. The target
  // sees one short connection without data.
  private static void probe(Session session, SshTunnelSettings settings, Endpoint endpoint) {
    ChannelDirectTCPIP channel = null;
    try {
      channel = (ChannelDirectTCPIP) session.openChannel("direct-tcpip");
      channel.setHost(settings.targetHost());
      channel.setPort(settings.targetPort());
      channel.connect((int) settings.connectTimeout().toMillis());
    } catch (JSchException e) {
      String target = settings.targetHost() + ":" + settings.targetPort();
      int reason = channel == null ? 0 : channel.getExitStatus();
      if (reason == SSH_OPEN_ADMINISTRATIVELY_PROHIBITED) {
        throw new TunnelException(
            TunnelFailure.FORWARDING_REFUSED,
            "The "
                + endpoint.role()
                + " "
                + endpoint.address()
                + " does not allow port forwarding to "
                + target
                + " ("
                + channelOpenReason(reason)
                + "); ask its administrator to set AllowTcpForwarding yes (and PermitOpen) for"
                + " user '"
                + endpoint.user()
                + "'.",
            e);
      }
      throw new TunnelException(
          TunnelFailure.TARGET_UNREACHABLE,
          "The "
              + endpoint.role()
              + " "
              + endpoint.address()
              + " could not connect to the database at "
              + target
              + " ("
              + channelOpenReason(reason)
              + "); check the database host and port as seen from the SSH server.",
          e);
    } finally {
      if (channel != null) {
        channel.disconnect();
      }
    }
  }

  private static String channelOpenReason(int reason) {
    return switch (reason) {
      case 1 -> "administratively prohibited";
      case 2 -> "connect failed";
      case 3 -> "unknown channel type";
      case 4 -> "resource shortage";
      default -> "no reason given";
    };
  }

  private static void disconnect(Session session) {
    if (session != null) {
      session.disconnect();
    }
  }
}
