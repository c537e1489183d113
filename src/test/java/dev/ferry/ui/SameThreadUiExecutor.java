package dev.ferry.ui;

import dev.ferry.ui.fx.UiExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A {@link UiExecutor} that runs everything at once on the calling thread, for view-model tests.
 */
public final class SameThreadUiExecutor implements UiExecutor {
  @Override
  public <T> Future<T> submit(
      Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
    try {
      T value = work.call();
      onSuccess.accept(value);
      return CompletableFuture.completedFuture(value);
    } catch (Exception e) {
      onFailure.accept(e);
      return CompletableFuture.failedFuture(e);
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
