package dev.ferry.cli;

import dev.ferry.engine.ProgressListener;
import dev.ferry.engine.RunProgress;
import java.io.PrintWriter;

/** Progress on stderr, at most every two seconds, so that stdout stays for the result. */
final class ProgressPrinter implements ProgressListener {
  private static final long INTERVAL_NANOS = 2_000_000_000L;

  private final PrintWriter err;
  private final boolean enabled;
  private long lastPrint = System.nanoTime();
  private boolean printed;

  ProgressPrinter(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  @Override
  public void onProgress(RunProgress p) {
    long now = System.nanoTime();
    if (!enabled || now - lastPrint < INTERVAL_NANOS) {
      return;
    }
    lastPrint = now;
    printed = true;
    err.printf(
        "%,d / %,d orders (%.0f%%), %,.0f orders/s, ETA %s — %d inserted, %d updated, %d unchanged, %d rejected%n",
        p.processed(),
        p.total(),
        p.fraction() * 100,
        p.ordersPerSecond(),
        p.eta().map(d -> d.toSeconds() + " s").orElse("?"),
        p.counts().inserted(),
        p.counts().updated(),
        p.counts().unchanged(),
        p.counts().rejected());
    err.flush();
  }

  void done() {
    if (printed) {
      err.flush();
    }
  }
}
