package dev.ferry.source;

import static dev.ferry.source.SourceTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.Secret;
import dev.ferry.source.CatalogColumn.TypeCategory;
import dev.ferry.source.CatalogRelation.Kind;
import dev.ferry.source.CatalogSample.Cell;
import dev.ferry.source.SourceSchema.Table;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The catalog browser against a real PostgreSQL 15, read through a SELECT-only role. */
class SchemaCatalogTest {

  /** Ferry's four tables (variant a) plus every kind of relation and unusual type. */
  private static TestDatabase db;

  private static CatalogSnapshot snapshot;

  @BeforeAll
  static void createDatabase() {
    db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/source/variant-a-uuid.sql");
    db.execute(
        """
        ALTER TABLE orders ADD CONSTRAINT orders_client_fk
          FOREIGN KEY (client_uid) REFERENCES clients (uid) NOT VALID;
        ANALYZE clients;

        CREATE TYPE mood AS ENUM ('happy', 'sad');
        CREATE DOMAIN positive_amount AS numeric(12, 2) CHECK (VALUE > 0);
        CREATE TABLE oddities (
          id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          tags text[],
          grid integer[][],
          feeling mood,
          amount positive_amount,
          doc json,
          docb jsonb NOT NULL DEFAULT '{}',
          blob bytea,
          search tsvector,
          period tstzrange,
          spans int4multirange,
          spot point,
          twice integer GENERATED ALWAYS AS (id * 2) STORED,
          long_text text
        );
        CREATE UNIQUE INDEX oddities_doc_key ON oddities ((docb ->> 'key'));
        COMMENT ON TABLE oddities IS 'every unusual type';
        COMMENT ON COLUMN oddities.doc IS 'raw JSON';
        INSERT INTO oddities
          (tags, grid, feeling, amount, doc, blob, search, period, spans, spot, long_text)
        VALUES
          ('{a,b}', '{{1,2},{3,4}}', 'happy', 12.50, '{"a": 1}', decode(repeat('ab', 200), 'hex'),
           to_tsvector('simple', 'hello world'), '[2024-01-01,2024-02-01)', '{[1,3),[5,7)}',
           '(1,2)', repeat('x', 500)),
          (NULL, NULL, NULL, NULL, NULL, '\\x0102', NULL, NULL, NULL, NULL, 'short');

        CREATE VIEW happy_oddities AS SELECT id, feeling FROM oddities WHERE feeling = 'happy';
        CREATE MATERIALIZED VIEW oddity_counts AS
          SELECT feeling, count(*) AS n FROM oddities GROUP BY feeling;
        CREATE TABLE events (id bigint, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
        CREATE TABLE events_2024 PARTITION OF events
          FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE event_notes (
          event_id bigint, event_at date, note text,
          FOREIGN KEY (event_id, event_at) REFERENCES events (id, at));
        CREATE FOREIGN DATA WRAPPER nowhere_fdw;
        CREATE SERVER nowhere FOREIGN DATA WRAPPER nowhere_fdw;
        CREATE FOREIGN TABLE remote_rates (code text, rate numeric) SERVER nowhere;

        CREATE TABLE trap_log (n integer);
        CREATE FUNCTION write_trap() RETURNS integer LANGUAGE sql VOLATILE
          AS 'INSERT INTO trap_log VALUES (1) RETURNING 1';
        CREATE VIEW trap AS SELECT write_trap() AS n;
        """);
    String role = '"' + db.user() + '"';
    db.execute(
        """
        CREATE SCHEMA "Sales Data";
        CREATE TABLE "Sales Data"."Order ""Lines""\" (
          "Weird ""Col""\" text, "select" integer, "MixedCase" text, secret text);
        INSERT INTO "Sales Data"."Order ""Lines""\"
          SELECT 'row ' || i, i, 'M' || i, 'hidden' FROM generate_series(1, 5) AS i;
        GRANT USAGE ON SCHEMA "Sales Data" TO %1$s;
        GRANT SELECT ("Weird ""Col""\", "select", "MixedCase") ON "Sales Data"."Order ""Lines""\"
          TO %1$s;
        CREATE SCHEMA locked;
        CREATE TABLE locked.nothing_to_see (x integer);
        """
            .formatted(role));
    snapshot = new SchemaCatalog(settings(db)).read();
  }

