package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.source.RoleDetection.Ranking;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Role detection on databases described as tables of profiles (no server): each test names the
 * signal that decides.
 */
class RoleDetectorTest {

  private static RoleDetection detect(String profiles) {
    return RoleDetector.detect(ProfileTables.parse(profiles), "public", RoleMapping.DETECT, true);
  }

  private static String chosen(RoleDetection d, Table t) {
    return d.tables().get(t).chosen().orElse("(none)");
  }

  private static String chosen(RoleDetection d, Field f) {
    return d.fields().get(f).chosen().orElse("(none)");
  }

  private static void assertRoles(
      RoleDetection d, String clients, String products, String orders, String items) {
    assertThat(
            Map.of(
                "clients", chosen(d, Table.CLIENTS),
                "products", chosen(d, Table.PRODUCTS),
                "orders", chosen(d, Table.ORDERS),
                "order_items", chosen(d, Table.ORDER_ITEMS)))
        .as(d.summary())
        .isEqualTo(
            Map.of(
                "clients", clients, "products", products, "orders", orders, "order_items", items));
  }

  // ------------------------------------------------------------------ names

  @ParameterizedTest(name = "name {0} reads as {1}: {2}")
  @CsvSource({
    "clientes,        CLIENTS,     strong",
    "customers,       CLIENTS,     strong",
    "cust,            CLIENTS,     strong",
    "tb_clientes,     CLIENTS,     strong",
    "productos,       PRODUCTS,    strong",
    "produtos,        PRODUCTS,    strong",
    "prod,            PRODUCTS,    strong",
    "pedidos,         ORDERS,      strong",
    "ord,             ORDERS,      strong",
    "SalesOrders,     ORDERS,      strong",
    "orders_archive,  ORDERS,      weak",
    "order_totals,    ORDERS,      weak",
    "orders2019,      ORDERS,      weak",
    "order_lines,     ORDERS,      weak",
    "detalle_pedido,  ORDER_ITEMS, strong",
    "itens_pedido,    ORDER_ITEMS, strong",
    "ord_ln,          ORDER_ITEMS, strong",
    "orderitems,      ORDER_ITEMS, strong",
    "line_items,      ORDER_ITEMS, strong",
    "pedidos,         ORDER_ITEMS, none",
    "notes,           CLIENTS,     none",
  })
  void nameSignalOfTables(String name, Table role, String strength) {
    double score = RoleNames.table(role, name).score();
    switch (strength) {
      case "strong" -> assertThat(score).as(name).isGreaterThanOrEqualTo(2.5);
      case "weak" -> assertThat(score).as(name).isBetween(0.01, 1.0);
      default -> assertThat(score).as(name).isZero();
    }
  }

  @ParameterizedTest(name = "name {0} reads as {1}: {2}")
  @CsvSource({
    "promo_weekday,  CLIENT_PROMOTION,   strong",
    "dia_promocion,  CLIENT_PROMOTION,   strong",
    "dia_promocao,   CLIENT_PROMOTION,   strong",
    "promoDay,       CLIENT_PROMOTION,   strong",
    "vat_percent,    PRODUCT_TAX_RATE,   strong",
    "iva,            PRODUCT_TAX_RATE,   strong",
    "imposto,        PRODUCT_TAX_RATE,   strong",
    "tasa_impuesto,  PRODUCT_TAX_RATE,   strong",
    "precio,         PRODUCT_UNIT_PRICE, strong",
    "preco_unitario, PRODUCT_UNIT_PRICE, strong",
    "fecha_pedido,   ORDER_DATE,         strong",
    "data_pedido,    ORDER_DATE,         strong",
    "ordered_at,     ORDER_DATE,         strong",
    "updated_at,     ORDER_DATE,         none",
    "shipped_at,     ORDER_DATE,         none",
    "id_cliente,     ORDER_CLIENT_UID,   strong",
    "customer_uid,   ORDER_CLIENT_UID,   strong",
    "id_cliente,     ORDER_UID,          weak",
    "qty,            ITEM_QUANTITY,      strong",
    "cant,           ITEM_QUANTITY,      strong",
    "quantidade,     ITEM_QUANTITY,      strong",
    "latitud,        ORDER_LATITUDE,     strong",
    "lng,            ORDER_LONGITUDE,    strong",
    "situacao,       ORDER_STATUS,       strong",
    "nombre,         CLIENT_NAME,        strong",
    "endereco,       CLIENT_ADDRESS,     strong",
    "marca,          PRODUCT_BRAND,      strong",
    "customer_name,  ORDER_CLIENT_UID,   weak",
    "created_at,     CLIENT_PROMOTION,   none",
  })
  void nameSignalOfColumns(String name, Field field, String strength) {
    double score = RoleNames.field(field, name).score();
    switch (strength) {
      case "strong" -> assertThat(score).as(name).isGreaterThanOrEqualTo(2.5);
      case "weak" -> assertThat(score).as(name).isBetween(0.01, 1.0);
      default -> assertThat(score).as(name).isZero();
    }
  }

