package dev.ferry.ui.fx;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The one hand-over between the UI thread and the background.
 *
 * <p>Contract: {@link #submit} runs {@code work} off the UI thread and then exactly one of the two
 * callbacks on the UI thread; {@link #onUi} posts an action to the UI thread; {@link #callOnUi}
 * runs an action on the UI thread and blocks the calling background thread until it returns (used
 * for questions the user must answer, such as an unknown SSH host key). View models depend on this
 * interface only, so they can be unit-tested with a same-thread implementation.
 */
public interface UiExecutor {

  /** Runs {@code work} in the background; its result or failure comes back on the UI thread. */
  <T> Future<T> submit(
      Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

  /** Posts {@code action} to the UI thread. */
  void onUi(Runnable action);

  /**
   * Runs {@code action} on the UI thread and waits for its result; never call it on the UI thread.
   */
  <T> T callOnUi(Callable<T> action);
}
