package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.Difference;
import dev.ferry.engine.PromotionIssue;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.RunRecord;
import dev.ferry.engine.RunReport;
import dev.ferry.engine.RunStatus;
import dev.ferry.engine.SyncMode;
import dev.ferry.engine.SyncReport;
import dev.ferry.engine.VerificationReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The {@code --json} lines byte for byte: key order, nulls, exact money, escapes (the lines below
 * were printed by the hand-written writer Jackson replaced).
 */
class JsonTest {

  private static String printed(Consumer<PrintWriter> print) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    print.accept(out);
    out.flush();
    return text.toString().strip();
  }

  private static RunReport run(Optional<String> failure, Optional<SyncReport> sync) {
    return new RunReport(
        new RunRecord(
            "run-1 \"q\" \\ \n\r\t\b\f\u0001\u001f\u007f é 😀 \u2028/",
            Instant.EPOCH,
            Optional.of(Instant.EPOCH.plusMillis(1234)),
            RunStatus.COMPLETED,
            new RunCounts(1, 2, 3, 4, 5, 6),
            Map.of(),
            List.of(new PromotionIssue("c1", "lunes\u0000"), new PromotionIssue("c2", "x")),
            failure,
            sync),
        true,
        Optional.empty());
  }

  @Test
  void aRunLineKeepsItsShapeNullsAndEscapes() {
    assertThat(
            printed(out -> Summaries.printRun(out, run(Optional.empty(), Optional.empty()), true)))
        .isEqualTo(
            "{\"run_id\":\"run-1 \\\"q\\\" \\\\ \\n\\r\\t\\u0008\\u000c\\u0001\\u001f\u007f é 😀"
                + " \u2028/\",\"status\":\"completed\",\"dry_run\":true,\"counts\":{\"inserted\":1,"
                + "\"updated\":2,\"unchanged\":3,\"rejected\":4,\"deleted\":5,\"stale\":6},"
                + "\"sync\":null,\"duration_ms\":1234,\"promotion_issues\":[{\"client_uid\":\"c1\","
                + "\"value\":\"lunes\\u0000\"},{\"client_uid\":\"c2\",\"value\":\"x\"}],"
                + "\"error\":null}");
    SyncReport sync = new SyncReport(SyncMode.FULL_COMPARE, "why", List.of("a", "b"));
    assertThat(
            printed(
                out ->
                    Summaries.printRun(
                        out, run(Optional.of("boom \"x\""), Optional.of(sync)), true)))
        .endsWith(
            "\"sync\":{\"mode\":\"full_compare\",\"reason\":\"why\",\"gone_from_source\":[\"a\","
                + "\"b\"]},\"duration_ms\":1234,\"promotion_issues\":[{\"client_uid\":\"c1\","
                + "\"value\":\"lunes\\u0000\"},{\"client_uid\":\"c2\",\"value\":\"x\"}],"
                + "\"error\":\"boom \\\"x\\\"\"}");
  }

  @Test
  void aVerificationLineWritesMoneyExactlyNeverAsADouble() {
    VerificationReport report =
        new VerificationReport(
            10,
            9,
            1,
            9,
            1,
            30,
            30,
            new BigDecimal("1234.50"),
            new BigDecimal("1E+3"),
            new VerificationReport.Orphans(1, 2, 3, new BigDecimal("0.000")),
            2,
            List.of(
                new Difference("o1", Difference.Kind.MISSING_DOCUMENT, "d\"1"),
                new Difference("o2", Difference.Kind.NO_SOURCE_ORDER, "d2")));
    assertThat(printed(out -> Summaries.printVerification(out, report, true)))
        .isEqualTo(
            "{\"status\":\"mismatch\",\"source_orders\":10,\"expected_documents\":9,"
                + "\"target_documents\":9,\"expected_rejects\":1,\"target_rejects\":1,"
                + "\"expected_items\":30,\"target_items\":30,\"expected_total\":1234.50,"
                + "\"target_total\":1000,\"totals_cover\":\"target documents that have a source"
                + " order\",\"without_source_order\":{\"documents\":1,\"rejects\":2,\"items\":3,"
                + "\"total\":0.000},\"difference_count\":2,\"differences\":[{\"order_uid\":\"o1\","
                + "\"kind\":\"MISSING_DOCUMENT\",\"detail\":\"d\\\"1\"},{\"order_uid\":\"o2\","
                + "\"kind\":\"NO_SOURCE_ORDER\",\"detail\":\"d2\"}]}");
  }
}