  @Test
  void namesDecide_spanishThroughout() {
    RoleDetection d =
        detect(
            """
            public.clientes
              id            int8 pk
              nombre        text
              direccion     text
              dia_promocion text
            public.productos
              id     int8 pk
              nombre text
              marca  text
              precio numeric
              iva    numeric
            public.pedidos
              id           int8 pk
              fecha_pedido timestamp
              id_cliente   int8
              latitud      numeric
              longitud     numeric
              estado       text
            public.detalle_pedido
              id          int8 pk
              id_pedido   int8
              id_producto int8
              cantidad    int4
            """);
    assertRoles(d, "clientes", "productos", "pedidos", "detalle_pedido");
    assertThat(chosen(d, Field.CLIENT_PROMOTION)).isEqualTo("dia_promocion");
    assertThat(chosen(d, Field.PRODUCT_TAX_RATE)).isEqualTo("iva");
    assertThat(chosen(d, Field.ORDER_DATE)).isEqualTo("fecha_pedido");
    assertThat(chosen(d, Field.ORDER_CLIENT_UID)).isEqualTo("id_cliente");
    assertThat(chosen(d, Field.ORDER_UID)).isEqualTo("id");
    assertThat(chosen(d, Field.ITEM_ORDER_UID)).isEqualTo("id_pedido");
    assertThat(chosen(d, Field.ITEM_QUANTITY)).isEqualTo("cantidad");
    assertThat(chosen(d, Field.ITEM_UID)).isEqualTo("id");
    assertThat(d.complete()).as(d.unresolved().toString()).isTrue();
    assertThat(d.tables().get(Table.ORDER_ITEMS).evidence())
        .contains("name \"detalle_pedido\" reads as order items");
  }

  @Test
  void namesDecide_portugueseWithoutALineId() {
    RoleDetection d =
        detect(
            """
            public.clientes
              codigo      text pk
              nome        text
              endereco    text
              dia_promocao text
            public.produtos
              codigo  text pk
              nome    text
              marca   text
              preco   numeric
              imposto numeric
            public.pedidos
              codigo      text pk
              data_pedido timestamptz
              cliente_id  text
              latitude    float8
              longitude   float8
              situacao    text
            public.itens_pedido
              pedido_id  text
              produto_id text
              quantidade int4
            """);
    assertRoles(d, "clientes", "produtos", "pedidos", "itens_pedido");
    assertThat(chosen(d, Field.CLIENT_UID)).isEqualTo("codigo");
    assertThat(chosen(d, Field.ITEM_PRODUCT_UID)).isEqualTo("produto_id");
    assertThat(d.fields().get(Field.ITEM_UID).chosen()).isEmpty();
    assertThat(d.complete()).as(d.unresolved().toString()).isTrue();
  }

  @Test
  void namesDecide_abbreviations() {
    RoleDetection d =
        detect(
            """
            public.cust
              id    text pk
              nm    text
              addr  text
              promo text
            public.prod
              id   text pk
              nm   text
              brnd text
              prc  numeric
              tax  numeric
            public.ord
              id      text pk
              ts      timestamptz
              cust_id text
              lat     numeric
              lng     numeric
              st      text
            public.ord_ln
              id      text pk
              ord_id  text
              prod_id text
              qty     int4
            """);
    assertRoles(d, "cust", "prod", "ord", "ord_ln");
    assertThat(chosen(d, Field.CLIENT_NAME)).isEqualTo("nm");
    assertThat(chosen(d, Field.PRODUCT_BRAND)).isEqualTo("brnd");
    assertThat(chosen(d, Field.ORDER_DATE)).isEqualTo("ts");
    assertThat(chosen(d, Field.ITEM_QUANTITY)).isEqualTo("qty");
    assertThat(d.complete()).as(d.unresolved().toString()).isTrue();
  }

