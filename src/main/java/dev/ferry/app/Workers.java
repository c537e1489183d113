package dev.ferry.app;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place that makes threads: every pool of the application is created here, named so a
 * thread dump says whose it is, and marked daemon or not on purpose (the architecture test forbids
 * {@code new Thread} and {@code Executors.new*} elsewhere).
 *
 * <p>Contract: {@link #pool} returns a new cached pool its caller owns and shuts down; {@link
 * #watchdogs()} is one process-wide scheduler of daemon threads for liveness checks during long
 * waits, whose idle threads end after a minute, so it never keeps the JVM alive and needs no
 * shutdown.
 */
public final class Workers {
  private static final long IDLE_SECONDS = 60;

  /**
   * Two threads: a check blocks up to the connect and read timeouts, and a second long wait (a
   * preview beside a run) should not wait behind the first one's check.
   */
  private static final ScheduledExecutorService WATCHDOGS = watchdogPool();

  private Workers() {}

  /**
   * A new cached pool (threads made on demand, ended after a minute idle) whose threads are named
   * {@code name-1}, {@code name-2}, …; {@code daemon} threads do not keep the JVM alive, the others
   * let work handed over at exit finish. The caller owns the pool and shuts it down.
   */
  public static ExecutorService pool(String name, boolean daemon) {
    return Executors.newCachedThreadPool(named(name, daemon));
  }

  /**
   * The shared scheduler of the source's liveness checks (daemon threads {@code ferry-watchdog-N}).
   */
  public static ScheduledExecutorService watchdogs() {
    return WATCHDOGS;
  }

  private static ScheduledExecutorService watchdogPool() {
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(2, named("ferry-watchdog", true));
    pool.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
    pool.allowCoreThreadTimeOut(true);
    // A stopped watchdog is cancelled; do not keep it queued until its next turn.
    pool.setRemoveOnCancelPolicy(true);
    return Executors.unconfigurableScheduledExecutorService(pool);
  }

  private static ThreadFactory named(String name, boolean daemon) {
    Objects.requireNonNull(name, "name");
    AtomicInteger count = new AtomicInteger();
    ThreadFactory base = Executors.defaultThreadFactory();
    return runnable -> {
      Thread thread = base.newThread(runnable);
      thread.setName(name + "-" + count.incrementAndGet());
      thread.setDaemon(daemon);
      return thread;
    };
  }
}
