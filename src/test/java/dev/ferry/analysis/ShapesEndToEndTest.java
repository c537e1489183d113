package dev.ferry.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.analysis.ShapedDatabase.Data;
import dev.ferry.analysis.ShapedDatabase.Ids;
import dev.ferry.analysis.ShapedDatabase.Promo;
import dev.ferry.analysis.ShapedDatabase.Shape;
import dev.ferry.analysis.ShapedDatabase.Stamp;
import dev.ferry.analysis.ShapedDatabase.Tax;
import dev.ferry.analysis.VariantsEndToEndTest.Run;
import dev.ferry.app.JobFile;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import dev.ferry.testing.MongoTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differently shaped databases holding the same orders, each taken through the CLI as an analyst
 * would — inspect, the job file (filling in what Ferry asks), migrate, verify — and each migrating
 * to exactly the documents the standard shape gives (compared as canonical Extended JSON: values,
 * types and field order). Each test's name says which signal decided.
 */
class ShapesEndToEndTest {

  @TempDir Path dir;

  private static final JsonWriterSettings CANONICAL =
      JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

  /** The documents the standard shape gives for {@code data}. */
  private static List<String> standardDocuments(Data data) {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.execute(Shape.standard(Ids.TEXT, Stamp.TIMESTAMPTZ, Promo.ENGLISH).sql(data));
    String mongoDb = MongoTestSupport.freshDatabase();
    Run run =
        VariantsEndToEndTest.cli(
            "migrate",
            "--pg-url",
            VariantsEndToEndTest.url(db),
            MongoTestSupport.cliUriOption(),
            MongoTestSupport.cliUriValue(),
            "--mongo-db",
            mongoDb);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("24 inserted").contains("0 rejected");
    return canonical(mongoDb);
  }

  private static List<String> canonical(String mongoDb) {
    return VariantsEndToEndTest.documents(mongoDb, "orders").stream()
        .map((Document d) -> d.toJson(CANONICAL))
        .toList();
  }

  /** Creates the shaped database and runs inspect; returns the database and the job file. */
  private record Inspected(TestDatabase db, Path job, String mongoDb, Run inspect, Data data) {}

