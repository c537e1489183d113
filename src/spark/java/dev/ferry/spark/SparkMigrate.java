package dev.ferry.spark;

import dev.ferry.cli.Distributed;
import dev.ferry.engine.DistributedRun;
import dev.ferry.engine.RangeOutcome;
import dev.ferry.engine.RangeTask;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration as an Apache Spark job: {@code spark-submit --class dev.ferry.spark.SparkMigrate
 * ferry-spark.jar --job job.yaml [--partitions N] [migrate options]}.
 *
 * <p>The driver opens the source read-only, exports its snapshot and cuts the orders into N uid
 * ranges ({@link dev.ferry.engine.MigrationEngine#distribute}); each Spark task carries one range
 * with the same reader, core mapper and sink as {@code ferry migrate}, against the imported
 * snapshot ({@link Distributed#runPart}); the driver merges the counts into one run record in
 * {@code ferry_runs} (settings {@code runner=spark}, and the parts). A task that fails is retried
 * by Spark (a part is safe to repeat); the job ends with the same summary as {@code migrate}
 * ({@code --json}: the same last line). Secrets come from each machine's environment, never in the
 * job or the task.
 *
 * <p>{@code --master URL} sets the Spark master for runs outside spark-submit ({@code
 * scripts/spark-local.sh}). For tests only, the system property {@code
 * ferry.spark.failFirstAttempt} makes every part's first attempt stop half way and fail, so that
 * Spark's retry is exercised.
 */
public final class SparkMigrate {
  private static final Logger LOG = LoggerFactory.getLogger(SparkMigrate.class);

  /** How often the driver tells other runs this one is alive while the parts work. */
  private static final long HEARTBEAT_SECONDS = 5;

  private SparkMigrate() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the job (for tests: with the given streams) and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    Optional<String> master = take(rest, "--master");
    String[] ferryArgs = rest.toArray(String[]::new);
    SparkConf conf = new SparkConf().setAppName("ferry-migrate");
    master.ifPresent(conf::setMaster);
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      return Distributed.migrate(ferryArgs, run -> carry(spark, run, ferryArgs), out, err);
    }
  }

  /**
   * Runs every part as a Spark task, one per partition; returns the outcomes in task order.
   * Package-private for the snapshot test, which changes the source between the driver's snapshot
   * and the first task.
   */
  static List<RangeOutcome> carry(JavaSparkContext spark, DistributedRun run, String[] ferryArgs) {
    List<PartSpec> specs = PartSpec.of(run.tasks());
    ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
    heartbeat.scheduleWithFixedDelay(
        () -> {
          try {
            run.heartbeat();
          } catch (RuntimeException e) {
            LOG.warn("heartbeat of run {} failed: {}", run.runId(), e.getMessage());
          }
        },
        HEARTBEAT_SECONDS,
        HEARTBEAT_SECONDS,
        TimeUnit.SECONDS);
    try {
      List<PartResult> results =
          spark
              .parallelize(specs, Math.max(1, specs.size()))
              .map(spec -> part(spec, ferryArgs))
              .collect();
      List<PartResult> sorted = new ArrayList<>(results);
      sorted.sort(Comparator.comparingInt(PartResult::index));
      List<RangeOutcome> outcomes = new ArrayList<>();
      for (PartResult result : sorted) {
        RangeTask task = run.tasks().get(result.index());
        outcomes.add(result.outcome(task.range()));
      }
      return outcomes;
    } finally {
      heartbeat.shutdownNow();
    }
  }

  /**
   * One Spark task: carries its part; a failed part throws, so that Spark retries it (the retry
   * converges: a part is safe to repeat).
   */
  static PartResult part(PartSpec spec, String[] ferryArgs) {
    RangeTask task = spec.task();
    TaskContext context = TaskContext.get();
    if (Boolean.getBoolean("ferry.spark.failFirstAttempt")
        && context != null
        && context.attemptNumber() == 0) {
      // Test hook: carry the part, then fail as if the executor died after writing it.
      Distributed.runPart(ferryArgs, task);
      throw new IllegalStateException(
          "first attempt of part " + spec.index() + " failed on purpose");
    }
    RangeOutcome outcome = Distributed.runPart(ferryArgs, task);
    PartResult result = new PartResult(spec.index(), outcome);
    if (result.failed()) {
      throw new IllegalStateException(
          "part " + spec.index() + " " + task.range() + " failed: " + result.failure());
    }
    return result;
  }

  /** Removes {@code --name VALUE} (or {@code --name=VALUE}) from {@code args}. */
  private static Optional<String> take(List<String> args, String name) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(name) && i + 1 < args.size()) {
        String value = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return Optional.of(value);
      }
      if (arg.startsWith(name + "=")) {
        args.remove(i);
        return Optional.of(arg.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }
}
