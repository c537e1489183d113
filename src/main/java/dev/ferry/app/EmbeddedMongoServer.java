package dev.ferry.app;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process MongoDB wire-protocol server (mongo-java-server) for the desktop demo and tests.
 *
 * <p>Contract: listens on 127.0.0.1 only; port 0 picks a free port. {@link #startInMemory} loses
 * everything on {@link #close()}; {@link #startPersistent} keeps its data in one file, so a later
 * start on the same file sees it again (the memory backend with a file copy: H2's storage made the
 * demo's first run several times slower than the sync itself). The server advertises MongoDB
 * {@value #VERSION} with wire version {@value #WIRE_VERSION}: mongo-java-server's own default (wire
 * 8) is exactly the current Java driver's floor and below what {@code mongosh} accepts, so both
 * would refuse a slightly newer client. {@link #close()} is idempotent and saves the file.
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
  private final Optional<Path> dumpFile;
  private boolean closed;

  private EmbeddedMongoServer(MongoBackend backend, int port, String label) {
    this(backend, port, label, Optional.empty());
  }

  private EmbeddedMongoServer(
      MongoBackend backend, int port, String label, Optional<Path> dumpFile) {
    this.dumpFile = dumpFile;
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
   * Starts a memory-backed server whose data is loaded from {@code file} (when it exists) and
   * written back to it by {@link #persist()} and {@link #close()}: as fast as the memory backend,
   * and still there after a restart. Writing replaces the file atomically (a temporary file, then a
   * rename), so a crash leaves the previous copy whole.
   */
  public static EmbeddedMongoServer startPersistent(Path file, int port) {
    Objects.requireNonNull(file, "file");
    Path absolute = file.toAbsolutePath();
    EmbeddedMongoServer server =
        new EmbeddedMongoServer(
            new MemoryBackend(), port, "memory, saved to " + absolute, Optional.of(absolute));
    try {
      if (Files.exists(absolute)) {
        MongoDump.load(absolute, server.connectionString());
      }
      return server;
    } catch (IOException | RuntimeException e) {
      server.server.shutdownNow();
      throw new IllegalStateException(
          "could not load the demo's MongoDB data from " + absolute + ": " + e.getMessage(), e);
    }
  }

  /** Writes the data to the server's file now (only for {@link #startPersistent}). */
  public synchronized void persist() {
    if (closed || dumpFile.isEmpty()) {
      return;
    }
    try {
      MongoDump.save(dumpFile.get(), connectionString());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not save the demo's MongoDB data: " + e.getMessage(), e);
    }
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
    try {
      persist();
    } catch (RuntimeException e) {
      LOG.warn("{}", e.getMessage());
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
