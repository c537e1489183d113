package dev.ferry.tunnel;

import com.jcraft.jsch.ChannelDirectTCPIP;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SocketFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * Carries the main SSH session inside a {@code direct-tcpip} channel of the jump session, as
 * OpenSSH's ProxyJump does. Unlike a local port forward on the jump host, this opens no extra local
 * port and keeps the real host name and port for host key verification.
 */
final class JumpProxy implements Proxy {

  private final Session jump;
  private ChannelDirectTCPIP channel;
  private InputStream in;
  private OutputStream out;

  JumpProxy(Session jump) {
    this.jump = jump;
  }

  @Override
  public void connect(SocketFactory factory, String host, int port, int timeout) throws Exception {
    channel = (ChannelDirectTCPIP) jump.openChannel("direct-tcpip");
    channel.setHost(host);
    channel.setPort(port);
    // The streams must exist before connect() so that JSch pipes the channel instead of copying
    // from a null stream on its own thread.
    in = channel.getInputStream();
    out = channel.getOutputStream();
    try {
      channel.connect(timeout);
    } catch (Exception e) {
      throw new ChannelOpenFailure(channel.getExitStatus(), e);
    }
  }

  @Override
  public InputStream getInputStream() {
    return in;
  }

  @Override
  public OutputStream getOutputStream() {
    return out;
  }

  // No socket: JSch then skips SO_TIMEOUT, so keepalives run on the jump session, whose loss
  // closes this channel and with it the main session.
  @Override
  public Socket getSocket() {
    return null;
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.disconnect();
    }
  }

  /** The jump host refused to open the channel; {@code reason} is the SSH reason code. */
  static final class ChannelOpenFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final int reason;

    ChannelOpenFailure(int reason, Exception cause) {
      super("channel open failed with reason " + reason, cause);
      this.reason = reason;
    }

    int reason() {
      return reason;
    }
  }
}
