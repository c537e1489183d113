package dev.ferry.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.analysis.SourceAnalysis.Anomalies;
import dev.ferry.analysis.SourceAnalysis.ClientStats;
import dev.ferry.analysis.SourceAnalysis.ClientsReport;
import dev.ferry.analysis.SourceAnalysis.ColumnProfile;
import dev.ferry.analysis.SourceAnalysis.ForeignKey;
import dev.ferry.analysis.SourceAnalysis.Join;
import dev.ferry.analysis.SourceAnalysis.Question;
import dev.ferry.analysis.SourceAnalysis.Relation;
import dev.ferry.analysis.SourceAnalysis.RoleCandidate;
import dev.ferry.analysis.SourceAnalysis.RoleRanking;
import dev.ferry.analysis.SourceAnalysis.StatusSpelling;
import dev.ferry.analysis.SourceAnalysis.TableProfile;
import dev.ferry.analysis.SourceAnalysis.ValueCount;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Renders a {@link SourceAnalysis} as Markdown, HTML or JSON.
 *
 * <p>Contract: pure and deterministic — the same analysis always gives the same text. Markdown and
 * HTML carry the same sections (roles, detected rules, joins, per-client report, profiles, catalog,
 * foreign keys); JSON carries every field of the analysis, keys in snake_case, absent values as
 * {@code null}.
 */
public final class ReportWriter {

  private ReportWriter() {}

  /** The report as Markdown. */
  public static String markdown(SourceAnalysis analysis) {
    StringBuilder out = new StringBuilder();
    for (Block block : blocks(analysis)) {
      if (block instanceof Heading h) {
        out.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
      } else if (block instanceof Paragraph p) {
        out.append(p.text()).append("\n\n");
      } else if (block instanceof Bullets b) {
        b.items().forEach(i -> out.append("- ").append(i).append('\n'));
        out.append('\n');
      } else if (block instanceof Grid g) {
        out.append("| ")
            .append(String.join(" | ", g.headers().stream().map(ReportWriter::cell).toList()))
            .append(" |\n");
        out.append("|").append(" --- |".repeat(g.headers().size())).append('\n');
        for (List<String> row : g.rows()) {
          out.append("| ")
              .append(String.join(" | ", row.stream().map(ReportWriter::cell).toList()))
              .append(" |\n");
        }
        out.append('\n');
      }
    }
    return out.toString().stripTrailing() + "\n";
  }