  private Inspected inspect(Shape shape, String... more) {
    Data data = shape.data();
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.execute(shape.sql(data));
    if (!shape.schema().equals("public")) {
      VariantsEndToEndTest.grantSchema(db, '"' + shape.schema() + '"');
    }
    String mongoDb = MongoTestSupport.freshDatabase();
    Path job = dir.resolve("job.yaml");
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "inspect",
                "--pg-url",
                VariantsEndToEndTest.url(db),
                MongoTestSupport.cliUriOption(),
                MongoTestSupport.cliUriValue(),
                "--mongo-db",
                mongoDb,
                "--markdown",
                dir.resolve("report.md").toString(),
                "--write-job",
                job.toString()));
    args.addAll(List.of(more));
    Run inspect = VariantsEndToEndTest.cli(args.toArray(String[]::new));
    assertThat(inspect.code()).as(inspect.err()).isZero();
    assertThat(job).exists();
    return new Inspected(db, job, mongoDb, inspect, data);
  }

  /** Migrates with the job file and checks the documents against the standard shape's. */
  private void migratesToTheStandardDocuments(Inspected i) throws Exception {
    String url = VariantsEndToEndTest.url(i.db());
    Run migrate = VariantsEndToEndTest.cli("migrate", "--job", i.job().toString(), "--pg-url", url);
    assertThat(migrate.code()).as(migrate.err() + "\n" + Files.readString(i.job())).isZero();
    assertThat(migrate.out()).contains("24 inserted").contains("0 rejected");
    assertThat(canonical(i.mongoDb())).containsExactlyElementsOf(standardDocuments(i.data()));
    // standardDocuments() read another database meanwhile: name this one (and its password) again.
    url = VariantsEndToEndTest.url(i.db());
    Run verify = VariantsEndToEndTest.cli("verify", "--job", i.job().toString(), "--pg-url", url);
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
  }

  /** Replaces the placeholder of {@code key}'s last segment with {@code value}, as an analyst. */
  private static void choose(Path job, String key, String value) throws Exception {
    String leaf = key.substring(key.lastIndexOf('.') + 1);
    String text = Files.readString(job);
    String replaced =
        text.replaceFirst("(?m)^(\\s*" + leaf + ": )\"?<choose[^\\n]*$", "$1" + value);
    assertThat(replaced).as("a placeholder for " + key + " in\n" + text).isNotEqualTo(text);
    Files.writeString(job, replaced);
  }

  // ------------------------------------------------------------------ shapes

  @Test
  void otherSchemaWithDecoys_namesAndForeignKeysDecide_taxInPercent() throws Exception {
    Shape shape =
        new Shape(
            "sales",
            Ids.BIGINT,
            Stamp.TIMESTAMPTZ,
            Promo.ENGLISH,
            Tax.PERCENT,
            new String[] {"customers", "uid", "name", "address", "promo_weekday"},
            new String[] {"products", "uid", "name", "brand", "price", "vat_percent"},
            new String[] {
              "orders", "uid", "ordered_at", "customer_uid", "latitude", "longitude", "status"
            },
            new String[] {"order_lines", "uid", "order_id", "product_id", "qty"},
            "all",
            """
            CREATE TABLE public.order_totals (order_id bigint, total numeric);
            CREATE TABLE public.orders_archive (uid bigint PRIMARY KEY, ordered_at timestamptz,
              customer_uid bigint, status text);
            INSERT INTO public.order_totals VALUES (3001, 10.00);
            """);
    Inspected i = inspect(shape);
    JobFile job = JobFile.read(i.job());
    assertThat(job.source().schema()).isEqualTo("sales");
    assertThat(job.source().roles().table(Table.CLIENTS)).contains("customers");
    assertThat(job.source().roles().column(Field.CLIENT_PROMOTION)).contains("promo_weekday");
    assertThat(job.source().roles().column(Field.PRODUCT_TAX_RATE)).contains("vat_percent");
    assertThat(job.mapping().taxRate()).isEqualTo(dev.ferry.core.TaxRateFormat.PERCENT);
    assertThat(Files.readString(i.job()))
        .contains("# schema detected (schema sales holds a better match")
        .contains("order_lines.order_id → orders.uid (declared foreign key)")
        .contains("every order_lines.qty value is a positive number: yes, ");
    migratesToTheStandardDocuments(i);
  }

  @Test
  void spanishThroughout_namesDecide_wallClockTimestamps() throws Exception {
    Shape shape =
        new Shape(
            "public",
            Ids.BIGINT,
            Stamp.TIMESTAMP,
            Promo.SPANISH,
            Tax.FRACTION,
            new String[] {"clientes", "id", "nombre", "direccion", "dia_promocion"},
            new String[] {"productos", "id", "nombre", "marca", "precio", "iva"},
            new String[] {
              "pedidos", "id", "fecha_pedido", "id_cliente", "latitud", "longitud", "estado"
            },
            new String[] {"detalle_pedido", "id", "id_pedido", "id_producto", "cantidad"},
            "all",
            "");
    Inspected i = inspect(shape);
    JobFile job = JobFile.read(i.job());
    assertThat(job.source().roles().table(Table.ORDER_ITEMS)).contains("detalle_pedido");
    assertThat(job.source().roles().column(Field.ORDER_CLIENT_UID)).contains("id_cliente");
    assertThat(job.source().roles().column(Field.ORDER_DATE)).contains("fecha_pedido");
    migratesToTheStandardDocuments(i);
  }

  @Test
  void portuguese_namesDecide_textIdsAndNoLineId() throws Exception {
    Shape shape =
        new Shape(
            "public",
            Ids.TEXT,
            Stamp.TIMESTAMPTZ,
            Promo.PORTUGUESE,
            Tax.FRACTION,
            new String[] {"clientes", "codigo", "nome", "endereco", "dia_promocao"},
            new String[] {"produtos", "codigo", "nome", "marca", "preco", "imposto"},
            new String[] {
              "pedidos", "codigo", "data_pedido", "cliente_id", "latitude", "longitude", "situacao"
            },
            new String[] {"itens_pedido", "", "pedido_id", "produto_id", "quantidade"},
            "all",
            "");
    Inspected i = inspect(shape);
    JobFile job = JobFile.read(i.job());
    assertThat(job.source().roles().table(Table.ORDER_ITEMS)).contains("itens_pedido");
    assertThat(job.source().roles().column(Field.ITEM_UID)).isEmpty();
    migratesToTheStandardDocuments(i);
  }

  @Test
  void abbreviations_namesDecide_withoutForeignKeys() throws Exception {
    Shape shape =
        new Shape(
            "public",
            Ids.TEXT,
            Stamp.TIMESTAMPTZ,
            Promo.ENGLISH,
            Tax.FRACTION,
            new String[] {"cust", "id", "nm", "addr", "promo"},
            new String[] {"prod", "id", "nm", "brnd", "prc", "tax"},
            new String[] {"ord", "id", "ts", "cust_id", "lat", "lng", "st"},
            new String[] {"ord_ln", "id", "ord_id", "prod_id", "qty"},
            "pk",
            "");
    Inspected i = inspect(shape);
    JobFile job = JobFile.read(i.job());
    assertThat(job.source().roles().table(Table.ORDERS)).contains("ord");
    assertThat(job.source().roles().table(Table.ORDER_ITEMS)).contains("ord_ln");
    assertThat(job.source().roles().column(Field.ITEM_QUANTITY)).contains("qty");
    migratesToTheStandardDocuments(i);
  }

  @Test
  void noForeignKeysAndOpaqueNames_inclusionOfValuesDecides_uuidIds() throws Exception {
    Shape shape =
        new Shape(
            "public",
            Ids.UUID,
            Stamp.TIMESTAMPTZ,
            Promo.ENGLISH,
            Tax.FRACTION,
            new String[] {"buyers", "ref", "label", "street", "promo_day"},
            new String[] {"goods", "ref", "title", "maker", "cost", "levy"},
            new String[] {"tickets", "ref", "placed", "buyer", "lat", "lon", "phase"},
            new String[] {"ticket_rows", "", "t", "g", "n"},
            "pk",
            "");
    Inspected i = inspect(shape);
    JobFile job = JobFile.read(i.job());
    assertThat(job.source().roles().table(Table.ORDERS)).contains("tickets");
    assertThat(job.source().roles().table(Table.ORDER_ITEMS)).contains("ticket_rows");
    assertThat(job.source().roles().column(Field.ITEM_ORDER_UID)).contains("t");
    assertThat(job.source().roles().column(Field.ITEM_PRODUCT_UID)).contains("g");
    assertThat(job.source().roles().column(Field.ITEM_QUANTITY)).contains("n");
    assertThat(job.source().roles().column(Field.PRODUCT_TAX_RATE)).contains("levy");
    assertThat(Files.readString(i.job()))
        .contains("every sampled value of ticket_rows.t exists in tickets.ref");
    migratesToTheStandardDocuments(i);
  }

  @Test
  void isoWeekdayNumbers_valuesAskForTheNumbering_theSettingDecides() throws Exception {
    Shape shape =
        new Shape(
            "public",
            Ids.BIGINT,
            Stamp.TIMESTAMP,
            Promo.ISO_NUMBER,
            Tax.FRACTION,
            new String[] {"clients", "uid", "name", "address", "promo_dow"},
            new String[] {"products", "uid", "name", "brand", "unit_price", "tax_rate"},
            new String[] {
              "orders", "uid", "date_of_order", "client_uid", "latitude", "longitude", "status"
            },
            new String[] {"order_items", "uid", "order_uid", "product_uid", "quantity"},
            "all",
            "");
    Inspected i = inspect(shape);
    assertThat(i.inspect().err())
        .contains("the data cannot decide mapping.weekday_numbers")
        .contains("with 1 setting for you to choose (mapping.weekday_numbers)");
    String text = Files.readString(i.job());
    assertThat(text)
        .contains("# CHOOSE mapping.weekday_numbers: clients.promo_dow holds weekday numbers (")
        .contains("#   iso: 1 = Monday … 7 = Sunday");

    // A run refuses the file, naming the placeholder and its line.
    int line = lineOf(text, "weekday_numbers:");
    Run refused =
        VariantsEndToEndTest.cli(
            "migrate", "--job", i.job().toString(), "--pg-url", VariantsEndToEndTest.url(i.db()));
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err())
        .contains(
            i.job()
                + " line "
                + line
                + ": mapping.weekday_numbers is still a placeholder (choose one of iso,"
                + " sunday_zero, sunday_one, monday_zero)");

    choose(i.job(), "mapping.weekday_numbers", "iso");
    migratesToTheStandardDocuments(i);
  }

  @Test
  void promotionAsDateAndADateOrderColumn_typesDecide() throws Exception {
    Shape shape =
        new Shape(
            "public",
            Ids.BIGINT,
            Stamp.DATE,
            Promo.DATE,
            Tax.FRACTION,
            new String[] {"clients", "uid", "name", "address", "promotion_date"},
            new String[] {"products", "uid", "name", "brand", "unit_price", "tax_rate"},
            new String[] {
              "orders", "uid", "order_date", "client_uid", "latitude", "longitude", "status"
            },
            new String[] {"order_items", "uid", "order_uid", "product_uid", "quantity"},
            "all",
            "");
    Inspected i = inspect(shape);
    JobFile job = JobFile.read(i.job());
    assertThat(job.source().roles().column(Field.CLIENT_PROMOTION)).contains("promotion_date");
    assertThat(job.source().roles().column(Field.ORDER_DATE)).contains("order_date");
    migratesToTheStandardDocuments(i);
  }

  @Test
  void twoTimestampsAndMixedTaxRates_nothingDecides_theAnalystChooses() throws Exception {
    Shape shape =
        new Shape(
            "public",
            Ids.UUID,
            Stamp.TIMESTAMPTZ,
            Promo.ENGLISH,
            Tax.MIXED,
            new String[] {"clients", "uid", "name", "address", "promotion_day"},
            new String[] {"products", "uid", "name", "brand", "unit_price", "tax_rate"},
            new String[] {
              "orders",
              "uid",
              "first_seen",
              "client_uid",
              "latitude",
              "longitude",
              "status",
              "last_seen"
            },
            new String[] {"order_items", "uid", "order_uid", "product_uid", "quantity"},
            "all",
            "");
    Inspected i = inspect(shape);
    String text = Files.readString(i.job());
    assertThat(text)
        .contains("date_of_order: \"<choose one of first_seen, last_seen>\"")
        .contains("tax_rate: \"<choose one of fraction, percent, auto>\"")
        .contains("# CHOOSE orders.date_of_order: not sure");
    Run refused =
        VariantsEndToEndTest.cli(
            "preview", "--job", i.job().toString(), "--pg-url", VariantsEndToEndTest.url(i.db()));
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err())
        .contains("still holds 2 placeholders to be chosen: line " + lineOf(text, "date_of_order:"))
        .contains("source.roles.orders.columns.date_of_order (choose one of first_seen, last_seen)")
        .contains("line " + lineOf(text, "tax_rate: \"<choose") + ": mapping.tax_rate");

    choose(i.job(), "source.roles.orders.columns.date_of_order", "first_seen");
    choose(i.job(), "mapping.tax_rate", "auto");
    migratesToTheStandardDocuments(i);
  }

  private static int lineOf(String text, String needle) {
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      if (lines[n].contains(needle) && !lines[n].strip().startsWith("#")) {
        return n + 1;
      }
    }
    throw new AssertionError(needle + " not in\n" + text);
  }
}
