package dev.ferry.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.ferry.app.EmbeddedMongoServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * One in-process MongoDB wire server (mongo-java-server, memory backend) shared by every test of a
 * JVM, with a fresh database name per test so tests never see each other's data.
 *
 * <p>Starting the server once keeps the suite fast on a 2-core machine; it stops at JVM exit.
 */
public final class MongoTestSupport {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedMongoServer server;

  private MongoTestSupport() {}

  /** The shared server, started on first use. */
  public static synchronized EmbeddedMongoServer server() {
    if (server == null) {
      quietWireLogging();
      EmbeddedMongoServer started = EmbeddedMongoServer.startInMemory();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-mongo-stop"));
      server = started;
    }
    return server;
  }

  /**
   * Without a logback configuration everything logs at DEBUG, and the driver and the server then
   * print every command with its documents — slow and unreadable. Only their loggers are raised.
   */
  private static void quietWireLogging() {
    for (String name : new String[] {"org.mongodb.driver", "de.bwaldvogel", "io.netty"}) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
      }
    }
  }

  /** The shared server's connection string. */
  public static String connectionString() {
    return server().connectionString();
  }

  /** A database name no other test uses, e.g. {@code ferry_test_7}. */
  public static String freshDatabase() {
    return "ferry_test_" + DATABASES.incrementAndGet();
  }

  /** A new driver client on the shared server; the caller closes it. */
  public static MongoClient client() {
    return MongoClients.create(connectionString());
  }
}
