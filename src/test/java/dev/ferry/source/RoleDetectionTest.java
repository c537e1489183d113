package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import dev.ferry.source.SourceSchemaResolver.Resolution;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Detection by synonyms, keys and types, and role mappings that override it. */
class RoleDetectionTest {

  private static final String SYNONYMS =
      """
      CREATE TABLE customers (id bigint PRIMARY KEY, customer_name text, address text,
                              promotion_date text);
      CREATE TABLE products (id bigint PRIMARY KEY, name text, brand text, price numeric,
                             vat numeric);
      CREATE TABLE orders (id bigint PRIMARY KEY, ordered_at timestamp,
                           customer_id bigint REFERENCES customers, lat numeric, lng numeric,
                           state text);
      CREATE TABLE order_lines (id bigint PRIMARY KEY, order_id bigint REFERENCES orders,
                                product_id bigint REFERENCES products, qty integer);
      """;

  @Test
  void findsRolesUnderTheirSynonyms() throws SQLException {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.execute(SYNONYMS);
    Resolution r = explain(db, RoleMapping.DETECT);
    SourceSchema schema = r.schema();
    assertThat(schema.tableName(Table.CLIENTS)).isEqualTo("customers");
    assertThat(schema.tableName(Table.ORDER_ITEMS)).isEqualTo("order_lines");
    assertThat(schema.required(Field.PRODUCT_UNIT_PRICE).name()).isEqualTo("price");
    assertThat(schema.required(Field.PRODUCT_TAX_RATE).name()).isEqualTo("vat");
    assertThat(schema.required(Field.CLIENT_PROMOTION).name()).isEqualTo("promotion_date");
    assertThat(schema.required(Field.ORDER_CLIENT_UID).name()).isEqualTo("customer_id");
    assertThat(schema.required(Field.ITEM_QUANTITY).name()).isEqualTo("qty");
    assertThat(schema.required(Field.ITEM_UID).name()).isEqualTo("id");
    assertThat(r.tableEvidence().get(Table.CLIENTS))
        .startsWith("name \"customers\" reads as clients: customers (English)")
        .contains("orders.customer_id → customers.id (declared foreign key)");
    assertThat(r.fieldEvidence().get(Field.ORDER_UID)).contains("name \"id\"", "primary key");
  }

  @Test
  void fallsBackOnKeysAndTypesWhenNoNameFits() throws SQLException {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.execute(
        """
        CREATE TABLE buyers (ref bigint PRIMARY KEY, name text, address text, promotion_day text);
        CREATE TABLE products (uid bigint PRIMARY KEY, name text, brand text, unit_price numeric,
                               tax_rate numeric);
        CREATE TABLE orders (code bigint PRIMARY KEY, booked timestamptz,
                             buyer bigint REFERENCES buyers, latitude numeric, longitude numeric,
                             status text);
        CREATE TABLE bundle (o bigint REFERENCES orders, p bigint REFERENCES products,
                             quantity integer);
        """);
    Resolution r = explain(db, RoleMapping.DETECT);
    SourceSchema schema = r.schema();
    assertThat(schema.tableName(Table.ORDER_ITEMS)).isEqualTo("bundle");
    assertThat(schema.tableName(Table.CLIENTS)).isEqualTo("buyers");
    assertThat(schema.required(Field.ORDER_UID).name()).isEqualTo("code");
    assertThat(schema.required(Field.ORDER_DATE).name()).isEqualTo("booked");
    assertThat(schema.required(Field.ORDER_CLIENT_UID).name()).isEqualTo("buyer");
    assertThat(schema.required(Field.ITEM_ORDER_UID).name()).isEqualTo("o");
    assertThat(schema.required(Field.ITEM_PRODUCT_UID).name()).isEqualTo("p");
    assertThat(schema.has(Field.ITEM_UID)).isFalse();
    assertThat(r.tableEvidence().get(Table.ORDER_ITEMS))
        .contains("bundle.o → orders.code (declared foreign key)")
        .contains("bundle.p → products.uid (declared foreign key)")
        .doesNotContain("name");
    assertThat(r.fieldEvidence().get(Field.ORDER_UID)).contains("primary key");
    assertThat(r.fieldEvidence().get(Field.ORDER_DATE))
        .contains("the only timestamp column of orders");
    assertThat(r.fieldEvidence().get(Field.ITEM_ORDER_UID))
        .startsWith("declared foreign key to orders.code");
  }

  @Test
  void aMappingOverridesDetectionAndSettlesWhatTheEvidenceCannot() throws SQLException {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.execute(SYNONYMS);
    db.execute(
        "CREATE TABLE clients (uid bigint, name text, address text, promotion_day text);"
            + "ALTER TABLE products ADD COLUMN list_price numeric;");
    // Two price columns: names cannot tell them apart, so Ferry asks instead of guessing.
    assertThatThrownBy(() -> explain(db, RoleMapping.DETECT))
        .isInstanceOf(SourceSchemaException.class)
        .hasMessageContaining(
            "table products: not sure which column is products.unit_price (candidates:")
        .hasMessageContaining("list_price")
        .hasMessageContaining("map it in a job file");

    RoleMapping mapping =
        new RoleMapping(
            Map.of(Table.CLIENTS, "customers"), Map.of(Field.PRODUCT_UNIT_PRICE, "LIST_PRICE"));
    Resolution r = explain(db, mapping);
    assertThat(r.schema().tableName(Table.CLIENTS)).isEqualTo("customers");
    assertThat(r.schema().required(Field.PRODUCT_UNIT_PRICE).name()).isEqualTo("list_price");
    assertThat(r.fieldEvidence().get(Field.PRODUCT_UNIT_PRICE)).isEqualTo("mapped");

    // Without a mapping for the table, the foreign key from orders outweighs Ferry's own name.
    assertThat(
            explain(db, new RoleMapping(Map.of(), Map.of(Field.PRODUCT_UNIT_PRICE, "price")))
                .schema()
                .tableName(Table.CLIENTS))
        .isEqualTo("customers");
  }

  @Test
  void aMappedNameThatDoesNotExistIsAnErrorNotAFallback() {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.execute(SYNONYMS);
    RoleMapping mapping =
        new RoleMapping(Map.of(Table.ORDERS, "sales"), Map.of(Field.PRODUCT_TAX_RATE, "tax_pct"));
    assertThatThrownBy(() -> explain(db, mapping))
        .isInstanceOf(SourceSchemaException.class)
        .hasMessageContaining("no table sales (mapped as orders; found: customers, order_lines,")
        .hasMessageContaining(
            "table products has no column tax_pct (mapped as products.tax_rate; it has: id, name,"
                + " brand, price, vat)");
  }

  @Test
  void contradictoryMappingsAreRefused() {
    assertThatThrownBy(
            () -> new RoleMapping(Map.of(Table.ORDERS, "x", Table.ORDER_ITEMS, "X"), Map.of()))
        .hasMessage(
            "Table \"X\" is mapped to both orders and order_items; each role needs its own table.");
    assertThatThrownBy(
            () ->
                new RoleMapping(
                    Map.of(), Map.of(Field.ORDER_LATITUDE, "pos", Field.ORDER_LONGITUDE, "pos")))
        .hasMessage(
            "Column \"pos\" is mapped to both orders.latitude and orders.longitude; each field"
                + " needs its own column.");
  }

  private static Resolution explain(TestDatabase db, RoleMapping mapping) throws SQLException {
    try (Connection connection = db.userConnection()) {
      return new SourceSchemaResolver("public", mapping).explain(connection);
    }
  }
}
