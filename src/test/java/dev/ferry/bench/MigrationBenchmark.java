package dev.ferry.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.ferry.app.DemoDataGenerator;
import dev.ferry.app.FerrySession;
import dev.ferry.app.JobSettings;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.OrderDocument;
import dev.ferry.core.OrderItem;
import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.CompareMode;
import dev.ferry.engine.ProgressListener;
import dev.ferry.engine.RunOptions;
import dev.ferry.engine.RunReport;
import dev.ferry.sink.MongoSettings;
import dev.ferry.sink.OrderBsonMapper;
import dev.ferry.source.PostgresSettings;
import dev.ferry.tunnel.HostKeyPrompt;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonDocument;
import org.bson.Document;

/**
 * Measures a first migration, an unchanged re-run and the sink's ceiling (pre-built documents
 * written straight to the same server with insertMany) for N generated orders.
 *
 * <p>Run it through {@code scripts/benchmark.sh}, which starts the Mongo wire server in another JVM
 * (unless {@code MONGO_URI} names a server to measure instead) and runs this one with {@code
 * -Xmx256m}. Argument: orders; the connection string comes from the environment variable {@code
 * MONGO_URI} (so that a password never shows in the process list), or a second argument. The target
 * is described (server, version, topology) before anything is measured, and the benchmark's
 * database is new and dropped at the end, so a real server keeps nothing.
 */
public final class MigrationBenchmark {
  private static final int BATCH = 1000;

