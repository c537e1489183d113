package dev.ferry.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.DemoDataGenerator;
import dev.ferry.cli.Distributed;
import dev.ferry.cli.FerryCli;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import dev.ferry.testing.MongoTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

/**
 * The Spark job in local mode against a real PostgreSQL and a MongoDB wire server: the same target,
 * byte for byte, and the same counts as {@code ferry migrate}; a re-run writes nothing; a task that
 * fails once is retried without duplicates; tasks read the driver's snapshot, not later changes;
 * partitions without orders work.
 */
class SparkMigrateTest {

  record Result(int exit, String out, String err) {
    Document json() {
      String[] lines = out.strip().split("\n");
      return Document.parse(lines[lines.length - 1]);
    }

    Document counts() {
      return json().get("counts", Document.class);
    }
  }

  private static TestDatabase seeded(int orders) throws Exception {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    try (Connection c = db.superuserConnection()) {
      DemoDataGenerator.createSchema(c);
      DemoDataGenerator.seed(c, orders, 5);
    }
    return db;
  }

  private static List<String> args(TestDatabase db, String mongoDb, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--pg-url",
                db.jdbcUrl(),
                "--pg-user",
                EmbeddedPostgresSupport.SUPERUSER,
                MongoTestSupport.cliUriOption(),
                MongoTestSupport.cliUriValue(),
                "--mongo-db",
                mongoDb,
                "--batch-size",
                "200",
                "--json"));
    args.addAll(List.of(more));
    return args;
  }

  private static Result spark(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        SparkMigrate.run(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  private static Result migrate(List<String> args) {
    List<String> all = new ArrayList<>(List.of("migrate"));
    all.addAll(args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        FerryCli.run(
            all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  private static List<ByteBuffer> target(String mongoDb, String collection) {
    try (var client = MongoTestSupport.client()) {
      List<ByteBuffer> bytes = new ArrayList<>();
      for (RawBsonDocument d :
          client.getDatabase(mongoDb).getCollection(collection, RawBsonDocument.class).find()) {
        bytes.add(d.getByteBuffer().asNIO());
      }
      bytes.sort(null);
      return bytes;
    }
  }

  @Test
  void theSparkJobAndSingleNodeMigrateGiveByteIdenticalTargetsAndEqualCounts() throws Exception {
    TestDatabase db = seeded(1500);
    String single = MongoTestSupport.freshDatabase();
    String parted = MongoTestSupport.freshDatabase();

    Result reference = migrate(args(db, single));
    Result job = spark(args(db, parted, "--partitions", "4", "--master", "local[2]"));

    assertThat(job.exit()).as(job.err()).isZero();
    assertThat(job.counts()).isEqualTo(reference.counts());
    assertThat(job.counts().get("rejected", Number.class).longValue()).isPositive();
    assertThat(target(parted, "orders")).isEqualTo(target(single, "orders"));
    assertThat(target(parted, "orders_rejects").size())
        .isEqualTo(target(single, "orders_rejects").size());
    try (var client = MongoTestSupport.client()) {
      Document record = client.getDatabase(parted).getCollection("ferry_runs").find().first();
      assertThat(record.get("settings", Document.class).getString("runner")).isEqualTo("spark");
      assertThat(record.getString("status")).isEqualTo("completed");
    }

    Result again = spark(args(db, parted, "--partitions", "3", "--master", "local[2]"));
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.counts().get("inserted", Number.class).longValue()).isZero();
    assertThat(again.counts().get("updated", Number.class).longValue()).isZero();
    assertThat(again.json().get("sync", Document.class).getString("mode")).isEqualTo("incremental");
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndNothingIsDuplicated() throws Exception {
    TestDatabase db = seeded(800);
    String single = MongoTestSupport.freshDatabase();
    String parted = MongoTestSupport.freshDatabase();
    migrate(args(db, single));
    System.setProperty("ferry.spark.failFirstAttempt", "true");
    Result job;
    try {
      // local[2,2]: each task may fail once and is then retried.
      job = spark(args(db, parted, "--partitions", "3", "--master", "local[2,2]"));
    } finally {
      System.clearProperty("ferry.spark.failFirstAttempt");
    }
    assertThat(job.exit()).as(job.err()).isZero();
    assertThat(target(parted, "orders")).isEqualTo(target(single, "orders"));
  }

  @Test
  void sparkTasksReadTheDriversSnapshotNotChangesMadeWhileTheJobRuns() throws Exception {
    TestDatabase db = seeded(600);
    String parted = MongoTestSupport.freshDatabase();
    String[] ferryArgs = args(db, parted, "--partitions", "3").toArray(String[]::new);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit;
    try (JavaSparkContext spark =
        new JavaSparkContext(new SparkConf().setAppName("snapshot-test").setMaster("local[2]"))) {
      exit =
          Distributed.migrate(
              ferryArgs,
              run -> {
                // The driver has exported its snapshot and cut the ranges; every task still to
                // start must read the orders as they were then, not these changes.
                try (Connection c = db.superuserConnection();
                    Statement s = c.createStatement()) {
                  s.executeUpdate("UPDATE orders SET status = 'changed-later'");
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
                return SparkMigrate.carry(spark, run, ferryArgs);
              },
              new PrintWriter(out, true),
              new PrintWriter(err, true));
    }
    assertThat(exit).as(err.toString()).isZero();
    List<Document> stored = new ArrayList<>();
    try (var client = MongoTestSupport.client()) {
      client.getDatabase(parted).getCollection("orders").find().into(stored);
    }
    assertThat(stored)
        .hasSizeGreaterThan(500)
        .allSatisfy(d -> assertThat(d.getString("status")).isNotEqualTo("changed-later"));
    // The next job sees the change: every stored order is replaced.
    Result next = spark(args(db, parted, "--partitions", "3", "--master", "local[2]"));
    assertThat(next.exit()).as(next.err()).isZero();
    assertThat(next.counts().get("updated", Number.class).longValue()).isEqualTo(stored.size());
  }

  @Test
  void morePartitionsThanOrdersWork() throws Exception {
    TestDatabase db = seeded(5);
    String parted = MongoTestSupport.freshDatabase();
    Result job = spark(args(db, parted, "--partitions", "12", "--master", "local[2]"));
    assertThat(job.exit()).as(job.err()).isZero();
    Document counts = job.counts();
    assertThat(
            counts.get("inserted", Number.class).longValue()
                + counts.get("rejected", Number.class).longValue())
        .isEqualTo(5);
  }
}