  // ------------------------------------------------------------------ keys

  @Test
  void foreignKeysDecide_tablesWithOpaqueNames() {
    RoleDetection d =
        detect(
            """
            public.t_a
              ref        int8 pk
              name       text
              address    text
              promo_day  text
            public.t_b
              ref        int8 pk
              name       text
              brand      text
              unit_price numeric
              tax_rate   numeric
            public.t_c
              ref        int8 pk
              booked     timestamptz
              who        int8 fk=public.t_a.ref
              latitude   numeric
              longitude  numeric
              status     text
            public.t_d
              o          int8 fk=public.t_c.ref
              p          int8 fk=public.t_b.ref
              quantity   int4
            """);
    assertRoles(d, "t_a", "t_b", "t_c", "t_d");
    assertThat(chosen(d, Field.ORDER_CLIENT_UID)).isEqualTo("who");
    assertThat(chosen(d, Field.ITEM_ORDER_UID)).isEqualTo("o");
    assertThat(chosen(d, Field.ITEM_PRODUCT_UID)).isEqualTo("p");
    assertThat(chosen(d, Field.ORDER_UID)).isEqualTo("ref");
    assertThat(d.fields().get(Field.ITEM_ORDER_UID).evidence())
        .contains("declared foreign key to t_c.ref");
  }

  @Test
  void inclusionOfValuesDecides_whenNoForeignKeysAreDeclared() {
    RoleDetection d =
        detect(
            """
            public.t_a
              ref        int8 pk
              name       text
              address    text
              promo_day  text
            public.t_b
              ref        int8 pk
              name       text
              brand      text
              unit_price numeric
              tax_rate   numeric
            public.t_c
              ref        int8 pk
              booked     timestamptz
              who        int8
              latitude   numeric
              longitude  numeric
              status     text
            public.t_d
              x          int8
              y          int8
              quantity   int4
            include public.t_d.x -> public.t_c.ref 200/200
            include public.t_d.x -> public.t_b.ref 3/200
            include public.t_d.y -> public.t_b.ref 40/40
            include public.t_d.y -> public.t_c.ref 12/40
            include public.t_c.who -> public.t_a.ref 25/25
            """);
    assertRoles(d, "t_a", "t_b", "t_c", "t_d");
    assertThat(chosen(d, Field.ITEM_ORDER_UID)).isEqualTo("x");
    assertThat(chosen(d, Field.ITEM_PRODUCT_UID)).isEqualTo("y");
    assertThat(chosen(d, Field.ORDER_CLIENT_UID)).isEqualTo("who");
    assertThat(d.fields().get(Field.ITEM_ORDER_UID).evidence())
        .contains("every sampled value of t_d.x exists in t_c.ref (200 of 200)");
  }

  @Test
  void inclusionOfAFewValuesCountsForLittle_oneRepeatedIdFitsAnyKeyByChance() {
    String tables =
        """
        public.t_c
          ref    int8 pk
          booked timestamptz
        public.t_d
          x      int8
          y      int4
        """;
    double many =
        detect(tables + "include public.t_d.x -> public.t_c.ref 200/200\n")
            .fields()
            .get(Field.ITEM_ORDER_UID)
            .candidates()
            .get(0)
            .confidence();
    double few =
        detect(tables + "include public.t_d.x -> public.t_c.ref 2/2\n")
            .fields()
            .get(Field.ITEM_ORDER_UID)
            .candidates()
            .get(0)
            .confidence();
    assertThat(few).isLessThan(many);
    assertThat(few).isLessThan(RoleDetector.CONFIDENT);
  }

  @Test
  void primaryKeyDecides_theUidAmongIdLikeColumns() {
    RoleDetection d =
        detect(
            """
            public.clients
              legacy_code text
              uid         int8 pk
              name        text
              address     text
              promotion_day text
            """);
    assertThat(chosen(d, Field.CLIENT_UID)).isEqualTo("uid");
    assertThat(d.fields().get(Field.CLIENT_UID).evidence()).contains("primary key");
  }

  // ------------------------------------------------------------------ types

