package dev.ferry.app;

import dev.ferry.core.MappingSettings;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real PostgreSQL 15 seeded with a client database, and a MongoDB
 * wire-protocol server whose data lives in the user's data directory.
 *
 * <p>Contract: works offline. PostgreSQL is new on every start and seeded deterministically, while
 * the MongoDB data is kept across starts, so a second demo finds every document unchanged — Ferry's
 * idempotency made visible. The source is read through a role {@value #READER} that may only
 * SELECT, as a client's read-only account would. {@link #close()} stops both servers.
 */
public final class DemoEnvironment implements AutoCloseable {
  /** The demo's source database. */
  public static final String DATABASE = "shop";

  /** The read-only role the demo reads with. */
  public static final String READER = "analyst";

  /** The demo's target database. */
  public static final String TARGET_DATABASE = "ferry_demo";

  /** How many orders the demo generates. */
  public static final int DEFAULT_ORDERS = 5000;

  /** Seed of the demo data, fixed so that every demo has the same orders. */
  public static final long SEED = 20261127L;

  /** Preferred port of the demo MongoDB, so that Compass/mongosh settings keep working. */
  public static final int PREFERRED_MONGO_PORT = 27027;

  private static final Logger LOG = LoggerFactory.getLogger(DemoEnvironment.class);

  private final EmbeddedPostgres postgres;
  private final EmbeddedMongoServer mongo;
  private final DemoDataGenerator.Counts counts;

  private DemoEnvironment(
      EmbeddedPostgres postgres, EmbeddedMongoServer mongo, DemoDataGenerator.Counts counts) {
    this.postgres = postgres;
    this.mongo = mongo;
    this.counts = counts;
  }

  /**
   * Starts both servers; MongoDB runs in memory and keeps its data in {@code
   * dataDirectory/demo-mongo.bson} (saved by {@link #persist()} and on close). An earlier demo's H2
   * file ({@code demo-mongo.mv}) is left alone.
   */
  public static DemoEnvironment start(Path dataDirectory, int orders) {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    EmbeddedPostgres postgres = null;
    EmbeddedMongoServer mongo = null;
    try {
      postgres = EmbeddedPostgres.builder().start();
      DemoDataGenerator.Counts counts = seed(postgres, orders);
      mongo =
          EmbeddedMongoServer.startPersistent(
              dataDirectory.resolve("demo-mongo.bson"), freePortOr(PREFERRED_MONGO_PORT));
      LOG.info("demo ready: {} orders in {}", counts.orders(), jdbcUrl(postgres));
      return new DemoEnvironment(postgres, mongo, counts);
    } catch (IOException e) {
      closeQuietly(postgres, mongo);
      throw new UncheckedIOException(
          "could not start the embedded PostgreSQL: " + e.getMessage(), e);
    } catch (SQLException e) {
      closeQuietly(postgres, mongo);
      throw new IllegalStateException("could not seed the demo database: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(postgres, mongo);
      throw e;
    }
  }

  private static DemoDataGenerator.Counts seed(EmbeddedPostgres postgres, int orders)
      throws SQLException, IOException {
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
      s.execute("CREATE ROLE " + READER + " LOGIN");
    }
    try (Connection shop = postgres.getDatabase("postgres", DATABASE).getConnection()) {
      DemoDataGenerator.createSchema(shop);
      DemoDataGenerator.Counts counts = DemoDataGenerator.seed(shop, orders, SEED);
      try (Statement s = shop.createStatement()) {
        s.execute("GRANT USAGE ON SCHEMA public TO " + READER);
        s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + READER);
      }
      return counts;
    }
  }

  /** The source's JDBC URL (the embedded server trusts local connections: no password). */
  public String postgresJdbcUrl() {
    return jdbcUrl(postgres);
  }

  /** Saves the demo's MongoDB data now, so that it survives even a killed process. */
  public void persist() {
    mongo.persist();
  }

  /** The target's connection string. */
  public String mongoConnectionString() {
    return mongo.connectionString();
  }

  /**
   * The job that migrates the demo: its source as the read-only reader, its target database's
   * {@code orders} collection, the default mapping rules.
   */
  public JobSettings job() {
    return JobSettings.of(
        PostgresSettings.of(postgresJdbcUrl(), READER, Optional.empty()),
        MongoSettings.of(mongoConnectionString(), TARGET_DATABASE, "orders"),
        MappingSettings.defaults());
  }

  /** Rows generated. */
  public DemoDataGenerator.Counts counts() {
    return counts;
  }

  private static String jdbcUrl(EmbeddedPostgres postgres) {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
  }

  private static int freePortOr(int preferred) {
    try (ServerSocket socket =
        new ServerSocket(preferred, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    closeQuietly(postgres, mongo);
  }

  private static void closeQuietly(EmbeddedPostgres postgres, EmbeddedMongoServer mongo) {
    if (mongo != null) {
      mongo.close();
    }
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        LOG.warn("could not stop the embedded PostgreSQL cleanly: {}", e.toString());
      }
    }
  }
}
