package dev.ferry.engine;

/**
 * Receives progress events on the run's own thread; implementations hand them to a UI thread
 * themselves and must return quickly.
 */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores events. */
  ProgressListener NONE = progress -> {};

  void onProgress(RunProgress progress);
}
