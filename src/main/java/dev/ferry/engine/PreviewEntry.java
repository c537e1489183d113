package dev.ferry.engine;

import dev.ferry.core.MappingResult;
import java.util.Objects;

/**
 * What Ferry would do with one order: its mapping (document with the facts behind it, or the
 * rejection reasons) and how that compares with the current target.
 *
 * @param result the mapping result
 * @param target the comparison with the target
 */
public record PreviewEntry(MappingResult result, TargetComparison target) {
  public PreviewEntry {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(target, "target");
  }
}
