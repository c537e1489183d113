package dev.ferry.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import dev.ferry.app.JobFile;
import dev.ferry.cli.CliEnvironment;
import dev.ferry.cli.FerryCli;
import dev.ferry.core.PromotionOverride;
import dev.ferry.core.TaxRateFormat;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import dev.ferry.testing.MongoTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differently shaped client databases, each end to end through the CLI: inspect → job file →
 * migrate → verify, against a real PostgreSQL (read-only role) and a Mongo wire server.
 */
class VariantsEndToEndTest {

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  /** The read-only role's password, exported as PGPASSWORD for the CLI (see {@link #url}). */
  private static volatile String sourcePassword = "";

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        FerryCli.run(
            args,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            CliEnvironment.with(Map.of("PGPASSWORD", sourcePassword)));
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * A libpq URL naming the read-only role; the CLI refuses a password in a URL, so the role's
   * password goes to the CLI as PGPASSWORD, as a user would export it.
   */
  static String url(TestDatabase db) {
    sourcePassword = db.password();
    return "postgresql://" + db.user() + "@localhost:" + db.port() + "/" + db.name();
  }

  static void grantSchema(TestDatabase db, String schema) {
    db.execute(
        "GRANT USAGE ON SCHEMA "
            + schema
            + " TO "
            + db.user()
            + "; GRANT SELECT ON ALL TABLES IN SCHEMA "
            + schema
            + " TO "
            + db.user()
            + ";");
  }

  static List<Document> documents(String database, String collection) {
    try (MongoClient client = MongoTestSupport.client()) {
      return client
          .getDatabase(database)
          .getCollection(collection)
          .find()
          .sort(new Document("_id", 1))
          .into(new ArrayList<>());
    }
  }

  static Document byId(List<Document> docs, String id) {
    return docs.stream().filter(d -> d.get("_id").equals(id)).findFirst().orElseThrow();
  }

  static BigDecimal money(Document doc, String field) {
    return ((Decimal128) doc.get(field)).bigDecimalValue();
  }

  @Test
  void spanishPercentInItsOwnSchema() throws Exception {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/analysis/variant-spanish-percent.sql");
    grantSchema(db, "ventas");
    String mongoDb = MongoTestSupport.freshDatabase();
    Path job = dir.resolve("ventas.yaml");
    Path report = dir.resolve("ventas.md");

    Run inspect =
        cli(
            "inspect",
            "--pg-url",
            url(db),
            "--source-zone",
            "America/Mexico_City",
            MongoTestSupport.cliUriOption(),
            MongoTestSupport.cliUriValue(),
            "--mongo-db",
            mongoDb,
            "--markdown",
            report.toString(),
            "--write-job",
            job.toString());
    assertThat(inspect.code()).as(inspect.err()).isZero();

    String yaml = Files.readString(job);
    assertThat(yaml).doesNotContain(db.password()).contains("schema: ventas");
    JobFile written = JobFile.read(job);
    assertThat(written.source().schema()).isEqualTo("ventas");
    assertThat(written.source().roles().table(Table.CLIENTS)).contains("customers");
    assertThat(written.source().roles().table(Table.ORDER_ITEMS)).contains("order_lines");
    assertThat(written.source().roles().column(Field.PRODUCT_TAX_RATE)).contains("vat");
    assertThat(written.mapping().taxRate()).isEqualTo(TaxRateFormat.PERCENT);
    assertThat(written.mapping().sourceZone()).isEqualTo(ZoneId.of("America/Mexico_City"));
    assertThat(written.target().database()).contains(mongoDb);

    String md = Files.readString(report);
    assertThat(md)
        .contains("schema `ventas` (detected")
        .contains("Tax rates: **percent**")
        .contains("Spanish 2")
        .contains("⚠ not understood: 'algún día'");

    // The password is not in the file: PGPASSWORD supplies it; the command line overrides the URL.
    Run migrate = cli("migrate", "--job", job.toString(), "--pg-url", url(db));
    assertThat(migrate.code()).as(migrate.err()).isZero();
    assertThat(migrate.out()).contains("4 inserted").contains("3 rejected");
    List<Document> docs = documents(mongoDb, "orders");
    Document o100 = byId(docs, "100");
    assertThat(money(o100, "subtotal")).isEqualByComparingTo("45.50");
    assertThat(money(o100, "taxes")).isEqualByComparingTo("5.24");
    assertThat(money(o100, "total")).isEqualByComparingTo("50.74");
    assertThat(o100.getBoolean("is_promotion_day")).isTrue();
    assertThat(byId(docs, "101").getBoolean("is_promotion_day")).isTrue();
    assertThat(byId(docs, "102").getBoolean("is_promotion_day")).isTrue();
    assertThat(byId(docs, "103").getBoolean("is_promotion_day")).isTrue();

    Run verify = cli("verify", "--job", job.toString(), "--pg-url", url(db));
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();

    // A per-client zone override: Ana's Monday evenings are Tuesday in Tokyo.
    JobFile overridden =
        written.withMapping(
            written
                .mapping()
                .withPromotionOverrides(
                    Map.of("1", PromotionOverride.zone(ZoneId.of("Asia/Tokyo")))));
    overridden.write(job);
    Run again = cli("migrate", "--job", job.toString(), "--pg-url", url(db));
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("2 updated");
    docs = documents(mongoDb, "orders");
    assertThat(byId(docs, "100").getBoolean("is_promotion_day")).isFalse();
    assertThat(byId(docs, "101").getBoolean("is_promotion_day")).isFalse();
    assertThat(cli("verify", "--job", job.toString(), "--pg-url", url(db)).code()).isZero();
  }

