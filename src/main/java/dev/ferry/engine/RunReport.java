package dev.ferry.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * What a run ended with.
 *
 * @param run the run as recorded (status, counts, promotion issues, failure sentence)
 * @param dryRun whether nothing was written
 * @param cause the exception behind a failed run, for {@code --verbose} output and logs
 */
public record RunReport(RunRecord run, boolean dryRun, Optional<Throwable> cause) {
  public RunReport {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(cause, "cause");
  }
}
