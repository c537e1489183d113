package dev.ferry.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A TCP echo server on 127.0.0.1 standing in for the database behind the tunnel. */
public final class EchoServer implements AutoCloseable {

  private final ServerSocket server;

  private EchoServer(ServerSocket server) {
    this.server = server;
  }

  /** Starts listening on a free port. */
  public static EchoServer start() {
    try {
      EchoServer echo = new EchoServer(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
      Thread acceptor = new Thread(echo::acceptLoop, "echo-accept");
      acceptor.setDaemon(true);
      acceptor.start();
      return echo;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The listening port. */
  public int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread worker = new Thread(() -> echo(socket), "echo-" + socket.getPort());
        worker.setDaemon(true);
        worker.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void echo(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // The client went away; nothing to echo any more.
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
