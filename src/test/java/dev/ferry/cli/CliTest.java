package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.ferry.app.DemoDataGenerator;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.MongoTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI as a script would use it: arguments in, exit code, stdout and stderr out. */
class CliTest {
  private static TestDatabase pg;
  private static final int ORDERS = 250;

  @BeforeAll
  static void seed() throws Exception {
    pg = EmbeddedPostgresSupport.createDatabase();
    try (Connection c = pg.superuserConnection()) {
      DemoDataGenerator.createSchema(c);
      DemoDataGenerator.seed(c, ORDERS, 7);
    }
  }

  /**
   * What a command did: its exit code, what it printed on stdout and stderr, and what was logged
   * meanwhile (the log goes to the process's stderr, next to the CLI's own lines).
   */
  record Result(int exit, String out, String err, String log) {
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private static Result run(String... args) {
    return run(System::getenv, args);
  }

  private static Result run(UnaryOperator<String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream processErr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit =
          FerryCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), environment);
    } finally {
      System.setErr(processErr);
    }
    return new Result(exit, out.toString(), err.toString(), log.toString(StandardCharsets.UTF_8));
  }

  /** Connection options for the shared source (as the trusted superuser) and a fresh target. */
  private static List<String> connection(String mongoDb, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--pg-url",
                pg.jdbcUrl(),
                "--pg-user",
                EmbeddedPostgresSupport.SUPERUSER,
                MongoTestSupport.cliUriOption(),
                MongoTestSupport.cliUriValue(),
                "--mongo-db",
                mongoDb));
    args.addAll(List.of(more));
    return args;
  }

  private static Result command(String name, List<String> args) {
    List<String> all = new ArrayList<>();
    all.add(name);
    all.addAll(args);
    return run(all.toArray(String[]::new));
  }

  @Test
  void migrateEndsWithOneJsonLineAndReRunsReportNothingWritten() {
    String db = MongoTestSupport.freshDatabase();
    Result first = command("migrate", connection(db, "--json", "--batch-size", "100"));
    Result second = command("migrate", connection(db, "--json"));

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.lastLine()).startsWith("{\"run_id\":").contains("\"status\":\"completed\"");
    assertThat(second.exit()).isZero();
    assertThat(second.lastLine()).contains("\"inserted\":0,\"updated\":0,\"unchanged\":");
    Document counts = Document.parse(first.lastLine()).get("counts", Document.class);
    assertThat(
            counts.get("inserted", Number.class).longValue()
                + counts.get("rejected", Number.class).longValue())
        .isEqualTo(ORDERS);
  }

  @Test
  void goneOrdersAreStaleUntilDeleteMissingAndCompareFullRepairsATamperedDocument()
      throws Exception {
    TestDatabase own = EmbeddedPostgresSupport.createDatabase();
    try (Connection c = own.superuserConnection()) {
      DemoDataGenerator.createSchema(c);
      DemoDataGenerator.seed(c, 40, 11);
    }
    String db = MongoTestSupport.freshDatabase();
    List<String> args =
        List.of(
            "--pg-url",
            own.jdbcUrl(),
            "--pg-user",
            EmbeddedPostgresSupport.SUPERUSER,
            MongoTestSupport.cliUriOption(),
            MongoTestSupport.cliUriValue(),
            "--mongo-db",
            db,
            "--json");
    assertThat(command("migrate", args).exit()).isZero();
    String gone;
    try (var client = MongoTestSupport.client()) {
      gone = client.getDatabase(db).getCollection("orders").find().first().getString("_id");
    }
    own.execute(
        "DELETE FROM order_items WHERE order_uid = '"
            + gone
            + "'; DELETE FROM orders WHERE uid = '"
            + gone
            + "'");

    Result kept = command("migrate", args);
    Document keptJson = Document.parse(kept.lastLine());
    assertThat(keptJson.get("counts", Document.class).get("stale", Number.class).intValue())
        .isEqualTo(1);
    assertThat(keptJson.get("sync", Document.class).getList("gone_from_source", String.class))
        .containsExactly(gone);
    List<String> plain = new ArrayList<>(args.subList(0, args.size() - 1));
    Result human = command("migrate", plain);
    assertThat(human.out())
        .contains("1 order is in the target no longer in the source")
        .contains("--delete-missing")
        .contains(gone);

    List<String> deleting = new ArrayList<>(args);
    deleting.add("--delete-missing");
    Result removed = command("migrate", deleting);
    assertThat(removed.exit()).as(removed.err()).isZero();
    assertThat(
            Document.parse(removed.lastLine())
                .get("counts", Document.class)
                .get("deleted", Number.class)
                .intValue())
        .isEqualTo(1);
    try (var client = MongoTestSupport.client()) {
      var orders = client.getDatabase(db).getCollection("orders");
      assertThat(orders.countDocuments(Filters.eq("_id", gone))).isZero();
      String id = orders.find().first().getString("_id");
      orders.updateOne(Filters.eq("_id", id), Updates.set("status", "tampered"));
    }
    // Edited in place behind Ferry's back: a plain run trusts the state, a full comparison repairs.
    assertThat(command("migrate", args).lastLine()).contains("\"updated\":0");
    List<String> full = new ArrayList<>(args);
    full.addAll(List.of("--compare", "full"));
    Result repaired = command("migrate", full);
    assertThat(repaired.lastLine()).contains("\"updated\":1").contains("\"mode\":\"full_compare\"");
    assertThat(command("verify", args).exit()).isZero();
    Result bad = command("migrate", List.of("--compare", "sometimes"));
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void verifyExitsZeroWhenMatchingAndThreeOnAMismatch() {
    String db = MongoTestSupport.freshDatabase();
    assertThat(command("migrate", connection(db)).exit()).isZero();
    Result matching = command("verify", connection(db, "--json"));
    assertThat(matching.exit()).as(matching.out()).isZero();
    assertThat(matching.lastLine()).contains("\"status\":\"match\"");

    try (var client = MongoTestSupport.client()) {
      var orders = client.getDatabase(db).getCollection("orders");
      String id = orders.find().first().getString("_id");
      orders.updateOne(Filters.eq("_id", id), Updates.set("status", "tampered"));
    }
    Result mismatch = command("verify", connection(db));
    assertThat(mismatch.exit()).isEqualTo(ExitCodes.MISMATCH);
    assertThat(mismatch.out())
        .contains("MISMATCH: 1 difference(s)")
        .contains("status: expected \"");
  }

  @Test
  void previewPrintsTheDocumentsAsRelaxedExtendedJsonWithoutWriting() {
    String db = MongoTestSupport.freshDatabase();
    Result preview = command("preview", connection(db, "--limit", "2"));

    assertThat(preview.exit()).as(preview.err()).isZero();
    assertThat(preview.out())
        .contains("\"date_of_order\": {\n    \"$date\": \"2026-")
        .contains("\"total\": {\n    \"$numberDecimal\": \"");
    assertThat(preview.err()).contains(": new");
    try (var client = MongoTestSupport.client()) {
      assertThat(client.getDatabase(db).getCollection("orders").countDocuments()).isZero();
    }
  }

  @Test
  void aDryRunCountsWithoutWriting() {
    String db = MongoTestSupport.freshDatabase();
    Result dry = command("migrate", connection(db, "--dry-run", "--json"));
    assertThat(dry.exit()).isZero();
    assertThat(dry.lastLine()).contains("\"dry_run\":true");
    try (var client = MongoTestSupport.client()) {
      assertThat(client.getDatabase(db).listCollectionNames().into(new ArrayList<>())).isEmpty();
    }
  }

  @Test
  void anUnreachableSourceIsOneSentenceAndExitOne() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Result result =
        run(
            "migrate",
            "--pg-url",
            "jdbc:postgresql://127.0.0.1:" + closedPort + "/shop",
            "--pg-user",
            "x",
            MongoTestSupport.cliUriOption(),
            MongoTestSupport.cliUriValue(),
            "--mongo-db",
            MongoTestSupport.freshDatabase());

    assertThat(result.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err())
        .startsWith("ferry: ")
        .contains(String.valueOf(closedPort))
        .doesNotContain("Exception");
  }

  @Test
  void invalidCommandLinesExitTwoWithTheProblem() {
    Result missing = run("migrate", "--mongo-db", "x");
    assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("--pg-url");

    Result badZone = command("migrate", connection("x", "--source-zone", "Mars/Olympus"));
    assertThat(badZone.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badZone.err()).contains("Unknown --source-zone 'Mars/Olympus'");
  }

  /**
   * Bad input, each answered with one sentence and its exit code: 2 for what is wrong on the
   * command line (passwords included, never repeated back), 1 for a target that cannot be reached.
   * {PG} is the test database's URL, {MONGO} the test server, {CLOSED} a port nobody listens on.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = "~",
      textBlock =
          """
      migrate --pg-url postgresql://reader:s3cret@db.example.com/shop --mongo-uri {MONGO} --mongo-db x                    ~ 2 ~ The --pg-url carries a password, which would show in process lists and shell history; remove it from the URL and give the password with --pg-password-env VAR, PGPASSWORD or -W (a prompt).
      migrate --pg-url jdbc:postgresql://db.example.com/shop?password=s3cret --pg-user r --mongo-uri {MONGO} --mongo-db x ~ 2 ~ The --pg-url carries a password, which would show in process lists and shell history; remove it from the URL and give the password with --pg-password-env VAR, PGPASSWORD or -W (a prompt).
      migrate --pg-url jdbc:postgresql://reader:s3cret@db.example.com/shop --mongo-uri {MONGO} --mongo-db x               ~ 2 ~ The --pg-url carries a password, which would show in process lists and shell history; remove it from the URL and give the password with --pg-password-env VAR, PGPASSWORD or -W (a prompt).
      inspect --pg-url postgresql://reader:s3cret@db.example.com/shop                                                      ~ 2 ~ The --pg-url carries a password, which would show in process lists and shell history; remove it from the URL and give the password with --pg-password-env VAR, PGPASSWORD or -W (a prompt).
      migrate --pg-url {PG} --pg-user postgres --mongo-uri mongodb://ferry:s3cret@db.example.com --mongo-db x             ~ 2 ~ The --mongo-uri carries a password, which would show in process lists and shell history; put the URI in an environment variable and give its name with --mongo-uri-env VAR.
      migrate --pg-url {PG} --pg-user postgres --pg-password s3cret --mongo-uri {MONGO} --mongo-db x                      ~ 2 ~ --pg-password is not accepted: a password on the command line shows in process lists and shell history; give --pg-password-env VAR, set PGPASSWORD, or use -W to be prompted.
      verify --mongo-password=s3cret                                                                                       ~ 2 ~ --mongo-password is not accepted: a password on the command line shows in process lists and shell history; put the MongoDB URI with its password in an environment variable and give --mongo-uri-env VAR.
      preview --ssh-passphrase s3cret                                                                                      ~ 2 ~ --ssh-passphrase is not accepted: a password on the command line shows in process lists and shell history; give --ssh-passphrase-env VAR (the key's passphrase) or --ssh-password-env VAR, or let Ferry prompt for it.
      migrate --pg-url {PG} --pg-user postgres --mongo-uri mongo:/garbage::x --mongo-db x                                  ~ 2 ~ A MongoDB connection string starts with mongodb:// or mongodb+srv://, not 'mongo:/garbage::x'.
      migrate --pg-url jdbc:postgresql://127.0.0.1:5432/ --pg-user postgres --mongo-uri {MONGO} --mongo-db x              ~ 2 ~ The URL jdbc:postgresql://127.0.0.1:5432/ names no database; add the database name after the host and port, e.g. jdbc:postgresql://127.0.0.1:5432/shop.
      migrate --pg-url {PG} --pg-user postgres --mongo-uri {MONGO} --mongo-db a.b                                          ~ 2 ~ The MongoDB database name 'a.b' is not allowed: it contains '.', and MongoDB database names may not contain / \\ . " $ * < > : | ?, a space or the null character.
      migrate --pg-url {PG} --pg-user postgres --mongo-uri {MONGO} --mongo-db x --collection system.x                      ~ 2 ~ The MongoDB collection name 'system.x' is not allowed: names starting with 'system.' are reserved for MongoDB's own collections.
      migrate --pg-url {PG} --pg-user postgres --mongo-uri mongodb://127.0.0.1:{CLOSED} --mongo-db x                       ~ 1 ~ Nothing accepted the connection at 127.0.0.1:{CLOSED}; check the host and port, and that MongoDB is running and reachable from here.
      migrate --pg-url {PG} --pg-user postgres --mongo-uri mongodb://db.ferry-test.invalid --mongo-db x                    ~ 1 ~ The MongoDB host db.ferry-test.invalid could not be resolved; check the host name in the connection string and your DNS or VPN.
      """)
  void aBadInputIsOneSentenceAndItsExitCode(String command, int exit, String sentence)
      throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String c = Integer.toString(closed);
    String[] args =
        command
            .replace("{PG}", pg.jdbcUrl())
            // These lines never connect: the target's address without its user is enough.
            .replace("{MONGO}", "mongodb://" + MongoTestSupport.target().hosts())
            .replace("{CLOSED}", c)
            .split(" ");

    Result result = run(args);

    assertThat(result.exit()).as(result.toString()).isEqualTo(exit);
    assertThat(result.err().lines().findFirst())
        .contains("ferry: " + sentence.replace("{CLOSED}", c));
    assertThat(result.err() + result.out() + result.log()).doesNotContain("s3cret");
    if (exit == ExitCodes.FAILED) {
      assertThat(result.err().strip().lines()).hasSize(1);
      assertThat(result.log()).doesNotContain("\tat ").doesNotContain("ERROR");
    }
  }

  @Test
  void aMongoUriWithAPasswordStillComesFromTheVariableNamedByMongoUriEnv() {
    String hostPort = MongoTestSupport.target().hosts();
    Result result =
        run(
            CliEnvironment.with(
                Map.of("FERRY_TEST_URI", MongoTestSupport.connectionStringAs("ferry:s3cret"))),
            "migrate",
            "--pg-url",
            pg.jdbcUrl(),
            "--pg-user",
            EmbeddedPostgresSupport.SUPERUSER,
            "--mongo-uri-env",
            "FERRY_TEST_URI",
            "--mongo-db",
            "x");

    // The test server knows no users: the URI was taken and its login tried.
    assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.err())
        .isEqualTo(
            "ferry: MongoDB at "
                + hostPort
                + " rejected the login; check the user name, password and authSource in the"
                + " connection string."
                + System.lineSeparator());
    assertThat(result.err() + result.out() + result.log()).doesNotContain("s3cret");
  }

  @Test
  void aFailedRunPrintsOneSentenceAndStackTracesOnlyWithVerbose() {
    List<String> args =
        List.of(
            "migrate",
            "--pg-url",
            pg.jdbcUrl() + "_missing",
            "--pg-user",
            EmbeddedPostgresSupport.SUPERUSER,
            MongoTestSupport.cliUriOption(),
            MongoTestSupport.cliUriValue(),
            "--mongo-db",
            MongoTestSupport.freshDatabase());

    Result brief = run(args.toArray(String[]::new));
    List<String> verboseArgs = new ArrayList<>(args);
    verboseArgs.add("--verbose");
    Result verbose = run(verboseArgs.toArray(String[]::new));

    assertThat(brief.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(brief.err())
        .contains(
            "ferry: Database \""
                + pg.name()
                + "_missing\" does not exist at localhost:"
                + pg.port()
                + "; check the database name in the URL.")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
    assertThat(brief.log()).doesNotContain("\tat ").doesNotContain("ERROR");
    assertThat(verbose.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(verbose.err() + verbose.log()).contains("\tat ").contains("SourceException");
  }

  @Test
  void theJobFilesTimeoutsBoundTheWaitForTheTarget(@TempDir Path dir) throws Exception {
    try (FaultProxy silent = FaultProxy.silent()) {
      Path job = dir.resolve("job.yaml");
      Files.writeString(
          job,
          String.join(
              "\n",
              "version: 1",
              "source:",
              "  url: " + pg.jdbcUrl(),
              "  user: " + EmbeddedPostgresSupport.SUPERUSER,
              "target:",
              "  uri: mongodb://127.0.0.1:" + silent.port(),
              "  database: x",
              "timeouts:",
              "  connect: 1s",
              "  server_selection: 2s",
              ""));

      long started = System.nanoTime();
      Result result = run("migrate", "--job", job.toString());
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(result.err())
          .startsWith(
              "ferry: MongoDB at 127.0.0.1:"
                  + silent.port()
                  + " accepted the connection but did not answer within 1 s; ");
      // Without the job file's bounds the default server selection alone would wait 10 s.
      assertThat(took).isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  void helpDocumentsTheExitCodes() {
    Result help = run("migrate", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("3 verify found differences").contains("--pg-password-env");
  }
}
