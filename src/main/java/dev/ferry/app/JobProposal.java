package dev.ferry.app;

import dev.ferry.analysis.SourceAnalysis;
import dev.ferry.analysis.SourceAnalysis.Question;
import dev.ferry.analysis.SourceAnalysis.RoleCandidate;
import dev.ferry.analysis.SourceAnalysis.RoleRanking;
import dev.ferry.core.MappingSettings;
import dev.ferry.source.RoleMapping;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The job file {@code inspect --write-job} proposes: what the user gave, completed with what the
 * analysis found — always, whatever it found.
 *
 * <p>Contract: never a dead end. The schema and every table and column Ferry chose are written out
 * explicitly (so a later change in the database cannot silently re-route a role), each with its
 * evidence and confidence as a comment; each role the evidence could not settle, and each setting
 * the data cannot decide (mixed tax rates, numbered weekdays), is written as a {@link
 * JobFile.Placeholder} listing the ranked candidates, with their evidence above it — {@code
 * migrate}, {@code preview} and {@code verify} refuse the file until each is set. The tax-rate
 * format the data implies is written when it is clear; everything else — connection, zone, money
 * rules, overrides, target, reject policy — is taken from {@code base} unchanged. Never a password.
 */
public final class JobProposal {
  private static final int SHOWN_CANDIDATES = 5;

  private JobProposal() {}

  /**
   * A proposed job and the comments that explain it.
   *
   * @param job the job, with its placeholders
   * @param comments comment lines per dotted key ({@code ""} for the header)
   */
  public record Proposal(JobFile job, Map<String, List<String>> comments) {
    public Proposal {
      Objects.requireNonNull(job, "job");
      comments = Map.copyOf(comments);
    }

    /** Writes the job with its comments (YAML; a {@code .json} name gets JSON, uncommented). */
    public void write(Path file) throws IOException {
      job.write(file, comments);
    }

    /** The keys still to be chosen. */
    public List<String> choices() {
      return job.placeholders().stream().map(JobFile.Placeholder::key).toList();
    }
  }

  /** {@code base} completed with the roles and rules found by {@code analysis}. */
  public static Proposal from(SourceAnalysis analysis, JobFile base) {
    Objects.requireNonNull(analysis, "analysis");
    Objects.requireNonNull(base, "base");
    SourceAnalysis.Roles roles = analysis.roles();
    Map<String, List<String>> comments = new LinkedHashMap<>();
    List<JobFile.Placeholder> placeholders = new ArrayList<>();

    List<String> header = new ArrayList<>();
    header.add(
        "Written by ferry inspect from database "
            + analysis.database()
            + " on "
            + analysis.generatedAt()
            + "; the comments give the evidence for each choice.");
    if (!analysis.checks().isEmpty()) {
      header.add("The mapping checked against the data:");
      analysis.checks().forEach(c -> header.add("  " + c.sentence()));
    }
    comments.put("", header);
    comments.put("source.schema", List.of("schema " + roles.schemaEvidence()));

    RoleMapping chosen = roles.mapping();
    for (Table table : Table.values()) {
      Optional<RoleRanking> ranking = roles.ranking(table.defaultName());
      if (ranking.isEmpty()) {
        continue;
      }
      String key = JobFile.key(table);
      if (ranking.get().needsChoice()) {
        placeholders.add(placeholder(key, ranking.get()));
        List<String> lines = choiceComment(table.defaultName(), ranking.get());
        lines.add(
            "Its columns are detected once it is chosen: set it, then run ferry inspect --job"
                + " FILE --write-job FILE again.");
        comments.put(key, lines);
      } else if (chosen.table(table).isPresent()) {
        comments.put(key, evidenceComment(ranking.get()));
      }
    }
    for (Field field : Field.values()) {
      Optional<RoleRanking> ranking = roles.ranking(field.qualifiedKey());
      if (ranking.isEmpty() || chosen.table(field.table()).isEmpty()) {
        continue;
      }
      String key = JobFile.key(field);
      if (ranking.get().needsChoice()) {
        placeholders.add(placeholder(key, ranking.get()));
        comments.put(key, choiceComment(field.qualifiedKey(), ranking.get()));
      } else if (chosen.column(field).isPresent()) {
        comments.put(key, evidenceComment(ranking.get()));
      }
    }

    MappingSettings mapping =
        analysis.rules().taxRate().map(base.mapping()::withTaxRate).orElse(base.mapping());
    if (analysis.rules().taxRate().isPresent()) {
      comments.put("mapping.tax_rate", List.of(analysis.rules().taxEvidence()));
    }
    for (Question q : analysis.questions()) {
      placeholders.add(new JobFile.Placeholder(q.setting(), q.values()));
      List<String> lines = new ArrayList<>();
      lines.add("CHOOSE " + q.setting() + ": " + q.question());
      q.options().forEach(o -> lines.add("  " + o));
      comments.put(q.setting(), lines);
    }

    JobFile.Source source =
        new JobFile.Source(
            base.source().url(),
            base.source().user(),
            base.source().passwordEnv(),
            roles.schema(),
            chosen);
    JobFile job =
        base.withSource(source).withMapping(mapping).withPlaceholders(List.copyOf(placeholders));
    return new Proposal(job, comments);
  }

  private static JobFile.Placeholder placeholder(String key, RoleRanking ranking) {
    return new JobFile.Placeholder(
        key,
        ranking.candidates().stream()
            .filter(c -> c.confidence() > 0 || ranking.candidates().size() <= SHOWN_CANDIDATES)
            .limit(SHOWN_CANDIDATES)
            .map(RoleCandidate::name)
            .toList());
  }

  private static List<String> choiceComment(String role, RoleRanking ranking) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "CHOOSE "
            + role
            + ": "
            + (ranking.note().isEmpty() ? "the evidence is not conclusive" : ranking.note())
            + (ranking.candidates().isEmpty() ? "" : "; candidates, best first:"));
    ranking.candidates().stream()
        .limit(SHOWN_CANDIDATES)
        .forEach(c -> lines.add("  " + describe(c)));
    return lines;
  }

  private static List<String> evidenceComment(RoleRanking ranking) {
    List<String> lines = new ArrayList<>();
    Optional<RoleCandidate> top =
        ranking.candidates().stream()
            .filter(c -> ranking.chosen().filter(c.name()::equals).isPresent())
            .findFirst();
    lines.add(top.map(c -> c.percent() + ": " + String.join("; ", c.evidence())).orElse("mapped"));
    List<String> runnersUp =
        ranking.candidates().stream()
            .filter(c -> ranking.chosen().filter(c.name()::equals).isEmpty())
            .filter(c -> c.confidence() >= 0.05)
            .limit(3)
            .map(c -> c.name() + " " + c.percent())
            .toList();
    if (!runnersUp.isEmpty()) {
      lines.add("runners-up: " + String.join(", ", runnersUp));
    }
    return lines;
  }

  private static String describe(RoleCandidate c) {
    return c.name()
        + (c.type().isEmpty() ? "" : " " + c.type())
        + " ("
        + c.percent()
        + (c.evidence().isEmpty() ? ": no evidence" : ": " + String.join("; ", c.evidence()))
        + ")";
  }
}