  private static CatalogRelation relation(String schema, String name) {
    return snapshot
        .relation(new CatalogRelationRef(schema, name))
        .orElseThrow(() -> new AssertionError("no relation " + schema + "." + name));
  }

  private static CatalogColumn column(CatalogRelation relation, String name) {
    return relation
        .column(name)
        .orElseThrow(() -> new AssertionError("no column " + name + " in " + relation.ref()));
  }

  private static List<String> texts(List<Cell> row) {
    return row.stream().map(Cell::display).toList();
  }

  @Test
  void listsTablesViewsMaterializedViewsAndPartitionedTables() {
    assertThat(snapshot.schemas())
        .extracting(CatalogSchema::name)
        .containsExactly("Sales Data", "locked", "public");
    assertThat(snapshot.database()).isEqualTo(db.name());
    assertThat(snapshot.user()).isEqualTo(db.user());
    assertThat(snapshot.serverVersion()).startsWith("15.");

    assertThat(relation("public", "clients").kind()).isEqualTo(Kind.TABLE);
    assertThat(relation("public", "happy_oddities").kind()).isEqualTo(Kind.VIEW);
    assertThat(relation("public", "oddity_counts").kind()).isEqualTo(Kind.MATERIALIZED_VIEW);
    assertThat(relation("public", "events").kind()).isEqualTo(Kind.PARTITIONED_TABLE);
    assertThat(relation("public", "remote_rates").kind()).isEqualTo(Kind.FOREIGN_TABLE);
    assertThat(relation("public", "remote_rates").kind().label()).isEqualTo("foreign table");
    CatalogRelation partition = relation("public", "events_2024");
    assertThat(partition.kind()).isEqualTo(Kind.TABLE);
    assertThat(partition.partitionOf()).contains(new CatalogRelationRef("public", "events"));
    assertThat(relation("public", "clients").partitionOf()).isEmpty();

    // Sorted by code point, and only relations: no indexes, sequences or composite types.
    assertThat(snapshot.schema("public").orElseThrow().relations())
        .extracting(CatalogRelation::name)
        .containsExactly(
            "clients",
            "event_notes",
            "events",
            "events_2024",
            "happy_oddities",
            "oddities",
            "oddity_counts",
            "order_items",
            "orders",
            "products",
            "remote_rates",
            "trap",
            "trap_log");
  }

  @Test
  void showsRowEstimatesOnlyWhenTheStatisticsKnowThem() {
    CatalogRelation analysed = relation("public", "clients");
    assertThat(analysed.rowEstimate()).hasValue(2);
    assertThat(analysed.rowEstimateText()).isEqualTo("2");
    assertThat(analysed.sizeEstimate()).isPresent();

    CatalogRelation neverAnalysed = relation("public", "products");
    assertThat(neverAnalysed.rowEstimate()).isEmpty();
    assertThat(neverAnalysed.rowEstimateText()).isEqualTo("unknown");
    assertThat(neverAnalysed.sizeEstimate()).isEmpty();
    assertThat(relation("public", "happy_oddities").rowEstimateText()).isEqualTo("unknown");
  }

