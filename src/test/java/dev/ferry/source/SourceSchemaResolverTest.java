package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.Workers;
import dev.ferry.core.OrderTimestamp;
import dev.ferry.core.SourceOrder;
import dev.ferry.engine.OrderSelection;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding the tables and columns by introspection, and saying clearly what is missing. */
class SourceSchemaResolverTest {

  @Test
  void resolvesNamesAndTypesOfTheUuidVariant() throws SQLException {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/source/variant-a-uuid.sql");

    SourceSchema schema = resolve(db, "public");

    assertThat(schema.required(Field.ORDER_UID).baseType()).isEqualTo("uuid");
    assertThat(schema.required(Field.ORDER_DATE).type()).isEqualTo("timestamp with time zone");
    assertThat(schema.required(Field.PRODUCT_UNIT_PRICE).type()).isEqualTo("numeric(12,2)");
    assertThat(schema.required(Field.CLIENT_PROMOTION).name()).isEqualTo("promotion_day");
    assertThat(schema.has(Field.ITEM_UID)).isTrue();
    assertThat(schema.missingOptionalFields()).isEmpty();
  }

  @Test
  void findsPromotionDateAndNotesTheMissingLineUid() throws SQLException {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/source/variant-b-text.sql");

    SourceSchema schema = resolve(db, "public");

    assertThat(schema.required(Field.CLIENT_PROMOTION).name()).isEqualTo("promotion_date");
    assertThat(schema.required(Field.CLIENT_PROMOTION).baseType()).isEqualTo("date");
    assertThat(schema.has(Field.ITEM_UID)).isFalse();
    assertThat(schema.missingOptionalFields()).containsExactly(Field.ITEM_UID);
    assertThat(schema.tables().get(Table.ORDER_ITEMS).columns())
        .extracting(SourceSchema.Column::name)
        .containsExactly("order_uid", "product_uid", "quantity", "note");
  }

