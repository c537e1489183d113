package dev.ferry.spark;

import dev.ferry.app.DemoDataGenerator;
import dev.ferry.cli.FerryCli;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.util.List;

/**
 * The Spark row of the benchmark: the same N generated orders migrated by the single-node engine
 * and by the Spark job in local mode (default {@code local[2]}), into two databases of the same
 * MongoDB wire server, in one run. Arguments: orders, Mongo connection string, [master],
 * [partitions]. Run it through {@code scripts/benchmark.sh N spark}.
 */
public final class SparkBenchmark {
  private SparkBenchmark() {}

  public static void main(String[] args) throws Exception {
    int orders = Integer.parseInt(args[0]);
    String mongo = args[1];
    String master = args.length > 2 ? args[2] : "local[2]";
    String partitions = args.length > 3 ? args[3] : "8";
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection()) {
        DemoDataGenerator.createSchema(c);
        DemoDataGenerator.seed(c, orders, 1L);
      }
      List<String> common =
          List.of(
              "--pg-url",
              "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres",
              "--pg-user",
              "postgres",
              "--mongo-uri",
              mongo,
              "--json");
      long single = time(() -> cli("migrate", common, "--mongo-db", "single_" + orders));
      long parted =
          time(
              () ->
                  spark(
                      common,
                      "--mongo-db",
                      "spark_" + orders,
                      "--master",
                      master,
                      "--partitions",
                      partitions));
      System.out.printf(
          "single-node migrate: %,d orders in %.1f s = %,.0f orders/s%n",
          orders, single / 1e9, orders / (single / 1e9));
      System.out.printf(
          "spark job (%s, %s partitions, Spark start included): %,d orders in %.1f s = %,.0f"
              + " orders/s%n",
          master, partitions, orders, parted / 1e9, orders / (parted / 1e9));
    }
  }

  private static long time(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return System.nanoTime() - start;
  }

  private static void cli(String command, List<String> common, String... more) {
    String[] args = concat(List.of(command), common, more);
    check(FerryCli.run(args, quiet(), quiet()), "migrate");
  }

  private static void spark(List<String> common, String... more) {
    check(SparkMigrate.run(concat(List.of(), common, more), quiet(), quiet()), "spark job");
  }

  private static String[] concat(List<String> head, List<String> common, String... more) {
    java.util.ArrayList<String> all = new java.util.ArrayList<>(head);
    all.addAll(common);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static void check(int exit, String what) {
    if (exit != 0) {
      throw new IllegalStateException(what + " exited with " + exit);
    }
  }

  private static PrintWriter quiet() {
    return new PrintWriter(new StringWriter(), true);
  }
}