  @Test
  void describesUnusualColumnTypes() {
    CatalogRelation oddities = relation("public", "oddities");
    assertThat(oddities.comment()).contains("every unusual type");
    assertThat(oddities.columns())
        .extracting(CatalogColumn::name, CatalogColumn::type, CatalogColumn::category)
        .containsExactly(
            tuple("id", "integer", TypeCategory.BASE),
            tuple("tags", "text[]", TypeCategory.ARRAY),
            tuple("grid", "integer[]", TypeCategory.ARRAY),
            tuple("feeling", "mood", TypeCategory.ENUM),
            tuple("amount", "positive_amount", TypeCategory.DOMAIN),
            tuple("doc", "json", TypeCategory.BASE),
            tuple("docb", "jsonb", TypeCategory.BASE),
            tuple("blob", "bytea", TypeCategory.BASE),
            tuple("search", "tsvector", TypeCategory.BASE),
            tuple("period", "tstzrange", TypeCategory.RANGE),
            tuple("spans", "int4multirange", TypeCategory.MULTIRANGE),
            tuple("spot", "point", TypeCategory.BASE),
            tuple("twice", "integer", TypeCategory.BASE),
            tuple("long_text", "text", TypeCategory.BASE));

    CatalogColumn id = column(oddities, "id");
    assertThat(id.primaryKey()).isTrue();
    assertThat(id.nullable()).isFalse();
    assertThat(id.defaultValue()).contains("GENERATED ALWAYS AS IDENTITY");
    assertThat(column(oddities, "feeling").detail()).contains("enum ('happy', 'sad')");
    assertThat(column(oddities, "amount").detail()).contains("domain over numeric(12,2)");
    assertThat(column(oddities, "docb").nullable()).isFalse();
    assertThat(column(oddities, "docb").defaultValue()).contains("'{}'::jsonb");
    assertThat(column(oddities, "twice").defaultValue())
        .contains("GENERATED ALWAYS AS ((id * 2)) STORED");
    assertThat(column(oddities, "doc").comment()).contains("raw JSON");
    assertThat(column(oddities, "tags").primaryKey()).isFalse();
    assertThat(column(oddities, "tags").nullable()).isTrue();

    assertThat(oddities.indexes())
        .containsExactly(
            new CatalogIndex(
                "oddities_doc_key",
                "CREATE UNIQUE INDEX oddities_doc_key ON public.oddities USING btree (((docb ->> 'key'::text)))",
                true,
                false),
            new CatalogIndex(
                "oddities_pkey",
                "CREATE UNIQUE INDEX oddities_pkey ON public.oddities USING btree (id)",
                true,
                true));
  }

  @Test
  void showsForeignKeyTargets() {
    assertThat(column(relation("public", "orders"), "client_uid").references())
        .extracting(Object::toString)
        .containsExactly("public.clients(uid)");
    // A key to a partitioned table is stored once more per partition; only the declared one shows.
    CatalogRelation notes = relation("public", "event_notes");
    assertThat(column(notes, "event_id").references())
        .extracting(Object::toString)
        .containsExactly("public.events(id)");
    assertThat(column(notes, "event_at").references())
        .extracting(Object::toString)
        .containsExactly("public.events(at)");
    assertThat(column(notes, "note").references()).isEmpty();
  }

  @Test
  void marksTheFourTablesFerryReads() {
    CatalogRoles roles = snapshot.ferry();

    assertThat(roles.ready()).isTrue();
    assertThat(roles.missing()).isEmpty();
    assertThat(roles.schema()).isEqualTo("public");
    assertThat(roles.relations())
        .isEqualTo(
            Map.of(
                Table.CLIENTS, new CatalogRelationRef("public", "clients"),
                Table.PRODUCTS, new CatalogRelationRef("public", "products"),
                Table.ORDERS, new CatalogRelationRef("public", "orders"),
                Table.ORDER_ITEMS, new CatalogRelationRef("public", "order_items")));
    assertThat(roles.roleOf(new CatalogRelationRef("public", "orders"))).contains(Table.ORDERS);
    assertThat(roles.roleOf(new CatalogRelationRef("public", "oddities"))).isEmpty();
    assertThat(roles.resolved().orElseThrow().has(SourceSchema.Field.ITEM_UID)).isTrue();
  }

