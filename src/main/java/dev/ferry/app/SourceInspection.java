package dev.ferry.app;

import dev.ferry.analysis.AnalysisOptions;
import dev.ferry.analysis.SourceAnalysis;
import dev.ferry.analysis.SourceAnalyzer;
import dev.ferry.core.MappingSettings;
import dev.ferry.source.MappingCheck;
import dev.ferry.source.PostgresSettings;
import dev.ferry.source.SourceSchema;
import dev.ferry.tunnel.HostKeyPrompt;
import dev.ferry.tunnel.SshTunnelSettings;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the source to judge it, read-only: the analysis behind {@code inspect} and the Analysis
 * screen, and the checks of an edited mapping against the data.
 *
 * <p>Contract: every method blocks and belongs on a background thread; nothing is written to the
 * source. Checks come back as {@link SourceAnalysis.Check}s whether the analysis or a later check
 * made them, so a face shows both the same way; {@link #VERDICT_NO} and {@link #VERDICT_PARTLY} are
 * their verdicts for a check that fails entirely or in part.
 */
public final class SourceInspection {
  /** The verdict of a check that no value passes: the pick is almost certainly wrong. */
  public static final String VERDICT_NO = verdict(MappingCheck.Verdict.NO);

  /** The verdict of a check that some values fail (those orders are rejected). */
  public static final String VERDICT_PARTLY = verdict(MappingCheck.Verdict.PARTLY);

  private SourceInspection() {}

  /**
   * Analyzes the source of an open session (through its tunnel), with the session's schema, roles
   * and mapping rules.
   */
  public static SourceAnalysis analyze(FerrySession session, AnalysisOptions options) {
    return SourceAnalyzer.analyze(
        session.reachableSource(), session.job().mapping(), options, Workers.watchdogs());
  }

  /**
   * Analyzes {@code source}, through a tunnel opened for the duration when {@code tunnel} is
   * present (no target needed: {@code inspect}).
   */
  public static SourceAnalysis analyze(
      PostgresSettings source,
      Optional<SshTunnelSettings> tunnel,
      HostKeyPrompt hostKeys,
      MappingSettings mapping,
      AnalysisOptions options) {
    return FerrySession.withSource(
        source,
        tunnel,
        hostKeys,
        reachable -> SourceAnalyzer.analyze(reachable, mapping, options, Workers.watchdogs()));
  }

  /**
   * Checks the schema, roles and rules of {@code edited} against the data of {@code session}'s
   * source (same connection, same tunnel), one check per claim.
   *
   * @throws RuntimeException when the edited roles do not resolve or the source cannot be reached
   */
  public static List<SourceAnalysis.Check> checkMapping(FerrySession session, JobSettings edited) {
    PostgresSettings source =
        session
            .reachableSource()
            .withSchema(edited.source().schema())
            .withRoles(edited.source().roles());
    return checks(MappingCheck.check(source, edited.mapping()));
  }

  /**
   * Opens a session for {@code next} and checks, before handing it out, that its roles resolve and
   * that no check of the mapping against the data fails entirely — so a mapping that does not fit
   * the source fails here and not in the middle of the next run.
   *
   * @throws IllegalStateException naming the check the data contradicts (the session is closed)
   * @throws RuntimeException when the session cannot be opened or the roles do not resolve
   */
  public static Checked openChecked(JobSettings next, HostKeyPrompt hostKeys) {
    Objects.requireNonNull(next, "next");
    FerrySession opened = FerrySession.open(next, hostKeys);
    try {
      SourceSchema resolved = opened.resolveSchema();
      List<SourceAnalysis.Check> results =
          checks(MappingCheck.check(opened.reachableSource(), resolved, next.mapping()));
      Optional<SourceAnalysis.Check> wrong =
          results.stream().filter(r -> r.verdict().equals(VERDICT_NO)).findFirst();
      if (wrong.isPresent()) {
        throw new IllegalStateException(
            "the data contradicts the mapping: "
                + wrong.get().sentence()
                + ". Pick another candidate.");
      }
      return new Checked(opened, results);
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  /**
   * A session opened by {@link #openChecked}, with the checks it passed.
   *
   * @param session the open session (the caller owns it)
   * @param checks the checks of the mapping against the data
   */
  public record Checked(FerrySession session, List<SourceAnalysis.Check> checks) {
    public Checked {
      Objects.requireNonNull(session, "session");
      checks = List.copyOf(checks);
    }
  }

  private static List<SourceAnalysis.Check> checks(List<MappingCheck.Result> results) {
    return results.stream()
        .map(
            r ->
                new SourceAnalysis.Check(
                    r.claim(), verdict(r.verdict()), r.passed(), r.total(), r.sentence()))
        .toList();
  }

  /**
   * As the analysis words a verdict: {@code yes}, {@code partly}, {@code no}, {@code not checked}.
   */
  private static String verdict(MappingCheck.Verdict verdict) {
    return verdict.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
