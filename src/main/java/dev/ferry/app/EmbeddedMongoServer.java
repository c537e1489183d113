package dev.ferry.app;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process MongoDB wire-protocol server (mongo-java-server) for the desktop demo and tests.
 *
 * <p>Contract: listens on 127.0.0.1 only; port 0 picks a free port. The memory backend loses
 * everything on {@link #close()}; the H2 backend keeps its data in one file, so a later {@link
 * #startH2} on the same file sees it again. The server advertises MongoDB {@value #VERSION} with
 * wire version {@value #WIRE_VERSION}: mongo-java-server's own default (wire 8) is exactly the
 * current Java driver's floor and below what {@code mongosh} accepts, so both would refuse a
 * slightly newer client. {@link #close()} is idempotent and flushes the H2 file.
 */
public final class EmbeddedMongoServer implements AutoCloseable {
  /** The server version reported by {@code buildInfo}. */
  public static final String VERSION = "5.0.0";

  /** The wire version reported by {@code isMaster} (MongoDB 5.0). */
  public static final int WIRE_VERSION = 13;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongoServer.class);
  private static final String HOST = "127.0.0.1";

  private final MongoServer server;
  private final InetSocketAddress address;
  private final String label;
  private boolean closed;

  private EmbeddedMongoServer(MongoBackend backend, int port, String label) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    backend.version(new Version());
    this.server = new MongoServer(backend);
    try {
      server.bind(HOST, port);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
    this.address = server.getLocalAddress();
    this.label = label;
    LOG.info("Embedded MongoDB ({}) listening on {}", label, connectionString());
  }

  /** Starts a memory-backed server on a free port. */
  public static EmbeddedMongoServer startInMemory() {
    return startInMemory(0);
  }

  /** Starts a memory-backed server on {@code port} (0 = a free port). */
  public static EmbeddedMongoServer startInMemory(int port) {
    return new EmbeddedMongoServer(new MemoryBackend(), port, "memory");
  }

  /**
   * Starts a server whose data lives in the H2 MVStore file {@code file} (created with its parent
   * directories when missing), on {@code port} (0 = a free port).
   */
  public static EmbeddedMongoServer startH2(Path file, int port) {
    Objects.requireNonNull(file, "file");
    Path absolute = file.toAbsolutePath();
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + absolute, e);
    }
    return new EmbeddedMongoServer(new H2Backend(absolute.toString()), port, "h2 " + absolute);
  }

  /** The port the server listens on. */
  public int port() {
    return address.getPort();
  }

  /**
   * A connection string for the driver or {@code mongosh}, e.g. {@code mongodb://127.0.0.1:41234}.
   */
  public String connectionString() {
    return "mongodb://" + HOST + ":" + address.getPort();
  }

  /** Stops listening, closes client connections and the backend (flushing an H2 file). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // shutdownNow closes open client connections first; shutdown() then closes the backend.
    server.shutdownNow();
    LOG.info("Embedded MongoDB ({}) stopped", label);
  }

  @Override
  public String toString() {
    return "EmbeddedMongoServer[" + label + ", " + connectionString() + "]";
  }

  /** MongoDB 5.0.0, wire version 13. */
  private static final class Version implements MongoVersion {
    @Override
    public List<Integer> getVersionArray() {
      return List.of(5, 0, 0);
    }

    @Override
    public int getWireVersion() {
      return WIRE_VERSION;
    }
  }
}