  @Test
  void aRejectPolicyStopsTheRunAndAMissingSourceIsNamed() throws Exception {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/analysis/variant-spanish-percent.sql");
    grantSchema(db, "ventas");
    String mongoDb = MongoTestSupport.freshDatabase();
    Path job = dir.resolve("strict.yaml");
    Run inspect =
        cli(
            "inspect",
            "--pg-url",
            url(db),
            MongoTestSupport.cliUriOption(),
            MongoTestSupport.cliUriValue(),
            "--mongo-db",
            mongoDb,
            "--markdown",
            dir.resolve("r.md").toString(),
            "--write-job",
            job.toString());
    assertThat(inspect.code()).as(inspect.err()).isZero();
    JobFile.read(job)
        .withRejects(
            new dev.ferry.app.RejectPolicy(
                dev.ferry.app.RejectPolicy.Mode.FAIL, java.util.OptionalLong.empty()))
        .write(job);

    Run migrate = cli("migrate", "--job", job.toString(), "--pg-url", url(db), "--batch-size", "1");
    assertThat(migrate.code()).isEqualTo(1);
    assertThat(migrate.err())
        .contains(
            "stopped after 1 rejected orders: the job's reject policy allows 0 (rejects.policy fail)");

    Run noSource =
        cli(
            "migrate",
            MongoTestSupport.cliUriOption(),
            MongoTestSupport.cliUriValue(),
            "--mongo-db",
            mongoDb);
    assertThat(noSource.code()).isEqualTo(2);
    assertThat(noSource.err())
        .contains("Missing the source: give --pg-url URL (or a --job file with source.url).");

    java.nio.file.Files.writeString(dir.resolve("bad.yaml"), "version: 1\nsource:\n  sheme: x\n");
    Run bad = cli("verify", "--job", dir.resolve("bad.yaml").toString());
    assertThat(bad.code()).as(bad.err()).isEqualTo(2);
    assertThat(bad.err()).contains("bad.yaml line 3: unknown key \"sheme\" in source; known keys:");
  }

