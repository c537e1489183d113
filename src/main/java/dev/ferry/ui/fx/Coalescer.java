package dev.ferry.ui.fx;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands the latest of a stream of values to the UI thread, dropping the ones the UI had no time to
 * show.
 *
 * <p>Contract: {@link #publish} may be called from any thread at any rate and never blocks; at most
 * one hand-over is pending at a time, and the consumer always ends up seeing the last value
 * published. This is what keeps a fast run from flooding the FX event queue.
 */
public final class Coalescer<T> {
  private final UiExecutor ui;
  private final Consumer<? super T> consumer;
  private final AtomicReference<T> latest = new AtomicReference<>();

  /** Delivers values to {@code consumer} on the UI thread of {@code ui}. */
  public Coalescer(UiExecutor ui, Consumer<? super T> consumer) {
    this.ui = Objects.requireNonNull(ui, "ui");
    this.consumer = Objects.requireNonNull(consumer, "consumer");
  }

  /** Publishes {@code value}; it replaces any value not yet delivered. */
  public void publish(T value) {
    Objects.requireNonNull(value, "value");
    if (latest.getAndSet(value) == null) {
      ui.onUi(this::drain);
    }
  }

  private void drain() {
    T value = latest.getAndSet(null);
    if (value != null) {
      consumer.accept(value);
    }
  }
}
