package dev.ferry.ui;

import dev.ferry.ui.fx.UiExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A {@link UiExecutor} that holds background work until the test runs it, in any order: for
 * view-model tests of answers that arrive late or out of order. Everything runs on the test's
 * thread.
 */
public final class QueuedUiExecutor implements UiExecutor {
  private final List<Runnable> pending = new ArrayList<>();

  @Override
  public <T> Future<T> submit(
      Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
    CompletableFuture<T> future = new CompletableFuture<>();
    pending.add(
        () -> {
          T value;
          try {
            value = work.call();
          } catch (Exception e) {
            future.completeExceptionally(e);
            onFailure.accept(e);
            return;
          }
          future.complete(value);
          onSuccess.accept(value);
        });
    return future;
  }

  /** How many submitted tasks wait. */
  public int pending() {
    return pending.size();
  }

  /** Runs the waiting task at {@code index} (0 = the oldest) and its callback. */
  public void run(int index) {
    pending.remove(index).run();
  }

  /** Runs every waiting task, oldest first, including those submitted meanwhile. */
  public void runAll() {
    while (!pending.isEmpty()) {
      run(0);
    }
  }

  @Override
  public void onUi(Runnable action) {
    action.run();
  }

  @Override
  public <T> T callOnUi(Callable<T> action) {
    try {
      return action.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
