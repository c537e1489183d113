package dev.ferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 for fault tests, standing between a client and a real server (or in
 * front of nothing at all), whose behaviour a test switches at any moment:
 *
 * <ul>
 *   <li>{@link Mode#FORWARD}: relays both ways, as a network would;
 *   <li>{@link Mode#FREEZE}: keeps every connection open but relays nothing more — a stopped proxy,
 *       a frozen tunnel, a peer that vanished without a reset: the client sees silence;
 *   <li>{@link Mode#CUT}: closes every open connection and each new one as soon as it is accepted —
 *       a server or network that drops connections;
 *   <li>{@link Mode#DELAY}: relays each chunk {@link #DELAY_MILLIS} ms late, so a round trip takes
 *       twice that longer — a distant server (the relay is serial, so it is also a slow one);
 * </ul>
 *
 * A proxy made with {@link #silent()} accepts connections and never answers (nothing listens behind
 * it, yet the TCP connect succeeds).
 */
public final class FaultProxy implements AutoCloseable {
  /** What the proxy does with traffic. */
  public enum Mode {
    FORWARD,
    FREEZE,
    CUT,
    DELAY
  }

  /** How late {@link Mode#DELAY} relays each chunk. */
  public static final int DELAY_MILLIS = 5;

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort; // 0: nothing behind the proxy
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.FORWARD;

  private FaultProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy relaying to {@code targetPort} on 127.0.0.1. */
  public static FaultProxy to(int targetPort) {
    return new FaultProxy(InetAddress.getLoopbackAddress().getHostAddress(), targetPort);
  }

  /** A proxy relaying to {@code targetHost:targetPort} (e.g. the MongoDB under test). */
  public static FaultProxy to(String targetHost, int targetPort) {
    return new FaultProxy(targetHost, targetPort);
  }

  /** A proxy that accepts connections and never answers. */
  public static FaultProxy silent() {
    FaultProxy proxy = new FaultProxy("", 0);
    proxy.mode = Mode.FREEZE;
    return proxy;
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Switches the behaviour; {@link Mode#CUT} also closes every open connection at once. */
  public void set(Mode newMode) {
    mode = newMode;
    if (newMode == Mode.CUT) {
      sockets.forEach(FaultProxy::closeQuietly);
      sockets.clear();
    }
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (mode == Mode.CUT) {
          closeQuietly(client);
          continue;
        }
        sockets.add(client);
        if (targetPort == 0) {
          pump(client, null);
          continue;
        }
        Socket server = new Socket(targetHost, targetPort);
        sockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
      }
    }
  }

  /**
   * Relays {@code from} to {@code to} (or swallows it when {@code to} is null), obeying the mode.
   */
  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try {
                InputStream in = from.getInputStream();
                OutputStream out =
                    to == null ? OutputStream.nullOutputStream() : to.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  while (mode == Mode.FREEZE && !from.isClosed()) {
                    Thread.sleep(10);
                  }
                  if (mode == Mode.CUT) {
                    break;
                  }
                  if (mode == Mode.DELAY) {
                    Thread.sleep(DELAY_MILLIS);
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // a side closed, or the proxy was closed; the relay ends
              } finally {
                closeQuietly(from);
                if (to != null) {
                  closeQuietly(to);
                }
              }
            },
            "fault-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    sockets.forEach(FaultProxy::closeQuietly);
  }
}