  @Test
  void portugueseWeekdaysAndAnItemTableFoundByItsForeignKeys() throws Exception {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/analysis/variant-portuguese-fk.sql");
    String mongoDb = MongoTestSupport.freshDatabase();
    Path job = dir.resolve("cliente.json");

    Run inspect =
        cli(
            "inspect",
            "--pg-url",
            url(db),
            "--json",
            MongoTestSupport.cliUriOption(),
            MongoTestSupport.cliUriValue(),
            "--mongo-db",
            mongoDb,
            "--collection",
            "pedidos",
            "--write-job",
            job.toString());
    assertThat(inspect.code()).as(inspect.err()).isZero();
    assertThat(inspect.out())
        .contains("basket.ord → orders.uid (declared foreign key)")
        .contains("basket.prod → products.uid (declared foreign key)")
        .contains("\"promotion_spellings\" : \"Portuguese 2, Spanish or Portuguese 1\"");

    JobFile written = JobFile.read(job);
    assertThat(written.source().roles().table(Table.ORDER_ITEMS)).contains("basket");
    assertThat(written.source().roles().column(Field.ITEM_ORDER_UID)).contains("ord");
    assertThat(written.mapping().taxRate()).isEqualTo(TaxRateFormat.FRACTION);
    assertThat(Files.readString(job)).doesNotContain(db.password());

    Run migrate = cli("migrate", "--job", job.toString(), "--pg-url", url(db));
    assertThat(migrate.code()).as(migrate.err()).isZero();
    assertThat(migrate.out()).contains("3 inserted").contains("1 rejected");
    List<Document> docs = documents(mongoDb, "pedidos");
    assertThat(byId(docs, "o1").getBoolean("is_promotion_day")).isTrue(); // Monday, segunda
    assertThat(byId(docs, "o2").getBoolean("is_promotion_day")).isTrue(); // Tuesday UTC, terça
    assertThat(byId(docs, "o4").getBoolean("is_promotion_day")).isTrue(); // Tuesday
    assertThat(money(byId(docs, "o1"), "total")).isEqualByComparingTo("36.87");

    // The zone changes the date: 02:30 UTC on Tuesday is still Monday in São Paulo.
    Run saoPaulo =
        cli(
            "migrate",
            "--job",
            job.toString(),
            "--pg-url",
            url(db),
            "--source-zone",
            "America/Sao_Paulo");
    assertThat(saoPaulo.code()).as(saoPaulo.err()).isZero();
    assertThat(byId(documents(mongoDb, "pedidos"), "o2").getBoolean("is_promotion_day")).isFalse();
    Run verify =
        cli(
            "verify",
            "--job",
            job.toString(),
            "--pg-url",
            url(db),
            "--source-zone",
            "America/Sao_Paulo");
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
  }

  @Test
  void uuidIdsPartitionedOrdersViewsAndUnusualTypes() throws Exception {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/analysis/variant-uuid-partitioned.sql");
    String mongoDb = MongoTestSupport.freshDatabase();
    Path job = dir.resolve("partitioned.yaml");
    Path html = dir.resolve("partitioned.html");

    Run inspect =
        cli(
            "inspect",
            "--pg-url",
            url(db),
            "--sample-rows",
            "100",
            "--max-orders",
            "100",
            "--html",
            html.toString(),
            "--json",
            "--write-job",
            job.toString());
    assertThat(inspect.code()).as(inspect.err()).isZero();
    assertThat(inspect.out())
        .contains("\"kind\" : \"partitioned table\"")
        .contains("\"kind\" : \"materialized view\"")
        .contains("\"kind\" : \"view\"")
        .contains("\"sampled\" : true")
        .contains("sampled: the first 100 orders by uid")
        .contains("\"type\" : \"tsvector\"")
        .contains("\"format\" : \"enum ('web', 'store')\"");
    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<table>");

    JobFile written = JobFile.read(job);
    assertThat(written.source().roles().table(Table.CLIENTS)).contains("Clients");
    assertThat(written.source().roles().column(Field.PRODUCT_TAX_RATE)).contains("tax");
    assertThat(written.mapping().taxRate()).isEqualTo(TaxRateFormat.PERCENT);
    assertThat(written.target().database()).isEmpty();

    Run missing = cli("migrate", "--job", job.toString(), "--pg-url", url(db));
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing the target database: give --mongo-db DB");

    String[] target = {
      "--pg-url",
      url(db),
      MongoTestSupport.cliUriOption(),
      MongoTestSupport.cliUriValue(),
      "--mongo-db",
      mongoDb
    };
    Run migrate = cli(concat(new String[] {"migrate", "--job", job.toString()}, target));
    assertThat(migrate.code()).as(migrate.err()).isZero();
    assertThat(migrate.out()).contains("300 inserted").contains("0 rejected");
    List<Document> docs = documents(mongoDb, "orders");
    Document first = byId(docs, "00000000-0000-0000-0001-000000000002");
    // 3 × Tea 3.10 at 16 %: 9.30 + 1.488 → 10.79
    assertThat(money(first, "total")).isEqualByComparingTo("10.79");
    Run verify = cli(concat(new String[] {"verify", "--job", job.toString()}, target));
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
