package dev.ferry.cli;

import dev.ferry.engine.Difference;
import dev.ferry.engine.PromotionIssue;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.RunRecord;
import dev.ferry.engine.RunReport;
import dev.ferry.engine.SyncReport;
import dev.ferry.engine.VerificationReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How run and verification results are printed, for people and (with --json) for scripts. */
final class Summaries {
  private static final int LISTED_DIFFERENCES = 20;
  private static final int JSON_DIFFERENCES = 100;

  private Summaries() {}

  static void printRun(PrintWriter out, RunReport report, boolean json) {
    RunRecord run = report.run();
    RunCounts c = run.counts();
    if (json) {
      List<Object> issues = Json.list();
      for (PromotionIssue issue : run.promotionIssues()) {
        issues.add(new Json().put("client_uid", issue.clientUid()).put("value", issue.value()));
      }
      out.println(
          new Json()
              .put("run_id", run.id())
              .put("status", run.status().label())
              .put("dry_run", report.dryRun())
              .put("counts", counts(c))
              .put("sync", sync(run))
              .put("duration_ms", run.duration().toMillis())
              .put("promotion_issues", issues)
              .put("error", run.failure().orElse(null)));
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

  static Json counts(RunCounts c) {
    return new Json()
        .put("inserted", c.inserted())
        .put("updated", c.updated())
        .put("unchanged", c.unchanged())
        .put("rejected", c.rejected())
        .put("deleted", c.deleted())
        .put("stale", c.stale());
  }

  /** How the run compared, and the first orders gone from the source; null before it is known. */
  private static Json sync(RunRecord run) {
    return run.sync()
        .map(
            s -> {
              List<Object> gone = Json.list();
              gone.addAll(s.goneFromSource());
              return new Json()
                  .put("mode", s.mode().label())
                  .put("reason", s.reason())
                  .put("gone_from_source", gone);
            })
        .orElse(null);
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

  static void printVerification(PrintWriter out, VerificationReport r, boolean json) {
    if (json) {
      List<Object> differences = Json.list();
      for (Difference d :
          r.differences().subList(0, Math.min(JSON_DIFFERENCES, r.differences().size()))) {
        differences.add(
            new Json()
                .put("order_uid", d.orderUid())
                .put("kind", d.kind().name())
                .put("detail", d.detail()));
      }
      out.println(
          new Json()
              .put("status", r.matches() ? "match" : "mismatch")
              .put("source_orders", r.sourceOrders())
              .put("expected_documents", r.expectedDocuments())
              .put("target_documents", r.targetDocuments())
              .put("expected_rejects", r.expectedRejects())
              .put("target_rejects", r.targetRejects())
              .put("expected_items", r.expectedItems())
              .put("target_items", r.targetItems())
              .put("expected_total", r.expectedTotal())
              .put("target_total", r.targetTotal())
              .put("difference_count", r.differenceCount())
              .put("differences", differences));
    } else {
      out.printf(
          "Source orders: %d → expected %d documents + %d rejects; target holds %d documents + %d rejects.%n",
          r.sourceOrders(),
          r.expectedDocuments(),
          r.expectedRejects(),
          r.targetDocuments(),
          r.targetRejects());
      out.printf(
          "Items: expected %d, target %d. Total money: expected %s, target %s.%n",
          r.expectedItems(),
          r.targetItems(),
          r.expectedTotal().toPlainString(),
          r.targetTotal().toPlainString());
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
