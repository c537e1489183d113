package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.MappingSettings;
import dev.ferry.core.PromotionOverride;
import dev.ferry.core.TaxRateFormat;
import dev.ferry.core.WeekdayNumbering;
import dev.ferry.source.RoleMapping;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobFileTest {

  static final String FULL =
      """
      version: 1
      source:
        url: jdbc:postgresql://db.example.com:5432/shop
        user: reader
        password_env: SHOP_PG_PASSWORD
        schema: sales
        zone: America/Mexico_City
        roles:
          clients:
            table: customers
            columns:
              uid: id
              promotion_day: promo
          order_items:
            table: order_lines
            columns:
              quantity: qty
      mapping:
        money_scale: 3
        rounding: HALF_EVEN
        tax_rate: percent
        promotion_overrides:
          "42":
            value: lunes
            zone: Europe/Madrid
          c-7:
            zone: UTC
      target:
        uri: mongodb://localhost:27017
        database: shop
        collection: sales
        batch_size: 500
      rejects:
        policy: collect
        max: 25
      timeouts:
        connect: 5s
        read: 45s
        server_selection: 3s
        query: 2h
      """;

  private static JobFile yaml(String text) {
    return JobFile.parse(text, false, "job.yaml");
  }

  @Test
  void readsEverySetting() {
    JobFile job = yaml(FULL);
    assertThat(job.source().url()).contains("jdbc:postgresql://db.example.com:5432/shop");
    assertThat(job.source().user()).contains("reader");
    assertThat(job.source().passwordEnv()).contains("SHOP_PG_PASSWORD");
    assertThat(job.source().schema()).isEqualTo("sales");
    assertThat(job.source().roles())
        .isEqualTo(
            new RoleMapping(
                Map.of(Table.CLIENTS, "customers", Table.ORDER_ITEMS, "order_lines"),
                Map.of(
                    Field.CLIENT_UID, "id",
                    Field.CLIENT_PROMOTION, "promo",
                    Field.ITEM_QUANTITY, "qty")));
    assertThat(job.mapping())
        .isEqualTo(
            new MappingSettings(
                ZoneId.of("America/Mexico_City"),
                3,
                RoundingMode.HALF_EVEN,
                TaxRateFormat.PERCENT,
                Map.of(
                    "42",
                    new PromotionOverride(
                        Optional.of("lunes"), Optional.of(ZoneId.of("Europe/Madrid"))),
                    "c-7",
                    PromotionOverride.zone(ZoneId.of("UTC")))));
    assertThat(job.target())
        .isEqualTo(
            new JobFile.Target(
                Optional.of("mongodb://localhost:27017"),
                Optional.empty(),
                Optional.of("shop"),
                "sales",
                500));
    assertThat(job.rejects())
        .isEqualTo(new RejectPolicy(RejectPolicy.Mode.COLLECT, OptionalLong.of(25)));
    assertThat(job.timeouts())
        .isEqualTo(
            new Timeouts(
                Duration.ofSeconds(5),
                Duration.ofSeconds(45),
                Duration.ofSeconds(3),
                Duration.ofHours(2)));
  }

  @Test
  void theTimeoutsReachBothEndsAndAMongoUrisOwnTimeoutWins() {
    JobSettings settings =
        yaml(FULL).toJobSettings(Optional.empty(), "mongodb://localhost/?socketTimeoutMS=7000");

    assertThat(settings.source().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.source().readTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(settings.source().queryTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(settings.target().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.target().serverSelectionTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.target().socketTimeout()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void leftOutKeysTakeTheDocumentedDefaults() {
    JobFile job = yaml("version: 1\n");
    assertThat(job).isEqualTo(JobFile.defaults());
    assertThat(job.mapping()).isEqualTo(MappingSettings.defaults());
    assertThat(job.target().collection()).isEqualTo("orders");
    assertThat(job.target().batchSize()).isEqualTo(1000);
    assertThat(job.source().schema()).isEqualTo("public");
    assertThat(job.timeouts()).isEqualTo(Timeouts.DEFAULTS);
    assertThat(Timeouts.DEFAULTS)
        .isEqualTo(
            new Timeouts(
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                Duration.ofMinutes(30)));
  }

  @Test
  void writesAndReadsBackTheSameJobInYamlAndJson(@TempDir Path dir) throws Exception {
    JobFile job = yaml(FULL);
    Path y = dir.resolve("job.yaml");
    Path j = dir.resolve("job.json");
    job.write(y);
    job.write(j);
    assertThat(JobFile.read(y)).isEqualTo(job);
    assertThat(JobFile.read(j)).isEqualTo(job);
    assertThat(Files.readString(y)).startsWith("# Ferry job file").contains("tax_rate: percent");
    assertThat(Files.readString(j)).contains("\"tax_rate\" : \"percent\"");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      version: 1\\nsourse:\\n  url: x                 | job.yaml line 2: unknown key "sourse"; known keys: version, source, mapping, target, rejects, timeouts.
      version: 1\\nsource:\\n  roles:\\n    orders:\\n      tabel: x | job.yaml line 5: unknown key "tabel" in source.roles.orders; known keys: table, columns.
      version: 1\\nsource:\\n  roles:\\n    invoices: {}  | job.yaml line 4: unknown key "invoices" in source.roles; known keys: clients, products, orders, order_items.
      version: 1\\nsource:\\n  roles:\\n    orders:\\n      columns:\\n        date: d | job.yaml line 6: unknown key "date" in source.roles.orders.columns; known keys: uid, date_of_order, client_uid, latitude, longitude, status.
      version: 1\\nmapping:\\n  tax_rate: percent\\n  tax_rate: fraction | job.yaml line 4: duplicate key "tax_rate" (first given on line 3).
      version: 2                                          | job.yaml line 1: version 2 is not supported; this Ferry reads version 1.
      source: {}                                          | job.yaml line 1: missing "version: 1".
      version: 1\\nmapping:\\n  tax_rate: percentage      | job.yaml line 3: mapping.tax_rate: 'percentage' is not a tax-rate format; use one of fraction, percent, auto.
      version: 1\\nmapping:\\n  rounding: UNNECESSARY    | job.yaml line 3: mapping: The rounding mode UNNECESSARY cannot round money; use HALF_UP, HALF_EVEN, DOWN, ...
      version: 1\\nmapping:\\n  money_scale: two       | job.yaml line 3: mapping.money_scale must be a whole number, not "two".
      version: 1\\nmapping:\\n  promotion_overrides:\\n    "7": {value: someday} | job.yaml line 4: mapping.promotion_overrides.7.value "someday" is neither a weekday (English, Spanish, Portuguese) nor a date YYYY-MM-DD.
      version: 1\\nmapping:\\n  promotion_overrides:\\n    "7": {} | job.yaml line 4: mapping.promotion_overrides.7: A promotion override needs a value, a zone or both.
      version: 1\\nsource:\\n  zone: Mars/Olympus        | job.yaml line 3: source.zone "Mars/Olympus" is not a time zone; use an id such as UTC or America/Bogota.
      version: 1\\nsource:\\n  password: hunter2        | job.yaml line 3: source.password is not allowed: a job file never holds a password; use source.password_env (the name of an environment variable) or PGPASSWORD.
      version: 1\\nsource:\\n  url: postgresql://u:hunter2@h/db | job.yaml line 3: source: the URL carries a password; a job file never holds one: use source.password_env or PGPASSWORD.
      version: 1\\nsource:\\n  url: jdbc:postgresql://u:hunter2@h/db | job.yaml line 3: source: the URL carries a password; a job file never holds one: use source.password_env or PGPASSWORD.
      version: 1\\nsource:\\n  url: jdbc:postgresql://h/db?sslpassword=hunter2 | job.yaml line 3: source: the URL carries a password; a job file never holds one: use source.password_env or PGPASSWORD.
      version: 1\\ntarget:\\n  uri: mongodb://u:hunter2@h | job.yaml line 3: target: the URI carries a password; a job file never holds one: use target.uri_env.
      version: 1\\ntarget:\\n  uri: mongodb://h/?tls=true&tlsCertificateKeyFilePassword=hunter2 | job.yaml line 3: target: the URI carries a password; a job file never holds one: use target.uri_env.
      version: 1\\ntimeouts:\\n  reed: 5s               | job.yaml line 3: unknown key "reed" in timeouts; known keys: connect, read, server_selection, query.
      version: 1\\ntimeouts:\\n  read: 30               | job.yaml line 3: timeouts.read: "30" is not a duration; write a whole number with a unit: 500ms, 30s, 5m, 1h.
      version: 1\\ntimeouts:\\n  query: 0s              | job.yaml line 3: timeouts.query must be longer than 0; a bound of 0 is no bound.
      version: 1\\ntarget:\\n  uri: mongodb://h\\n  uri_env: M | job.yaml line 4: target: target.uri and target.uri_env contradict each other; give one of them.
      version: 1\\nrejects:\\n  policy: fail\\n  max: 3 | job.yaml line 4: rejects: rejects.max contradicts rejects.policy fail (which stops at the first reject); remove one of them.
      version: 1\\nsource:\\n  roles:\\n    orders: {table: t}\\n    order_items: {table: T} | job.yaml line 3: source.roles: Table "T" is mapped to both orders and order_items; each role needs its own table.
      version: 1\\nsource:\\n  schema:                   | job.yaml line 3: source.schema has no value; give one or remove the key.
      version: 1\\ntarget: [a, b]                         | job.yaml line 2: target must be a mapping of keys to values.
      version: 1\\nsource:\\n  url: [x]                  | job.yaml line 3: source.url must be a single value, not a list or a mapping.
      """)
  void refusesWhatItDoesNotUnderstandNamingTheLine(String text, String message) {
    assertThatThrownBy(() -> yaml(text.replace("\\n", "\n")))
        .isInstanceOf(JobFileException.class)
        .hasMessage(message);
  }

  @Test
  void malformedYamlAndJsonNameTheLine() {
    assertThatThrownBy(() -> yaml("version: 1\nsource:\n  url: [unclosed\n"))
        .isInstanceOf(JobFileException.class)
        .hasMessageStartingWith("job.yaml line ")
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> JobFile.parse("{\"version\": 1,\n\"source\": }", true, "job.json"))
        .isInstanceOf(JobFileException.class)
        .hasMessageStartingWith("job.json line 2: not valid JSON");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
      source.roles.orders.columns.date_of_order | version: 1\\nsource:\\n  roles:\\n    orders:\\n      columns:\\n        date_of_order: "<choose one of ts_a, ts_b>" | job.yaml line 6: source.roles.orders.columns.date_of_order is still a placeholder (choose one of ts_a, ts_b)
      source.roles.order_items.table            | version: 1\\nsource:\\n  roles:\\n    order_items:\\n      table: <choose> | job.yaml line 5: source.roles.order_items.table is still a placeholder (choose a value)
      mapping.tax_rate                          | version: 1\\nmapping:\\n  tax_rate: "<choose one of fraction, percent, auto>" | job.yaml line 3: mapping.tax_rate is still a placeholder (choose one of fraction, percent, auto)
      mapping.weekday_numbers                   | version: 1\\nmapping:\\n  weekday_numbers: "<choose one of iso, sunday_zero>" | job.yaml line 3: mapping.weekday_numbers is still a placeholder (choose one of iso, sunday_zero)
      """)
  void aPlaceholderIsRefusedForRunsNamingItsLineButReadAsADraft(
      String key, String text, String message) {
    String yaml = text.replace("\\n", "\n");
    assertThatThrownBy(() -> yaml(yaml))
        .isInstanceOf(JobFileException.class)
        .hasMessageStartingWith(message);
    JobFile draft = JobFile.parseDraft(yaml, false, "job.yaml");
    assertThat(draft.placeholders()).extracting(JobFile.Placeholder::key).containsExactly(key);
    assertThat(draft.placeholder(key)).isTrue();
    // What a placeholder stands for is left to detection or its default.
    assertThat(draft.source().roles().isEmpty()).isTrue();
    assertThat(draft.mapping().taxRate()).isEqualTo(TaxRateFormat.FRACTION);
  }

  @Test
  void severalPlaceholdersAreNamedTogetherWithTheirLines() {
    String yaml =
        "version: 1\nsource:\n  roles:\n    orders:\n      table: <choose one of a, b>\n"
            + "mapping:\n  tax_rate: <choose>\n";
    assertThatThrownBy(() -> yaml(yaml))
        .hasMessage(
            "job.yaml still holds 2 placeholders to be chosen: line 5: source.roles.orders.table"
                + " (choose one of a, b); line 7: mapping.tax_rate (choose a value). Set them in the"
                + " file (the comments above each rank the candidates) or in the mapping editor.");
  }

  @Test
  void writesPlaceholdersAndCommentsAboveTheirKeysAndReadsThemBack(@TempDir Path dir)
      throws Exception {
    JobFile job =
        yaml(FULL)
            .withMapping(yaml(FULL).mapping().withWeekdayNumbers(WeekdayNumbering.SUNDAY_ZERO))
            .withPlaceholders(
                List.of(
                    new JobFile.Placeholder(
                        "source.roles.orders.columns.date_of_order", List.of("ts_a", "ts_b")),
                    new JobFile.Placeholder("source.roles.products.table", List.of())));
    Map<String, List<String>> comments =
        Map.of(
            "",
            List.of("Written by a test."),
            "source.roles.orders.columns.date_of_order",
            List.of("CHOOSE orders.date_of_order: not sure", "  ts_a (45 %)", "  ts_b (44 %)"),
            "source.roles.clients.table",
            List.of("97 %: name \"customers\" reads as clients"),
            "mapping.weekday_numbers",
            List.of("set by the analyst"));
    String text = job.toYaml(comments);
    assertThat(text)
        .contains("# Written by a test.\n")
        .contains("# 2 settings need your choice: search for \"<choose\"")
        .contains(
            "    clients:\n      # 97 %: name \"customers\" reads as clients\n      table: customers")
        .contains(
            "        # CHOOSE orders.date_of_order: not sure\n        #   ts_a (45 %)\n"
                + "        #   ts_b (44 %)\n        date_of_order: \"<choose one of ts_a, ts_b>\"")
        .contains("  # set by the analyst\n  weekday_numbers: sunday_zero");
    assertThat(JobFile.parseDraft(text, false, "job.yaml")).isEqualTo(job);
    Path json = dir.resolve("job.json");
    job.write(json, comments);
    assertThat(JobFile.readDraft(json)).isEqualTo(job);
    assertThatThrownBy(() -> JobFile.read(json)).hasMessageContaining("placeholders to be chosen");
  }

  @Test
  void aRoleCannotBeBothSetAndAPlaceholder() {
    JobFile job = yaml(FULL);
    assertThatThrownBy(
            () ->
                job.withPlaceholders(
                    List.of(new JobFile.Placeholder("source.roles.clients.table", List.of()))))
        .hasMessage("source.roles.clients.table is both set and a placeholder; keep one of them");
    assertThatThrownBy(() -> new JobFile.Placeholder("target.database", List.of()))
        .hasMessage("target.database cannot be a placeholder");
  }

  @ParameterizedTest(name = "weekday_numbers: {0}")
  @CsvSource({
    "iso, ISO",
    "sunday_zero, SUNDAY_ZERO",
    "SUNDAY_ONE, SUNDAY_ONE",
    "monday_zero, MONDAY_ZERO"
  })
  void readsTheWeekdayNumbering(String value, WeekdayNumbering expected) {
    JobFile job = yaml("version: 1\nmapping:\n  weekday_numbers: " + value + "\n");
    assertThat(job.mapping().weekdayNumbers()).isEqualTo(expected);
    assertThat(yaml(job.toYaml())).isEqualTo(job);
    // Overrides may then be numbers too.
    assertThat(
            yaml("version: 1\nmapping:\n  weekday_numbers: "
                    + value
                    + "\n  promotion_overrides:\n    \"7\": {value: \"3\"}\n")
                .mapping()
                .promotionOverrides())
        .containsKey("7");
  }

  @Test
  void refusesAnUnknownWeekdayNumberingAndANumberOverrideWithoutOne() {
    assertThatThrownBy(() -> yaml("version: 1\nmapping:\n  weekday_numbers: us\n"))
        .hasMessageStartingWith(
            "job.yaml line 3: mapping.weekday_numbers: 'us' is not a weekday numbering; use one of");
    assertThatThrownBy(
            () -> yaml("version: 1\nmapping:\n  promotion_overrides:\n    \"7\": {value: \"3\"}\n"))
        .hasMessage(
            "job.yaml line 4: mapping.promotion_overrides.7.value \"3\" is neither a weekday"
                + " (English, Spanish, Portuguese) nor a date YYYY-MM-DD.");
  }

  @Test
  void neverWritesAPassword() {
    JobFile job = yaml(FULL);
    assertThat(job.toYaml()).doesNotContainPattern("(?m)^\\s*password:").contains("password_env");
  }
}
