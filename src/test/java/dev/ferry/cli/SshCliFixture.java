package dev.ferry.cli;

import dev.ferry.app.DemoDataGenerator;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.tunnel.OpenSshServer;
import dev.ferry.tunnel.SshKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.bson.Document;

/**
 * Real servers for the SSH CLI tests — an OpenSSH server that authorizes one key, a PostgreSQL
 * database with demo orders readable only by a password-protected read-only role, and the shared
 * Mongo wire server — and the CLI run as a shell runs it, through {@link FerryCli#run}.
 */
final class SshCliFixture implements AutoCloseable {
  /** The environment variable the tests name in {@code --pg-password-env}. */
  static final String PG_PASSWORD_VAR = "FERRY_TEST_PG_PASSWORD";

  final Path dir;
  final Path key;
  final OpenSshServer sshd;
  final TestDatabase pg;
  final int orders;

  private SshCliFixture(Path dir, Path key, OpenSshServer sshd, TestDatabase pg, int orders) {
    this.dir = dir;
    this.key = key;
    this.sshd = sshd;
    this.pg = pg;
    this.orders = orders;
  }

  /** Starts sshd with a fresh authorized ed25519 key and seeds {@code orders} demo orders. */
  static SshCliFixture start(Path dir, int orders) {
    Path key = SshKeys.generate(dir, "id_client", "ed25519", SshKeys.Format.OPENSSH, "");
    TestDatabase pg = EmbeddedPostgresSupport.createDatabase();
    try (Connection c = pg.superuserConnection()) {
      DemoDataGenerator.createSchema(c);
      DemoDataGenerator.seed(c, orders, 7);
    } catch (Exception e) {
      throw new IllegalStateException("Could not seed the demo orders", e);
    }
    // DEBUG1 makes sshd log each forwarded connection, which proves the tunnel carries the source.
    OpenSshServer sshd =
        OpenSshServer.builder()
            .authorizedKey(SshKeys.publicKey(key))
            .config("LogLevel DEBUG1")
            .start();
    return new SshCliFixture(dir, key, sshd, pg, orders);
  }

  /** A new known_hosts file that already trusts the server, as after a first accepted login. */
  Path trustedKnownHosts() {
    try {
      Path file = Files.createTempFile(dir, "known_hosts", "");
      Files.writeString(file, sshd.knownHostsLine() + "\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The source and target options; the source password comes from {@link #PG_PASSWORD_VAR}. */
  List<String> connection(String mongoDb) {
    return List.of(
        "--pg-url",
        pg.jdbcUrl(),
        "--pg-user",
        pg.user(),
        "--pg-password-env",
        PG_PASSWORD_VAR,
        MongoTestSupport.cliUriOption(),
        MongoTestSupport.cliUriValue(),
        "--mongo-db",
        mongoDb);
  }

  /** The SSH options for this fixture's server: host, port, user root, the key, known_hosts. */
  List<String> ssh(Path knownHosts) {
    return List.of(
        "--ssh-host",
        sshd.host(),
        "--ssh-port",
        Integer.toString(sshd.port()),
        "--ssh-user",
        "root",
        "--ssh-key",
        key.toString(),
        "--ssh-known-hosts",
        knownHosts.toString());
  }

  /** {@code command}, the connection options for {@code mongoDb}, then {@code more}. */
  List<String> args(String command, String mongoDb, List<String> more) {
    List<String> args = new ArrayList<>();
    args.add(command);
    args.addAll(connection(mongoDb));
    args.addAll(more);
    return args;
  }

  /** Runs the CLI with the source password in its environment. */
  Result run(List<String> args) {
    return run(Map.of(), args);
  }

  /** Runs the CLI with the source password and {@code env} in its environment. */
  Result run(Map<String, String> env, List<String> args) {
    Map<String, String> all = new HashMap<>(MongoTestSupport.cliEnvironment());
    all.putAll(env);
    all.put(PG_PASSWORD_VAR, pg.password());
    return runWithEnvironment(all::get, args);
  }

  /** Runs {@link FerryCli#run} with {@code environment} in place of the process environment. */
  static Result runWithEnvironment(UnaryOperator<String> environment, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        FerryCli.run(
            args.toArray(String[]::new),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            environment);
    return new Result(exit, out.toString(), err.toString());
  }

  /** Every order uid in the source. */
  List<String> sourceOrderUids() {
    List<String> uids = new ArrayList<>();
    try (Connection c = pg.superuserConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT uid::text FROM orders")) {
      while (rows.next()) {
        uids.add(rows.getString(1));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return uids;
  }

  /** The {@code _id} of every document in {@code collection}, as stored (duplicates kept). */
  static List<String> ids(String mongoDb, String collection) {
    try (var client = MongoTestSupport.client()) {
      List<String> ids = new ArrayList<>();
      client
          .getDatabase(mongoDb)
          .getCollection(collection)
          .find()
          .forEach(d -> ids.add(d.getString("_id")));
      return ids;
    }
  }

  /** How many documents {@code collection} holds. */
  static long count(String mongoDb, String collection) {
    try (var client = MongoTestSupport.client()) {
      return client.getDatabase(mongoDb).getCollection(collection).countDocuments();
    }
  }

  @Override
  public void close() {
    sshd.close();
  }

  /** What one CLI run printed and returned. */
  record Result(int exit, String out, String err) {
    /** The last line of stdout parsed as JSON (what {@code --json} promises scripts). */
    Document json() {
      String[] lines = out.strip().split("\n");
      return Document.parse(lines[lines.length - 1]);
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