  @Test
  void readsAConfiguredSchemaWithMixedCaseNamesViewsAndDomains() {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.execute(
        """
        CREATE SCHEMA "Sales";
        GRANT USAGE ON SCHEMA "Sales" TO %1$s;
        ALTER DEFAULT PRIVILEGES IN SCHEMA "Sales" GRANT SELECT ON TABLES TO %1$s;
        CREATE DOMAIN "Sales".money_amount AS numeric(12, 2);
        CREATE TABLE "Sales"."Clients" ("UID" text, "Name" text, "Address" text, "Promotion_Day" text);
        CREATE TABLE "Sales".products (uid text, name text, brand text,
          unit_price "Sales".money_amount, tax_rate real);
        CREATE TABLE "Sales".orders_raw (uid text, date_of_order timestamptz, client_uid text,
          latitude real, longitude real, status text, secret_column text);
        CREATE VIEW "Sales".orders AS
          SELECT uid, date_of_order, client_uid, latitude, longitude, status FROM "Sales".orders_raw;
        CREATE MATERIALIZED VIEW "Sales".order_items AS
          SELECT 'o1'::text AS order_uid, 'p1'::text AS product_uid, 2::bigint AS quantity;
        GRANT SELECT ON "Sales".order_items TO %1$s;
        INSERT INTO "Sales"."Clients" VALUES ('c1', 'N', 'A', 'lunes');
        INSERT INTO "Sales".products VALUES ('p1', 'P', 'B', 12.5, 0.16);
        INSERT INTO "Sales".orders_raw VALUES ('o1', '2024-03-04T10:00:00Z', 'c1', 1.5, 2.25, 's', 'x');
        """
            .formatted('"' + db.user() + '"'));

    PostgresSettings settings = SourceTesting.settings(db).withSchema("sales");
    try (PostgresOrderSource source = new PostgresOrderSource(settings, Workers.watchdogs())) {
      SourceSchema schema = source.inspectSchema();
      List<SourceOrder> orders = SourceTesting.drain(source.open(OrderSelection.all()));

      assertThat(schema.schema()).isEqualTo("Sales");
      assertThat(schema.tableName(Table.CLIENTS)).isEqualTo("Clients");
      assertThat(schema.required(Field.CLIENT_UID).name()).isEqualTo("UID");
      assertThat(schema.required(Field.PRODUCT_UNIT_PRICE).baseType()).isEqualTo("numeric");
      assertThat(source.describe()).endsWith("/" + db.name() + " (schema sales)");
      assertThat(orders)
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.orderedAt())
                    .contains(new OrderTimestamp.Absolute(Instant.parse("2024-03-04T10:00:00Z")));
                assertThat(o.client().orElseThrow().promotion()).contains("lunes");
                assertThat(o.latitude()).contains("1.5");
                assertThat(o.lines())
                    .singleElement()
                    .satisfies(
                        l -> {
                          assertThat(l.quantity())
                              .hasValueSatisfying(q -> assertThat(q).isEqualByComparingTo("2"));
                          assertThat(l.product().orElseThrow().unitPrice())
                              .hasValueSatisfying(
                                  p -> assertThat(p.toPlainString()).isEqualTo("12.50"));
                          assertThat(l.product().orElseThrow().taxRate())
                              .hasValueSatisfying(
                                  t -> assertThat(t.toPlainString()).isEqualTo("0.16"));
                        });
              });
    }
  }

  @Test
  void namesAMissingTableAndWhatWasFound() {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/source/variant-a-uuid.sql");
    db.execute("DROP TABLE order_items;");

    assertThatThrownBy(() -> resolve(db, "public"))
        .isInstanceOf(SourceSchemaException.class)
        .hasMessage(
            "Schema \"public\" cannot be read: no table plays order_items (found: clients, orders,"
                + " products).");
  }

  @Test
  void namesEveryMissingColumnAndWhatTheTableHas() {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/source/variant-a-uuid.sql");
    db.execute(
        "ALTER TABLE clients DROP COLUMN promotion_day; ALTER TABLE orders RENAME COLUMN status TO"
            + " zz;");

    assertThatThrownBy(() -> resolve(db, "public"))
        .isInstanceOf(SourceSchemaException.class)
        .hasMessage(
            "Schema \"public\" cannot be read: table clients has no column for"
                + " clients.promotion_day (it has: uid, name, address, created_at); table orders has"
                + " no column for orders.status (it has: uid, date_of_order, client_uid, latitude,"
                + " longitude, zz).");
  }

  @Test
  void rejectsTypesItCannotReadWithoutInterpreting() {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/source/variant-a-uuid.sql");
    db.execute(
        "ALTER TABLE orders ALTER COLUMN date_of_order TYPE text;"
            + "ALTER TABLE products ALTER COLUMN unit_price TYPE varchar(20);");

    assertThatThrownBy(() -> resolve(db, "public"))
        .isInstanceOf(SourceSchemaException.class)
        .hasMessageContaining(
            "products.unit_price is character varying(20), expected a number type")
        .hasMessageContaining(
            "orders.date_of_order is text, expected timestamp with time zone, timestamp without"
                + " time zone or date");
  }

  @Test
  void reportsAMissingSelectPrivilege() {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/source/variant-a-uuid.sql");
    db.execute("REVOKE SELECT ON clients FROM " + db.user() + ";");

    assertThatThrownBy(() -> resolve(db, "public"))
        .isInstanceOf(SourceSchemaException.class)
        .hasMessageContaining(
            "this user has no SELECT privilege on clients (columns uid, name, address,"
                + " promotion_day)");
  }

  @Test
  void listsTheSchemasWhenTheConfiguredOneDoesNotExist() {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();

    assertThatThrownBy(() -> resolve(db, "sales"))
        .isInstanceOf(SourceSchemaException.class)
        .hasMessage(
            "Schema \"sales\" does not exist or is not visible to this user (schemas found:"
                + " public); check the schema setting.");
  }

  @Test
  void saysSoWhenTheSchemaIsEmpty() {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();

    try (PostgresOrderSource source = SourceTesting.source(db)) {
      assertThatThrownBy(() -> source.open(OrderSelection.all()))
          .isInstanceOf(SourceSchemaException.class)
          .hasMessageStartingWith("Schema \"public\" has no tables or views");
    }
  }

  private static SourceSchema resolve(TestDatabase db, String schema) throws SQLException {
    try (Connection connection = db.userConnection()) {
      return new SourceSchemaResolver(schema).resolve(connection);
    }
  }
}
