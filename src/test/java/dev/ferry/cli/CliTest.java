package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.ferry.app.DemoDataGenerator;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import dev.ferry.testing.MongoTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

  record Result(int exit, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = FerryCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
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

  @Test
  void helpDocumentsTheExitCodes() {
    Result help = run("migrate", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("3 verify found differences").contains("--pg-password-env");
  }
}
