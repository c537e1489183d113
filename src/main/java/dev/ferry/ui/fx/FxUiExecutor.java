package dev.ferry.ui.fx;

import dev.ferry.app.Workers;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX {@link UiExecutor}: owns the application's single {@link ExecutorService} and posts
 * results with {@link Platform#runLater}.
 *
 * <p>Contract: created once by the application and {@link #shutdown() shut down} on exit; the
 * worker threads are not daemons, so work handed over at exit (saving the window state, stopping
 * the demo servers) finishes before the JVM ends. Failures of background work are logged and handed
 * to the failure callback, never swallowed.
 */
public final class FxUiExecutor implements UiExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(FxUiExecutor.class);

  private final ExecutorService executor;

  /** Creates the application's executor. */
  public FxUiExecutor() {
    // Cached: a run, a verification, a preview and a connection test may overlap; idle threads
    // expire after a minute. Not daemons: see the class comment.
    this.executor = Workers.pool("ferry-worker", false);
  }

  @Override
  public <T> Future<T> submit(
      Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
    Objects.requireNonNull(work, "work");
    CompletableFuture<T> result = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            T value = work.call();
            result.complete(value);
            Platform.runLater(() -> onSuccess.accept(value));
          } catch (Throwable e) { // NOPMD - every failure must reach the user
            LOG.warn("background work failed: {}", e.toString(), e);
            result.completeExceptionally(e);
            Platform.runLater(() -> onFailure.accept(e));
          }
        });
    return result;
  }

  @Override
  public void onUi(Runnable action) {
    Platform.runLater(action);
  }

  @Override
  public <T> T callOnUi(Callable<T> action) {
    if (Platform.isFxApplicationThread()) {
      throw new IllegalStateException("callOnUi would block the FX thread");
    }
    FutureTask<T> task = new FutureTask<>(action);
    Platform.runLater(task);
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the user", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  /** Stops accepting work; running work (saving, stopping servers) completes in the background. */
  public void shutdown() {
    executor.shutdown();
  }

  /** Waits up to {@code seconds} for the background work to end (tests; never on the FX thread). */
  public boolean awaitTermination(long seconds) throws InterruptedException {
    return executor.awaitTermination(seconds, TimeUnit.SECONDS);
  }
}