  /** The report as a self-contained HTML page. */
  public static String html(SourceAnalysis analysis) {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape("Ferry source analysis: " + analysis.database()))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;max-width:80em}")
        .append("table{border-collapse:collapse;margin-bottom:1em}")
        .append(
            "th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}")
        .append("th{background:#eee}code{background:#f4f4f4}\n")
        .append("</style>\n</head>\n<body>\n");
    for (Block block : blocks(analysis)) {
      if (block instanceof Heading h) {
        out.append("<h")
            .append(h.level())
            .append('>')
            .append(inline(h.text()))
            .append("</h")
            .append(h.level())
            .append(">\n");
      } else if (block instanceof Paragraph p) {
        out.append("<p>").append(inline(p.text())).append("</p>\n");
      } else if (block instanceof Bullets b) {
        out.append("<ul>\n");
        b.items().forEach(i -> out.append("<li>").append(inline(i)).append("</li>\n"));
        out.append("</ul>\n");
      } else if (block instanceof Grid g) {
        out.append("<table>\n<tr>");
        g.headers().forEach(h -> out.append("<th>").append(inline(h)).append("</th>"));
        out.append("</tr>\n");
        for (List<String> row : g.rows()) {
          out.append("<tr>");
          row.forEach(c -> out.append("<td>").append(inline(c)).append("</td>"));
          out.append("</tr>\n");
        }
        out.append("</table>\n");
      }
    }
    return out.append("</body>\n</html>\n").toString();
  }

  /** The whole analysis as pretty-printed JSON. */
  public static String json(SourceAnalysis analysis) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try {
      return mapper.writeValueAsString(tree(analysis)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the analysis as JSON", e);
    }
  }

  // ------------------------------------------------------------------ content

  private sealed interface Block {}

  private record Heading(int level, String text) implements Block {}

  private record Paragraph(String text) implements Block {}

  private record Bullets(List<String> items) implements Block {}

  private record Grid(List<String> headers, List<List<String>> rows) implements Block {}

  private static List<Block> blocks(SourceAnalysis a) {
    List<Block> b = new ArrayList<>();
    b.add(new Heading(1, "Ferry source analysis: " + a.database()));
    b.add(
        new Paragraph(
            "Generated "
                + a.generatedAt()
                + " as `"
                + a.user()
                + "` on PostgreSQL "
                + a.serverVersion()
                + " (server TimeZone "
                + a.serverTimeZone()
                + "). Read-only: nothing was written to the source."));

    b.add(new Heading(2, "Ferry's roles"));
    SourceAnalysis.Roles roles = a.roles();
    if (roles.ready()) {
      b.add(
          new Paragraph(
              "Ferry can read this source: schema `"
                  + roles.schema()
                  + "` ("
                  + roles.schemaEvidence()
                  + ")."));
    } else {
      b.add(
          new Paragraph(
              "Ferry needs your choices to read this source (schema `"
                  + roles.schema()
                  + "`, "
                  + roles.schemaEvidence()
                  + "); `inspect --write-job` writes each open role as a placeholder with its"
                  + " candidates:"));
      b.add(new Bullets(roles.problems()));
    }
    if (!roles.rankings().isEmpty()) {
      b.add(
          new Grid(
              List.of("Role", "Chosen", "Type", "Confidence", "Evidence", "Runners-up"),
              roles.rankings().stream()
                  .filter(r -> r.chosen().isPresent() || r.needsChoice())
                  .map(ReportWriter::rankingRow)
                  .toList()));
    }
    if (!a.questions().isEmpty()) {
      b.add(new Heading(2, "Settings the data cannot decide"));
      b.add(
          new Bullets(
              a.questions().stream()
                  .map(
                      (Question q) ->
                          "`"
                              + q.setting()
                              + "`: "
                              + q.question()
                              + " Choose one of: "
                              + String.join("; ", q.options()))
                  .toList()));
    }
    if (!a.checks().isEmpty()) {
      b.add(new Heading(2, "The mapping checked against the data"));
      b.add(
          new Bullets(
              a.checks().stream()
                  .map(c -> (c.verdict().equals("yes") ? "" : "⚠ ") + c.sentence())
                  .toList()));
    }

    if (roles.ready()) {
      b.add(new Heading(2, "Detected rules"));
      b.add(
          new Bullets(
              List.of(
                  "Tax rates: "
                      + a.rules().taxRate().map(t -> "**" + t.label() + "**").orElse("undecided")
                      + " — "
                      + a.rules().taxEvidence(),
                  "Order dates: " + a.rules().timestamps(),
                  "Promotion values: " + a.rules().promotionSpellings())));

      b.add(new Heading(2, "Joins"));
      b.add(
          new Grid(
              List.of("From", "To", "Foreign key"),
              a.joins().stream()
                  .map(
                      (Join j) ->
                          List.of(
                              "`" + j.from() + "`",
                              "`" + j.to() + "`",
                              j.declared() ? "declared" : "none (dangling references possible)"))
                  .toList()));
    }

    a.clients().ifPresent(c -> clients(c, b));

    if (!a.profiles().isEmpty()) {
      b.add(new Heading(2, "Profiles of Ferry's tables"));
      for (TableProfile p : a.profiles()) {
        b.add(new Heading(3, p.role() + " (`" + p.relation() + "`)"));
        b.add(
            new Paragraph(
                (p.rowCount().isPresent()
                        ? p.rowCount().getAsLong() + " rows"
                        : "about " + text(p.rowEstimate()) + " rows (planner estimate)")
                    + "; statistics over "
                    + p.rowsProfiled()
                    + " rows, "
                    + p.sampling()
                    + "."));
        b.add(
            new Grid(
                List.of(
                    "Column",
                    "Type",
                    "Field",
                    "Nulls",
                    "Distinct",
                    "Min",
                    "Max",
                    "Top values",
                    "Format"),
                p.columns().stream().map(ReportWriter::profileRow).toList()));
      }
    }

    b.add(new Heading(2, "Catalog"));
    b.add(
        new Paragraph(
            a.relations().size()
                + " relations the user can see (tables, views, materialized views, partitioned and"
                + " foreign tables); row counts are planner estimates."));
    b.add(
        new Grid(
            List.of("Relation", "Kind", "Rows (est.)", "Primary key", "Ferry role", "Columns"),
            a.relations().stream().map(ReportWriter::relationRow).toList()));
    b.add(new Heading(2, "Foreign keys"));
    if (a.foreignKeys().isEmpty()) {
      b.add(new Paragraph("None declared."));
    } else {
      b.add(
          new Bullets(
              a.foreignKeys().stream()
                  .map((ForeignKey k) -> "`" + k.from() + "` → `" + k.to() + "`")
                  .toList()));
    }
    return b;
  }

  private static void clients(ClientsReport c, List<Block> b) {
    b.add(new Heading(2, "Per-client report"));
    ClientStats t = c.totals();
    b.add(
        new Paragraph(
            "Covers "
                + c.coverage()
                + ": "
                + t.orders()
                + " orders ("
                + t.rejected()
                + " would be rejected), "
                + t.items()
                + " items, total value "
                + t.totalValue().toPlainString()
                + ", "
                + t.promotionOrders()
                + " on a promotion day, "
                + t.nearMidnight()
                + " near midnight ("
                + t.zoneSensitive()
                + " of them zone-sensitive), "
                + t.anomalies().total()
                + " anomalies. Judged with Ferry's rules: "
                + c.rules()
                + "."));
    b.add(
        new Grid(
            List.of(
                "Client",
                "Name",
                "Orders",
                "Rejected",
                "Items",
                "Total value",
                "Promotion value",
                "Understood as",
                "Promo orders",
                "Near midnight",
                "Zone-sensitive",
                "Anomalies"),
            c.clients().stream()
                .map(
                    s ->
                        List.of(
                            "`" + s.uid() + "`" + (s.exists() ? "" : " (unknown client)"),
                            s.name().orElse(""),
                            Long.toString(s.orders()),
                            Long.toString(s.rejected()),
                            Long.toString(s.items()),
                            s.totalValue().toPlainString(),
                            s.promotion()
                                .map(
                                    p ->
                                        "`"
                                            + p.stored()
                                            + "`"
                                            + p.override()
                                                .map(o -> " → override `" + o + "`")
                                                .orElse("")
                                            + " ("
                                            + p.spelling()
                                            + ")")
                                .orElse(""),
                            s.promotion()
                                .map(p -> (p.ok() ? "" : "⚠ ") + p.understood() + " in " + p.zone())
                                .orElse(""),
                            Long.toString(s.promotionOrders()),
                            Long.toString(s.nearMidnight()),
                            Long.toString(s.zoneSensitive()),
                            Long.toString(s.anomalies().total())))
                .toList()));
    List<List<String>> anomalyRows = new ArrayList<>();
    for (ClientStats s : c.clients()) {
      if (s.anomalies().total() > 0) {
        anomalyRows.add(anomalyRow("`" + s.uid() + "`", s.anomalies()));
      }
    }
    if (!anomalyRows.isEmpty()) {
      b.add(new Heading(3, "Anomalies"));
      b.add(
          new Grid(
              List.of(
                  "Client",
                  "Unknown client",
                  "No date",
                  "Unknown products",
                  "Bad quantities",
                  "Missing prices",
                  "Negative prices",
                  "No coordinates",
                  "Coordinates not numbers",
                  "Coordinates out of range",
                  "Status variants"),
              anomalyRows));
    }
    b.add(new Heading(3, "Status spellings"));
    b.add(
        new Grid(
            List.of("Status", "Spellings (orders)", "Consistent"),
            c.statuses().stream()
                .map(
                    (StatusSpelling s) ->
                        List.of(
                            s.canonical(),
                            s.spellings().stream()
                                .map(v -> "`" + v.value() + "` (" + v.count() + ")")
                                .collect(Collectors.joining(", ")),
                            s.inconsistent() ? "no" : "yes"))
                .toList()));
  }

  private static List<String> rankingRow(RoleRanking r) {
    Optional<RoleCandidate> chosen =
        r.candidates().stream()
            .filter(c -> r.chosen().filter(c.name()::equals).isPresent())
            .findFirst();
    return List.of(
        r.role(),
        r.chosen().map(n -> "`" + n + "`").orElse("**choose**"),
        chosen.map(RoleCandidate::type).orElse(""),
        r.chosen().isPresent() ? Math.round(r.confidence() * 100) + " %" : "",
        chosen.map(c -> String.join("; ", c.evidence())).orElse(r.note()),
        r.candidates().stream()
            .filter(c -> r.chosen().filter(c.name()::equals).isEmpty())
            .filter(c -> c.confidence() >= 0.05 || r.chosen().isEmpty())
            .limit(3)
            .map(c -> "`" + c.name() + "` " + c.percent())
            .collect(Collectors.joining(", ")));
  }

  private static List<String> anomalyRow(String who, Anomalies a) {
    return List.of(
        who,
        Long.toString(a.unknownClient()),
        Long.toString(a.missingDates()),
        Long.toString(a.unknownProducts()),
        Long.toString(a.badQuantities()),
        Long.toString(a.missingPrices()),
        Long.toString(a.negativePrices()),
        Long.toString(a.missingCoordinates()),
        Long.toString(a.badCoordinates()),
        Long.toString(a.coordinatesOutOfRange()),
        Long.toString(a.statusVariants()));
  }

  private static List<String> profileRow(ColumnProfile c) {
    return List.of(
        "`" + c.name() + "`",
        c.type(),
        c.field().orElse(""),
        c.nulls() + String.format(Locale.ROOT, " (%.1f %%)", c.nullShare() * 100),
        Long.toString(c.distinct()),
        c.min().map(ReportWriter::code).orElse(""),
        c.max().map(ReportWriter::code).orElse(""),
        c.top().stream()
            .map((ValueCount v) -> code(v.value()) + " ×" + v.count())
            .collect(Collectors.joining(", ")),
        c.format());
  }

  private static List<String> relationRow(Relation r) {
    return List.of(
        "`"
            + r.qualifiedName()
            + "`"
            + r.partitionOf().map(p -> " (partition of `" + p + "`)").orElse("")
            + (r.selectable() ? "" : " (no SELECT)"),
        r.kind(),
        text(r.rowEstimate()),
        String.join(", ", r.primaryKey()),
        r.role().orElse(""),
        r.columns().stream()
            .map(c -> c.name() + " " + c.type() + c.detail().map(d -> " [" + d + "]").orElse(""))
            .collect(Collectors.joining(", ")));
  }

  private static String text(OptionalLong value) {
    return value.isPresent() ? Long.toString(value.getAsLong()) : "unknown";
  }

  private static String code(String value) {
    return "`" + value.replace("`", "'") + "`";
  }

  /** A Markdown table cell: pipes escaped, line breaks flattened. */
  private static String cell(String value) {
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
  }

  /** HTML text with Markdown's `code` and **bold** turned into tags. */
  private static String inline(String text) {
    String escaped = escape(text);
    return escaped
        .replaceAll("`([^`]*)`", "<code>$1</code>")
        .replaceAll("\\*\\*([^*]*)\\*\\*", "<strong>$1</strong>");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  // ------------------------------------------------------------------ JSON

  private static Object tree(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Optional<?> o) {
      return o.map(ReportWriter::tree).orElse(null);
    }
    if (value instanceof OptionalLong o) {
      return o.isPresent() ? o.getAsLong() : null;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ReportWriter::tree).toList();
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT);
    }
    if (value instanceof dev.ferry.source.RoleMapping mapping) {
      Map<String, Object> m = new LinkedHashMap<>();
      mapping.tables().forEach((t, n) -> m.put(t.defaultName(), n));
      mapping.columns().forEach((f, n) -> m.put(f.qualifiedKey(), n));
      return m;
    }
    if (value instanceof Record record) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        try {
          m.put(snake(component.getName()), tree(component.getAccessor().invoke(record)));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      return m;
    }
    return value.toString();
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
