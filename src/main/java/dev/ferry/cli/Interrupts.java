package dev.ferry.cli;

import dev.ferry.engine.CancellationToken;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl+C handling: the JVM's shutdown hook cancels the run and waits (a few seconds at most) until
 * the command has left its session, so the target is left consistent and the run is recorded as
 * cancelled. The hook is the one thread the CLI starts, because the JVM only takes threads as
 * shutdown hooks.
 */
final class Interrupts implements AutoCloseable {
  private static final long GRACE_SECONDS = 15;

  private final Thread hook;
  private final CountDownLatch finished = new CountDownLatch(1);

  private Interrupts(CancellationToken cancel) {
    this.hook =
        new Thread(
            () -> {
              cancel.cancel();
              try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "ferry-ctrl-c");
  }

  static Interrupts cancelOnCtrlC(CancellationToken cancel) {
    Interrupts interrupts = new Interrupts(cancel);
    Runtime.getRuntime().addShutdownHook(interrupts.hook);
    return interrupts;
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down (Ctrl+C): the hook is running and now sees we are done.
    }
  }
}
