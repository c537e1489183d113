package dev.ferry.app;

import dev.ferry.analysis.SourceAnalysis;
import dev.ferry.core.MappingSettings;
import java.util.Objects;

/**
 * The job file {@code inspect --write-job} proposes: what the user gave, completed with what the
 * analysis found.
 *
 * <p>Contract: the schema and every table and column Ferry resolved are written out explicitly (so
 * a later change in the database cannot silently re-route a role), and so is the tax-rate format
 * the data implies; everything else — connection, zone, money rules, overrides, target, reject
 * policy — is taken from {@code base} unchanged. Never a password. Refuses (with {@link
 * IllegalStateException}) an analysis in which Ferry cannot read the source.
 */
public final class JobProposal {
  private JobProposal() {}

  /** {@code base} completed with the roles and rules found by {@code analysis}. */
  public static JobFile from(SourceAnalysis analysis, JobFile base) {
    Objects.requireNonNull(analysis, "analysis");
    Objects.requireNonNull(base, "base");
    SourceAnalysis.Roles roles = analysis.roles();
    if (!roles.ready() || roles.mapping().isEmpty()) {
      throw new IllegalStateException(
          "Ferry cannot read this source, so no job file was written: "
              + String.join("; ", roles.problems()));
    }
    JobFile.Source source =
        new JobFile.Source(
            base.source().url(),
            base.source().user(),
            base.source().passwordEnv(),
            roles.schema(),
            roles.mapping().get());
    MappingSettings mapping =
        analysis.rules().taxRate().map(base.mapping()::withTaxRate).orElse(base.mapping());
    return base.withSource(source).withMapping(mapping);
  }
}
