package dev.ferry.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.Workers;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.Secret;
import dev.ferry.source.PostgresSettings;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reports of one source, compared with golden files. Run with {@code -Dferry.updateGolden=true}
 * to rewrite them after an intended change, and review the diff.
 */
class ReportGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/dev/ferry/analysis/golden");
  private static TestDatabase db;
  private static SourceAnalysis analysis;

  @BeforeAll
  static void analyze() {
    db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/analysis/variant-spanish-percent.sql");
    VariantsEndToEndTest.grantSchema(db, "ventas");
    PostgresSettings settings =
        PostgresSettings.of(db.jdbcUrl(), db.user(), Optional.of(Secret.of(db.password())));
    analysis =
        SourceAnalyzer.analyze(
            settings,
            new MappingSettings(ZoneId.of("America/Mexico_City")),
            AnalysisOptions.defaults()
                .withClock(Clock.fixed(Instant.parse("2024-03-10T12:00:00Z"), ZoneOffset.UTC)),
            Workers.watchdogs());
  }

  /** The report with what differs between test databases replaced by placeholders. */
  private static String normalize(String report) {
    return report
        .replace(db.name(), "<database>")
        .replace(db.user(), "<user>")
        .replace(analysis.serverVersion(), "<version>")
        .replace(analysis.serverTimeZone(), "<server zone>");
  }

  private static void compare(String name, String actual) throws IOException {
    Path file = GOLDEN.resolve(name);
    // Only on purpose (-Dferry.updateGolden=true) is a golden file written; a missing one fails,
    // so that a lost file can never turn the comparison into a pass.
    if (Boolean.getBoolean("ferry.updateGolden")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(file)
        .as("golden file %s (write it with -Dferry.updateGolden=true and review it)", name)
        .exists();
    assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  @Test
  void markdownReport() throws IOException {
    compare("ventas.md", normalize(ReportWriter.markdown(analysis)));
  }

  @Test
  void jsonReport() throws IOException {
    compare("ventas.json", normalize(ReportWriter.json(analysis)));
  }

  @Test
  void htmlReportHasTheSameContent() {
    String html = ReportWriter.html(analysis);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<h2>Per-client report</h2>")
        .contains("<code>ventas.order_lines</code>")
        .doesNotContain("**");
  }

  @Test
  void theAnalysisSaysWhatItFound() {
    assertThat(analysis.roles().schema()).isEqualTo("ventas");
    assertThat(analysis.roles().schemaEvidence()).startsWith("detected");
    SourceAnalysis.ClientsReport clients = analysis.clients().orElseThrow();
    assertThat(clients.totals().orders()).isEqualTo(7);
    assertThat(clients.totals().rejected()).isEqualTo(3);
    SourceAnalysis.ClientStats ana = clients.clients().get(0);
    assertThat(ana.uid()).isEqualTo("1");
    assertThat(ana.nearMidnight()).isEqualTo(1);
    assertThat(ana.zoneSensitive()).isEqualTo(1);
    assertThat(ana.totalValue()).isEqualByComparingTo("62.34");
    SourceAnalysis.ClientStats unknown =
        clients.clients().stream().filter(c -> c.uid().equals("999")).findFirst().orElseThrow();
    assertThat(unknown.exists()).isFalse();
    assertThat(unknown.anomalies().unknownClient()).isEqualTo(1);
    assertThat(clients.totals().anomalies().coordinatesOutOfRange()).isEqualTo(1);
    assertThat(clients.totals().anomalies().unknownProducts()).isEqualTo(1);
    assertThat(clients.totals().anomalies().missingPrices()).isEqualTo(1);
    assertThat(clients.totals().anomalies().badQuantities()).isEqualTo(1);
    assertThat(clients.statuses())
        .anySatisfy(s -> assertThat(s.canonical()).isEqualTo("delivered"));
    assertThat(
            clients.statuses().stream()
                .filter(s -> s.canonical().equals("delivered"))
                .findFirst()
                .orElseThrow()
                .inconsistent())
        .isTrue();
  }
}