  @Test
  void typeDecides_theOnlyTimestampColumnIsTheOrderDate() {
    RoleDetection d =
        detect(
            """
            public.orders
              uid       int8 pk
              booked    timestamptz
              client_uid int8
              latitude  numeric
              longitude numeric
              status    text
            """);
    assertThat(chosen(d, Field.ORDER_DATE)).isEqualTo("booked");
    assertThat(d.fields().get(Field.ORDER_DATE).evidence())
        .contains("the only timestamp column of orders");
  }

  @Test
  void typeExcludes_aTextColumnNamedLikeTheOrderDate() {
    RoleDetection d =
        detect(
            """
            public.orders
              uid           int8 pk
              date_of_order text
              client_uid    int8
              status        text
            """);
    Ranking date = d.fields().get(Field.ORDER_DATE);
    assertThat(date.chosen()).isEmpty();
    assertThat(date.note()).contains("orders.date_of_order is text, expected timestamp");
  }

  // ------------------------------------------------------------------ values

  @Test
  void valuesDecide_theTextColumnOfWeekdaysIsThePromotion() {
    RoleDetection d =
        detect(
            """
            public.clients
              uid    int8 pk
              name   text  top=Ana:1|Beto:1|Caro:1|Dani:1
              address text
              c1     text  top=Calle_1:1|Calle_2:1|Calle_3:1|Calle_4:1
              c2     text  top=lunes:2|Miércoles:1|2024-03-08:1
            """);
    assertThat(chosen(d, Field.CLIENT_PROMOTION)).isEqualTo("c2");
    assertThat(d.fields().get(Field.CLIENT_PROMOTION).evidence())
        .contains("values read as weekdays or dates (100 %)");
  }

  @Test
  void valuesDecide_theRateInTheUnitIntervalIsTheTaxNotThePrice() {
    RoleDetection d =
        detect(
            """
            public.products
              uid   int8 pk
              name  text
              brand text
              a     numeric range=0.08..0.16 distinct=2 rows=40
              b     numeric range=1.50..250.00 distinct=35 rows=40
            """);
    assertThat(chosen(d, Field.PRODUCT_TAX_RATE)).isEqualTo("a");
    assertThat(d.fields().get(Field.PRODUCT_TAX_RATE).evidence())
        .contains("values lie in [0, 1] (fractions)");
  }

  @Test
  void valuesDecide_coordinatesByTheirRanges() {
    RoleDetection d =
        detect(
            """
            public.orders
              uid        int8 pk
              date_of_order timestamptz
              client_uid int8
              p          numeric range=-99.30..-98.90 rows=50 distinct=40
              q          numeric range=19.20..19.60 rows=50 distinct=40
              status     text
            """);
    assertThat(chosen(d, Field.ORDER_LONGITUDE)).isEqualTo("p");
    assertThat(d.fields().get(Field.ORDER_LONGITUDE).evidence())
        .contains("values beyond ±90 within [-180, 180]");
    assertThat(d.fields().get(Field.ORDER_LATITUDE).candidates().get(0).name()).isEqualTo("q");
  }

  @Test
  void valuesDecide_aPositiveWholeNumberColumnIsTheQuantity() {
    RoleDetection d =
        detect(
            """
            public.order_items
              uid         int8 pk
              order_uid   int8
              product_uid int8
              n           int4 range=1..12 top=1:30|2:10|12:1
              discount    numeric range=0.00..0.35 top=0.00:30|0.35:1
            """);
    assertThat(chosen(d, Field.ITEM_QUANTITY)).isEqualTo("n");
    assertThat(d.fields().get(Field.ITEM_QUANTITY).evidence())
        .contains("whole numbers from 1 to 12");
  }

  // ------------------------------------------------------------------ schemas and decoys

