package dev.ferry.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Small helpers shared by the tunnel tests. */
final class Tunnels {

  private Tunnels() {}

  /** A builder aimed at {@code server} for a tunnel to {@code echo}, as root, STRICT policy. */
  static SshTunnelSettings.Builder to(OpenSshServer server, EchoServer echo, Path knownHosts) {
    return SshTunnelSettings.builder("127.0.0.1", echo.port())
        .host(server.host())
        .port(server.port())
        .user("root")
        .knownHostsFile(knownHosts)
        .keepAlive(java.time.Duration.ofSeconds(1));
  }

  /** Sends a line through the tunnel and asserts that the echo server returns it unchanged. */
  static void assertForwards(SshTunnel tunnel) {
    String message = "ferry-" + System.nanoTime() + "\n";
    try (Socket socket = new Socket(tunnel.localHost(), tunnel.localPort())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(message.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] received = in.readNBytes(message.length());
      assertThat(new String(received, StandardCharsets.UTF_8)).isEqualTo(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
