package dev.ferry.source;

import static dev.ferry.source.SourceTesting.byUid;
import static dev.ferry.source.SourceTesting.drain;
import static dev.ferry.source.SourceTesting.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.Workers;
import dev.ferry.core.Secret;
import dev.ferry.core.SourceOrder;
import dev.ferry.core.SourceProduct;
import dev.ferry.engine.OrderReader;
import dev.ferry.engine.OrderSelection;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reader works from one read-only snapshot and leaves no trace in the source. */
class SnapshotAndSafetyTest {

  private static final String FIRST = "00000000-0000-0000-0000-000000000002";
  private static final String TWO_LINES = "a0000000-0000-0000-0000-000000000001";
  private static final String DOOMED = "ffffffff-0000-0000-0000-000000000003";

  @Test
  void seesSnapshotNotLaterInserts() {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/source/variant-a-uuid.sql");

    try (PostgresOrderSource source = source(db);
        OrderReader reader = source.open(OrderSelection.all())) {
      // Committed by another session after open(), before the first row is read.
      db.execute(
          "INSERT INTO orders VALUES ('00000000-0000-0000-0000-000000000000', now(), NULL, 1, 2,"
              + " 'new');"
              + "INSERT INTO order_items VALUES ('c0000000-0000-0000-0000-000000000009', '"
              + TWO_LINES
              + "', 'aaaaaaaa-0000-0000-0000-000000000001', 7);"
              + "UPDATE products SET unit_price = 99.99;"
              + "DELETE FROM order_items WHERE order_uid = '"
              + DOOMED
              + "'; DELETE FROM orders WHERE uid = '"
              + DOOMED
              + "';");

      assertThat(reader.count()).isEqualTo(4);
      List<SourceOrder> orders = drain(reader);

      assertThat(orders.get(0).uid()).isEqualTo(FIRST);
      assertThat(orders).extracting(SourceOrder::uid).contains(DOOMED).hasSize(4);
      assertThat(byUid(orders, TWO_LINES).lines())
          .hasSize(2)
          .allSatisfy(
              line ->
                  assertThat(line.product().flatMap(SourceProduct::unitPrice))
                      .isNotEqualTo(Optional.of(new BigDecimal("99.99"))));
    }

    // A new reader opens a new snapshot and sees the change.
    try (PostgresOrderSource source = source(db);
        OrderReader reader = source.open(OrderSelection.all())) {
      assertThat(reader.count()).isEqualTo(4);
      assertThat(reader.next().orElseThrow().uid())
          .isEqualTo("00000000-0000-0000-0000-000000000000");
    }
  }

  @Test
  void neverWritesToTheSource() throws SQLException {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/source/variant-b-text.sql");
    // Only SELECT: no CREATE on the schema, no TEMPORARY on the database (revoked from PUBLIC).
    db.createSelectOnlyRole("select_only", "s3cret-select");
    long objectsBefore = catalogObjects(db);
    PostgresSettings settings =
        PostgresSettings.of(db.jdbcUrl(), "select_only", Optional.of(Secret.of("s3cret-select")));

    try (PostgresOrderSource source = new PostgresOrderSource(settings, Workers.watchdogs())) {
      try (OrderReader reader = source.open(OrderSelection.first(3))) {
        assertThat(reader.count()).isEqualTo(3);
        assertThat(drain(reader)).hasSize(3);
      }
      assertThat(source.existingOrderIds(List.of("a-1", "nope"))).containsExactly("a-1");
      assertThat(source.inspectSchema().schema()).isEqualTo("public");
    }

    assertThat(catalogObjects(db)).isEqualTo(objectsBefore);
  }

  @Test
  void readsInOneReadOnlyRepeatableReadTransaction() throws SQLException {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/source/variant-a-uuid.sql");

    try (PostgresOrderSource source = source(db);
        PostgresOrderReader reader = (PostgresOrderReader) source.open(OrderSelection.all())) {
      assertThat(reader.next()).isPresent();
      String started = reader.inTransaction("SELECT now()::text");

      assertThat(reader.inTransaction("SHOW transaction_read_only")).isEqualTo("on");
      assertThat(reader.inTransaction("SHOW transaction_isolation")).isEqualTo("repeatable read");
      // No transaction id was ever assigned: nothing was written.
      assertThat(reader.inTransaction("SELECT pg_current_xact_id_if_assigned()::text")).isNull();
      assertThat(reader.fetchSize()).isEqualTo(PostgresOrderReader.FETCH_SIZE);
      drain(reader);
      // now() is the transaction's start: still the same transaction after the last row.
      assertThat(reader.inTransaction("SELECT now()::text")).isEqualTo(started);
    }
  }

  @Test
  void closeIsIdempotentAndEndsTheReader() {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.executeResource("/dev/ferry/source/variant-a-uuid.sql");

    try (PostgresOrderSource source = source(db)) {
      OrderReader reader = source.open(OrderSelection.all());
      reader.next();
      reader.close();
      reader.close();

      assertThatThrownBy(reader::next).isInstanceOf(IllegalStateException.class);
      // The connection went back to the pool in a usable state.
      try (OrderReader again = source.open(OrderSelection.all())) {
        assertThat(drain(again)).hasSize(4);
      }
    }
  }

  private static long catalogObjects(TestDatabase db) throws SQLException {
    try (Connection connection = db.superuserConnection();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT (SELECT count(*) FROM pg_class) + (SELECT count(*) FROM pg_proc)"
                    + " + (SELECT count(*) FROM pg_namespace)")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