  @Test
  void namesAndKeysDecide_anotherSchemaOverDecoysInTheConfiguredOne() {
    RoleDetection d =
        detect(
            """
            public.order_totals
              order_id int8
              total    numeric
            public.orders_archive
              uid        int8 pk
              ordered_at timestamptz
              customer_uid int8
              status     text
            sales.customers
              uid           int8 pk
              name          text
              address       text
              promo_weekday text
              created_at    timestamptz
            sales.products
              uid         int8 pk
              name        text
              brand       text
              price       numeric
              vat_percent numeric
              sku         text
            sales.orders
              uid          int8 pk
              ordered_at   timestamptz
              customer_uid int8 fk=sales.customers.uid
              latitude     numeric
              longitude    numeric
              status       text
            sales.order_lines
              uid        int8 pk
              order_id   int8 fk=sales.orders.uid
              product_id int8 fk=sales.products.uid
              qty        int4
            """);
    assertThat(d.schema()).isEqualTo("sales");
    assertThat(d.schemaEvidence()).startsWith("detected (schema sales holds a better match");
    assertRoles(d, "customers", "products", "orders", "order_lines");
    assertThat(chosen(d, Field.CLIENT_PROMOTION)).isEqualTo("promo_weekday");
    assertThat(chosen(d, Field.PRODUCT_TAX_RATE)).isEqualTo("vat_percent");
    assertThat(chosen(d, Field.ORDER_DATE)).isEqualTo("ordered_at");
    assertThat(d.complete()).as(d.unresolved().toString()).isTrue();
  }

  @Test
  void nameDecides_theTableOverItsArchiveCopyInTheSameSchema() {
    RoleDetection d =
        detect(
            """
            public.clients
              uid int8 pk
              name text
              address text
              promotion_day text
            public.orders
              uid int8 pk
              date_of_order timestamptz
              client_uid int8 fk=public.clients.uid
              latitude numeric
              longitude numeric
              status text
            public.orders_backup
              uid int8 pk
              date_of_order timestamptz
              client_uid int8 fk=public.clients.uid
              latitude numeric
              longitude numeric
              status text
            """);
    assertThat(chosen(d, Table.ORDERS)).isEqualTo("orders");
    assertThat(d.tables().get(Table.ORDERS).runnersUp())
        .extracting(RoleDetection.Candidate::name)
        .contains("orders_backup");
  }

  // ------------------------------------------------------------------ ambiguity

  @Test
  void ambiguityIsAsked_twoTimestampColumnsThatNamesCannotTellApart() {
    RoleDetection d =
        detect(
            """
            public.orders
              uid        int8 pk
              ts_a       timestamptz
              ts_b       timestamptz
              client_uid int8
              latitude   numeric
              longitude  numeric
              status     text
            """);
    Ranking date = d.fields().get(Field.ORDER_DATE);
    assertThat(date.chosen()).isEmpty();
    assertThat(date.unresolved()).isTrue();
    assertThat(date.candidates())
        .extracting(RoleDetection.Candidate::name)
        .containsExactly("ts_a", "ts_b");
    assertThat(date.candidates().get(0).confidence()).isLessThan(RoleDetector.CONFIDENT);
    assertThat(d.unresolved()).contains("orders.date_of_order");
  }

  @Test
  void ambiguityIsAsked_theOrderedTimestampWinsOverAnUpdatedOne() {
    RoleDetection d =
        detect(
            """
            public.orders
              uid        int8 pk
              updated_at timestamptz
              ordered_at timestamptz
              client_uid int8
              status     text
            """);
    assertThat(chosen(d, Field.ORDER_DATE)).isEqualTo("ordered_at");
    assertThat(d.fields().get(Field.ORDER_DATE).runnersUp())
        .extracting(RoleDetection.Candidate::name)
        .containsExactly("updated_at");
  }

  @Test
  void nothingDecides_opaqueTablesWithoutKeysAreLeftToTheAnalystWithCandidates() {
    RoleDetection d =
        detect(
            """
            public.t1
              a text
              b text
            public.t2
              a text
              b text
            """);
    assertThat(d.complete()).isFalse();
    assertThat(d.unresolved()).contains("clients", "products", "orders", "order_items");
  }

  @Test
  void aMappingNamesTablesAndColumnsOutright() {
    RoleDetection d =
        RoleDetector.detect(
            ProfileTables.parse(
                """
                public.orders
                  uid int8 pk
                  ts_a timestamptz
                  ts_b timestamptz
                """),
            "public",
            new RoleMapping(Map.of(), Map.of(Field.ORDER_DATE, "ts_b")),
            false);
    assertThat(chosen(d, Field.ORDER_DATE)).isEqualTo("ts_b");
    assertThat(d.fields().get(Field.ORDER_DATE).evidence()).isEqualTo("mapped");
  }
}