  /** insertMany ceilings measured; the median is the one compared with. */
  private static final int CEILING_ROUNDS = 3;

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private MigrationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int orders = Integer.parseInt(args[0]);
    String mongo =
        args.length > 1
            ? args[1]
            : Optional.ofNullable(System.getenv("MONGO_URI"))
                .filter(s -> !s.isBlank())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException("give MONGO_URI=mongodb://… (or a 2nd arg)"));
    System.out.printf(
        "machine: %s, %d cores, java %s, max heap %d MiB%n",
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf("target: %s%n", describeTarget(mongo));
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      long t0 = System.nanoTime();
      DemoDataGenerator.Counts counts;
      try (Connection c = pg.getPostgresDatabase().getConnection()) {
        DemoDataGenerator.createSchema(c);
        counts = DemoDataGenerator.seed(c, orders, 1L);
      }
      System.out.printf(
          "generated %,d orders, %,d items in %.1f s%n",
          counts.orders(), counts.items(), seconds(System.nanoTime() - t0));

      String db = "bench_" + orders + "_" + Long.toString(System.currentTimeMillis(), 36);
      JobSettings job =
          JobSettings.of(
                  PostgresSettings.of(
                      "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres",
                      "postgres",
                      Optional.empty()),
                  MongoSettings.of(mongo, db, "orders"),
                  MappingSettings.defaults())
              .withBatchSize(BATCH);
      Result first = run("first migrate", job, orders, false);
      Result rerun = run("unchanged re-run", job, orders, false);
      int changed = Math.max(1, orders / 100);
      int deleted = Math.max(1, orders / 1000);
      try (Connection c = pg.getPostgresDatabase().getConnection();
          java.sql.Statement s = c.createStatement()) {
        // 1 % of orders changed (their status), 0.1 % deleted with their lines, spread evenly.
        s.execute(
            "UPDATE orders SET status = 'returned' WHERE uid IN (SELECT uid FROM orders"
                + " ORDER BY md5(uid::text) LIMIT "
                + changed
                + ")");
        s.execute(
            "CREATE TEMP TABLE gone AS SELECT uid FROM orders ORDER BY md5(uid::text || 'x') LIMIT "
                + deleted);
        s.execute("DELETE FROM order_items WHERE order_uid IN (SELECT uid FROM gone)");
        s.execute("DELETE FROM orders WHERE uid IN (SELECT uid FROM gone)");
      }
      Result partial =
          run(
              String.format("re-run after %,d changed, %,d deleted", changed, deleted),
              job,
              orders,
              true);
      // The stand-in server's own rate drifts by ±15 % between back-to-back runs of the same
      // insertMany (its collector), so one measurement would make the ratio below a coin toss.
      double[] ceilings = new double[CEILING_ROUNDS];
      for (int i = 0; i < CEILING_ROUNDS; i++) {
        ceilings[i] = ceiling(mongo, db, orders, false);
      }
      Arrays.sort(ceilings);
      double ceiling = ceilings[CEILING_ROUNDS / 2];
      double upserts = ceiling(mongo, db, orders, true);
      System.out.printf(
          "sink ceiling (pre-built documents, batches of %d, unordered): insertMany %,.0f docs/s"
              + " (median of %d: %,.0f to %,.0f), ReplaceOne upserts %,.0f docs/s%n",
          BATCH, ceiling, CEILING_ROUNDS, ceilings[0], ceilings[CEILING_ROUNDS - 1], upserts);
      System.out.printf(
          "first migrate / insertMany ceiling: %.2f (/ upsert ceiling: %.2f); unchanged re-run"
              + " %.1fx faster than the first migrate; re-run after changes %.1fx faster%n",
          first.rate() / ceiling,
          first.rate() / upserts,
          first.seconds() / rerun.seconds(),
          first.seconds() / partial.seconds());
      try (MongoClient client = MongoClients.create(mongo)) {
        client.getDatabase(db).drop();
      }
    }
  }

  /**
   * What answers at {@code mongo}, without credentials: e.g. {@code MongoDB 7.0.14 (mongod),
   * replica set rs0, at db1:27017} or {@code mongo-java-server reporting 5.0.0, standalone, at
   * 127.0.0.1:41234}.
   */
  static String describeTarget(String mongo) {
    try (MongoClient client = MongoClients.create(mongo)) {
      var admin = client.getDatabase("admin");
      Document build = admin.runCommand(new Document("buildInfo", 1));
      Document hello = admin.runCommand(new Document("isMaster", 1));
      String process;
      try {
        process = String.valueOf(admin.runCommand(new Document("serverStatus", 1)).get("process"));
      } catch (RuntimeException e) {
        process = "serverStatus not allowed";
      }
      String server =
          "java".equals(process)
              ? "mongo-java-server reporting " + build.get("version")
              : (build.containsKey("gitVersion") ? "MongoDB " : "a MongoDB-compatible server ")
                  + build.get("version")
                  + " ("
                  + process
                  + ")";
      String topology =
          hello.containsKey("setName")
              ? "replica set " + hello.get("setName")
              : "mongos".equals(process) ? "sharded cluster router" : "standalone";
      return server
          + ", "
          + topology
          + ", at "
          + String.join(",", new com.mongodb.ConnectionString(mongo).getHosts());
    }
  }

  /** One measured run. */
  private record Result(double seconds, double rate) {}

  private static Result run(String label, JobSettings job, int orders, boolean deleteMissing) {
    System.gc();
    AtomicLong peak = new AtomicLong();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(
        () -> peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max),
        0,
        20,
        TimeUnit.MILLISECONDS);
    LiveHeap live = LiveHeap.watch();
    long cpuBefore = processCpuNanos();
    long start = System.nanoTime();
    RunReport report;
    try (FerrySession session = FerrySession.open(job, HostKeyPrompt.REFUSE)) {
      report =
          session
              .engine()
              .migrate(
                  new RunOptions(BATCH, false, Map.of(), deleteMissing, CompareMode.STATE),
                  ProgressListener.NONE,
                  new CancellationToken());
    } finally {
      sampler.shutdownNow();
      live.stop();
    }
    double secs = seconds(System.nanoTime() - start);
    double cpu = seconds(processCpuNanos() - cpuBefore);
    double rate = orders / secs;
    System.out.printf(
        "%s: %s (%s) in %.2f s = %,.0f orders/s; Ferry's CPU %.1f s (%.1f µs per order, JIT"
            + " and GC included); counts %s; heap: peak used %d MiB (garbage included, sampled every"
            + " 20 ms), max live after GC %d MiB over %d GCs%n",
        label,
        report.run().status().label(),
        report.run().sync().map(s -> s.mode().label()).orElse("?"),
        secs,
        rate,
        cpu,
        cpu * 1e6 / orders,
        report.run().counts(),
        peak.get() >> 20,
        live.maxAfterGc() >> 20,
        live.collections());
    return new Result(secs, rate);
  }

  /**
   * Writes as many pre-built documents of the same shape straight to the server, unordered in
   * batches like the sink: with insertMany, or as ReplaceOne upserts.
   */
  private static double ceiling(String mongo, String db, int orders, boolean upsert) {
    Random random = new Random(3);
    long nanos = 0;
    try (MongoClient client = MongoClients.create(mongo)) {
      MongoCollection<BsonDocument> collection =
          client.getDatabase(db).getCollection("ceiling", BsonDocument.class);
      List<BsonDocument> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < orders; i++) {
        batch.add(OrderBsonMapper.toBson(document(i, random)));
        if (batch.size() == BATCH || i == orders - 1) {
          long start = System.nanoTime();
          if (upsert) {
            List<com.mongodb.client.model.ReplaceOneModel<BsonDocument>> models = new ArrayList<>();
            for (BsonDocument document : batch) {
              models.add(
                  new com.mongodb.client.model.ReplaceOneModel<>(
                      com.mongodb.client.model.Filters.eq("_id", document.get("_id")),
                      document,
                      new com.mongodb.client.model.ReplaceOptions().upsert(true)));
            }
            collection.bulkWrite(
                models, new com.mongodb.client.model.BulkWriteOptions().ordered(false));
          } else {
            collection.insertMany(
                batch, new com.mongodb.client.model.InsertManyOptions().ordered(false));
          }
          nanos += System.nanoTime() - start;
          batch.clear();
        }
      }
      collection.drop();
    }
    return orders / seconds(nanos);
  }

  static OrderDocument document(int i, Random random) {
    List<OrderItem> items = new ArrayList<>();
    int lines = 1 + random.nextInt(5);
    for (int l = 0; l < lines; l++) {
      items.add(
          new OrderItem(
              java.util.UUID.randomUUID().toString(),
              BigDecimal.valueOf(1 + random.nextInt(6)),
              new BigDecimal("123.45"),
              Optional.of("Galletas María 120g"),
              Optional.of("Gamesa")));
    }
    return new OrderDocument(
        java.util.UUID.randomUUID().toString(),
        Instant.ofEpochSecond(1_780_000_000L + i),
        java.util.UUID.randomUUID().toString(),
        Optional.of("Abarrotes La Esperanza 12"),
        Optional.of("Av. Reforma 120, CDMX"),
        Optional.of(19.4),
        Optional.of(-99.1),
        Optional.of("delivered"),
        new BigDecimal("370.35"),
        new BigDecimal("59.26"),
        new BigDecimal("429.61"),
        false,
        Optional.of("Gamesa"),
        items);
  }

  /** CPU time of this whole JVM (every thread, the collector's and the compiler's too). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .orElse("unknown CPU");
    } catch (Exception e) {
      return "unknown CPU";
    }
  }
}
