package dev.ferry.cli;

import dev.ferry.engine.PromotionIssue;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.RunRecord;
import dev.ferry.engine.RunReport;
import dev.ferry.engine.SyncReport;
import dev.ferry.engine.VerificationReport;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How run and verification results are printed, for people and (with --json) for scripts. */
final class Summaries {
  private static final int LISTED_DIFFERENCES = 20;
  private static final int JSON_DIFFERENCES = 100;

  private Summaries() {}

  static void printRun(PrintWriter out, RunReport report, boolean json) {
    RunRecord run = report.run();
    RunCounts c = run.counts();
    if (json) {
      out.println(
          Json.line(
              new RunLine(
                  run.id(),
                  run.status().label(),
                  report.dryRun(),
                  counts(c),
                  run.sync().map(Summaries::sync),
                  run.duration().toMillis(),
                  run.promotionIssues().stream()
                      .map(i -> new IssueLine(i.clientUid(), i.value()))
                      .toList(),
                  run.failure())));
    } else {
      out.printf(
          "Run %s %s%s in %.1f s: %d inserted, %d updated, %d unchanged, %d rejected, %d deleted.%n",
          run.id(),
          run.status().label(),
          report.dryRun() ? " (dry run, nothing written)" : "",
          run.duration().toMillis() / 1000.0,
          c.inserted(),
          c.updated(),
          c.unchanged(),
          c.rejected(),
          c.deleted());
      run.sync()
          .ifPresent(
              s ->
                  out.println(
                      "Compared: "
                          + s.mode().label().replace('_', ' ')
                          + " — "
                          + s.reason()
                          + "."));
      if (c.stale() > 0) {
        out.printf(
            "%d %s in the target no longer in the source (kept; run with --delete-missing to"
                + " remove them)%s%n",
            c.stale(), c.stale() == 1 ? "order is" : "orders are", goneExamples(run));
      }
      if (c.deleted() > 0 && !report.dryRun()) {
        out.printf(
            "Removed %d %s whose order is no longer in the source%s%n",
            c.deleted(), c.deleted() == 1 ? "entry" : "entries", goneExamples(run));
      }
      if (!run.promotionIssues().isEmpty()) {
        out.println(
            "Promotion values not understood (is_promotion_day = false for these clients' orders):");
        promotionSummary(run.promotionIssues()).forEach(line -> out.println("  " + line));
      }
    }
    out.flush();
  }

  /** The last line of {@code migrate --json}. */
  private record RunLine(
      String runId,
      String status,
      boolean dryRun,
      CountsLine counts,
      Optional<SyncLine> sync,
      long durationMs,
      List<IssueLine> promotionIssues,
      Optional<String> error) {}

  private record CountsLine(
      long inserted, long updated, long unchanged, long rejected, long deleted, long stale) {}

  /** How the run compared, and the first orders gone from the source. */
  private record SyncLine(String mode, String reason, List<String> goneFromSource) {}

  private record IssueLine(String clientUid, String value) {}

  private static CountsLine counts(RunCounts c) {
    return new CountsLine(
        c.inserted(), c.updated(), c.unchanged(), c.rejected(), c.deleted(), c.stale());
  }

  private static SyncLine sync(SyncReport s) {
    return new SyncLine(s.mode().label(), s.reason(), s.goneFromSource());
  }

  private static String goneExamples(RunRecord run) {
    List<String> gone = run.sync().map(SyncReport::goneFromSource).orElse(List.of());
    if (gone.isEmpty()) {
      return ".";
    }
    int shown = Math.min(5, gone.size());
    return ", e.g. " + String.join(", ", gone.subList(0, shown)) + ".";
  }

  /** Issues grouped by value, most frequent first: the count and a few client ids each. */
  static List<String> promotionSummary(List<PromotionIssue> issues) {
    Map<String, List<String>> byValue = new LinkedHashMap<>();
    for (PromotionIssue issue : issues) {
      byValue.computeIfAbsent(issue.value(), v -> new ArrayList<>()).add(issue.clientUid());
    }
    List<String> lines = new ArrayList<>();
    byValue.entrySet().stream()
        .sorted((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()))
        .forEach(
            e -> {
              List<String> clients = e.getValue();
              int shown = Math.min(3, clients.size());
              lines.add(
                  "'"
                      + e.getKey()
                      + "': "
                      + clients.size()
                      + (clients.size() == 1 ? " client (" : " clients (e.g. ")
                      + String.join(", ", clients.subList(0, shown))
                      + (clients.size() > shown ? ", …)" : ")"));
            });
    return lines;
  }

  /** The last line of {@code verify --json}. */
  private record VerificationLine(
      String status,
      long sourceOrders,
      long expectedDocuments,
      long targetDocuments,
      long expectedRejects,
      long targetRejects,
      long expectedItems,
      long targetItems,
      BigDecimal expectedTotal,
      BigDecimal targetTotal,
      String totalsCover,
      OrphansLine withoutSourceOrder,
      long differenceCount,
      List<DifferenceLine> differences) {}

  private record OrphansLine(long documents, long rejects, long items, BigDecimal total) {}

  private record DifferenceLine(String orderUid, String kind, String detail) {}

  static void printVerification(PrintWriter out, VerificationReport r, boolean json) {
    if (json) {
      out.println(
          Json.line(
              new VerificationLine(
                  r.matches() ? "match" : "mismatch",
                  r.sourceOrders(),
                  r.expectedDocuments(),
                  r.targetDocuments(),
                  r.expectedRejects(),
                  r.targetRejects(),
                  r.expectedItems(),
                  r.targetItems(),
                  r.expectedTotal(),
                  r.targetTotal(),
                  "target documents that have a source order",
                  new OrphansLine(
                      r.orphans().documents(),
                      r.orphans().rejects(),
                      r.orphans().items(),
                      r.orphans().total()),
                  r.differenceCount(),
                  r.differences().stream()
                      .limit(JSON_DIFFERENCES)
                      .map(d -> new DifferenceLine(d.orderUid(), d.kind().name(), d.detail()))
                      .toList())));
    } else {
      out.printf(
          "Source orders: %d → expected %d documents + %d rejects; target holds %d documents + %d rejects.%n",
          r.sourceOrders(),
          r.expectedDocuments(),
          r.expectedRejects(),
          r.targetDocuments(),
          r.targetRejects());
      out.printf(
          "Items: expected %d, target %d. Total money: expected %s, target %s (target documents"
              + " that have a source order).%n",
          r.expectedItems(),
          r.targetItems(),
          r.expectedTotal().toPlainString(),
          r.targetTotal().toPlainString());
      if (r.orphans().documents() + r.orphans().rejects() > 0) {
        out.printf(
            "Without a source order: %d documents (%d items, total money %s) and %d rejects"
                + " (listed below; `migrate --delete-missing` removes them).%n",
            r.orphans().documents(),
            r.orphans().items(),
            r.orphans().total().toPlainString(),
            r.orphans().rejects());
      }
      if (r.matches()) {
        out.println("Verified: source and target match.");
      } else {
        out.printf("MISMATCH: %d difference(s).%n", r.differenceCount());
        r.differences().stream()
            .limit(LISTED_DIFFERENCES)
            .forEach(d -> out.println("  " + d.orderUid() + " [" + d.kind() + "] " + d.detail()));
        if (r.differenceCount() > LISTED_DIFFERENCES) {
          out.printf(
              "  … and %d more (use --json for up to %d).%n",
              r.differenceCount() - LISTED_DIFFERENCES, JSON_DIFFERENCES);
        }
      }
    }
    out.flush();
  }
}