  @Test
  void reportsMissingExpectedColumns() {
    TestDatabase broken = EmbeddedPostgresSupport.createDatabase();
    broken.execute(
        """
        CREATE TABLE clients (uid text, name text, address text);
        CREATE TABLE products (uid text, name text, brand text, unit_price text, tax_rate numeric);
        CREATE TABLE "Orders" (uid text, date_of_order timestamptz, client_uid text,
          latitude text, longitude text, status text);
        """);

    CatalogRoles roles = new SchemaCatalog(settings(broken)).read().ferry();

    assertThat(roles.ready()).isFalse();
    assertThat(roles.resolved()).isEmpty();
    assertThat(roles.relations())
        .isEqualTo(
            Map.of(
                Table.CLIENTS, new CatalogRelationRef("public", "clients"),
                Table.PRODUCTS, new CatalogRelationRef("public", "products"),
                Table.ORDERS, new CatalogRelationRef("public", "Orders")));
    assertThat(roles.missing())
        .containsExactlyInAnyOrder(
            "no table plays order_items (found: Orders, clients, products)",
            "table clients has no column for clients.promotion_day (it has: uid, name, address)",
            "products.unit_price is text, expected a number type (numeric, integer, ...)");
  }

  @Test
  void reportsAnUnknownFerrySchemaAsOneProblem() {
    CatalogSnapshot other = new SchemaCatalog(settings(db).withSchema("shop")).read();

    assertThat(other.ferry().relations()).isEmpty();
    assertThat(other.ferry().missing()).hasSize(1);
    assertThat(other.ferry().missing().get(0))
        .startsWith("Schema \"shop\" does not exist or is not visible to this user");
    // The browser itself still shows everything.
    assertThat(other.schemas()).hasSize(3);
  }

  @Test
  void readsFirstRowsWithQuotedIdentifiers() {
    CatalogRelationRef ref = new CatalogRelationRef("Sales Data", "Order \"Lines\"");
    assertThat(ref.quoted()).isEqualTo("\"Sales Data\".\"Order \"\"Lines\"\"\"");

    CatalogSample sample = new SchemaCatalog(settings(db)).firstRows(ref, 3);

    assertThat(sample.columns()).containsExactly("Weird \"Col\"", "select", "MixedCase");
    assertThat(sample.unreadableColumns()).containsExactly("secret");
    assertThat(sample.rows())
        .extracting(SchemaCatalogTest::texts)
        .containsExactly(
            List.of("row 1", "1", "M1"), List.of("row 2", "2", "M2"), List.of("row 3", "3", "M3"));
    assertThat(sample.more()).isTrue();

    CatalogSample all =
        new SchemaCatalog(settings(db)).firstRows("Sales Data", "Order \"Lines\"", 5);
    assertThat(all.rows()).hasSize(5);
    assertThat(all.more()).isFalse();
    // Column-level privileges are shown as such: the relation as a whole is not selectable.
    CatalogRelation lines = relation("Sales Data", "Order \"Lines\"");
    assertThat(lines.selectable()).isFalse();
    assertThat(column(lines, "select").selectable()).isTrue();
    assertThat(column(lines, "secret").selectable()).isFalse();
  }

  @Test
  void readsFirstRowsOfUnusualTypesShortened() {
    CatalogSample sample = new SchemaCatalog(settings(db)).firstRows("public", "oddities", 100);

    assertThat(sample.rows()).hasSize(2);
    List<Cell> first = sample.rows().get(0);
    Map<String, Cell> row =
        java.util.stream.IntStream.range(0, sample.columns().size())
            .boxed()
            .collect(java.util.stream.Collectors.toMap(sample.columns()::get, first::get));
    assertThat(row.get("tags").display()).isEqualTo("{a,b}");
    assertThat(row.get("grid").display()).isEqualTo("{{1,2},{3,4}}");
    assertThat(row.get("feeling").display()).isEqualTo("happy");
    assertThat(row.get("amount").display()).isEqualTo("12.50");
    assertThat(row.get("doc").display()).isEqualTo("{\"a\": 1}");
    assertThat(row.get("docb").display()).isEqualTo("{}");
    assertThat(row.get("search").display()).isEqualTo("'hello':1 'world':2");
    assertThat(row.get("spans").display()).isEqualTo("{[1,3),[5,7)}");
    assertThat(row.get("twice").display()).isEqualTo("2");
    assertThat(row.get("blob").display())
        .isEqualTo("\\x" + "ab".repeat(SchemaCatalog.MAX_BYTES) + "… (200 bytes)");
    assertThat(row.get("blob").truncated()).isTrue();
    assertThat(row.get("long_text").display()).isEqualTo("x".repeat(200) + "…");
    assertThat(row.get("long_text").truncated()).isTrue();

    List<Cell> second = sample.rows().get(1);
    int blob = sample.columns().indexOf("blob");
    assertThat(second.get(blob)).isEqualTo(new Cell(Optional.of("\\x0102"), false));
    assertThat(second.get(sample.columns().indexOf("tags"))).isEqualTo(Cell.NULL);
    assertThat(second.get(sample.columns().indexOf("tags")).display()).isEqualTo("[NULL]");
    assertThat(second.get(sample.columns().indexOf("long_text")).display()).isEqualTo("short");
  }

  @Test
  void readsAsAReadOnlyRole() throws Exception {
    // The SELECT-only role (no CREATE, no TEMPORARY) reads everything above; a schema it may not
    // use is still listed, marked as such.
    CatalogSchema locked = snapshot.schema("locked").orElseThrow();
    assertThat(locked.usable()).isFalse();
    assertThat(locked.relations())
        .extracting(CatalogRelation::name)
        .containsExactly("nothing_to_see");
    assertThat(snapshot.schema("public").orElseThrow().usable()).isTrue();

    // Even a superuser cannot write through the catalog: a view calling a writing function fails
    // because the transaction is read-only, and nothing is written.
    PostgresSettings superuser =
        PostgresSettings.of(db.jdbcUrl(), EmbeddedPostgresSupport.SUPERUSER, Optional.empty());
    assertThatThrownBy(() -> new SchemaCatalog(superuser).firstRows("public", "trap", 1))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("read-only transaction");
    try (Connection connection = db.superuserConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM trap_log")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    }

    // On a caller's connection, the flags it had are restored.
    try (Connection connection = db.userConnection()) {
      CatalogSnapshot read = SchemaCatalog.read(connection, "public");
      assertThat(read.ferry().ready()).isTrue();
      assertThat(connection.getAutoCommit()).isTrue();
      assertThat(connection.isReadOnly()).isFalse();
      CatalogSample sample =
          SchemaCatalog.firstRows(connection, new CatalogRelationRef("public", "clients"), 1);
      assertThat(sample.rows()).hasSize(1);
      assertThat(connection.getAutoCommit()).isTrue();
    }
  }

  @Test
  void saysWhatWentWrong() {
    SchemaCatalog catalog = new SchemaCatalog(settings(db));
    assertThatThrownBy(() -> catalog.firstRows("public", "clients", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The row limit must be between 1 and 100, not 0.");
    assertThatThrownBy(() -> catalog.firstRows("public", "clients", 101))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> catalog.firstRows("public", "no_such_table", 10))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("There is no table or view public.no_such_table");
    assertThatThrownBy(() -> catalog.firstRows("public", "remote_rates", 10))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("remote_rates");

    PostgresSettings wrongPassword =
        PostgresSettings.of(db.jdbcUrl(), db.user(), Optional.of(Secret.of("wrong")));
    assertThatThrownBy(() -> new SchemaCatalog(wrongPassword).read())
        .isInstanceOf(SourceException.class)
        .hasMessageNotContaining("wrong")
        .hasMessageContaining(db.user());
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }
}
