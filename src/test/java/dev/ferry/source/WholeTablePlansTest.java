package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.DemoDataGenerator;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A whole-source change feed switches to sequential scans only when the uids are not stored in uid
 * order, only inside its transaction, and only until its queries have started.
 */
class WholeTablePlansTest {

  @Test
  void randomUidsAreReadBySequentialScansAndTheSettingsComeBackAfterwards() throws Exception {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    try (Connection c = db.superuserConnection()) {
      DemoDataGenerator.createSchema(c);
      DemoDataGenerator.seed(c, 3000, 5L); // random UUIDs, analysed at the end
    }
    try (Connection connection = readOnlyTransaction(db)) {
      SourceSchema schema = schema(connection);
      String workMem = setting(connection, "work_mem");
      // As tuned for SSDs (a common setting): the planner then walks indexes even on a small table.
      try (Statement s = connection.createStatement()) {
        s.execute("SELECT set_config('random_page_cost', '1.1', true)");
      }
      assertThat(plan(connection, schema)).as("the planner's own choice").contains("Index Scan");

      try (WholeTablePlans.Restore plans = WholeTablePlans.prefer(connection, schema)) {
        assertThat(plans.changed()).isTrue();
        assertThat(plan(connection, schema))
            .doesNotContain("Index Scan")
            .doesNotContain("Bitmap")
            .contains("Seq Scan");
        assertThat(setting(connection, "work_mem")).isEqualTo(WholeTablePlans.SORT_MEMORY);
      }

      assertThat(setting(connection, "enable_indexscan")).isEqualTo("on");
      assertThat(setting(connection, "enable_bitmapscan")).isEqualTo("on");
      assertThat(setting(connection, "work_mem")).isEqualTo(workMem);
      assertThat(plan(connection, schema)).contains("Index Scan");
    }
  }

  @Test
  void uidsStoredInTheirOwnOrderKeepThePlannersChoice() throws Exception {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    try (Connection c = db.superuserConnection()) {
      DemoDataGenerator.createSchema(c);
      try (Statement s = c.createStatement()) {
        // Time-ordered uids: each row's uid is larger than the one stored before it.
        s.execute(
            "INSERT INTO clients (uid, name) VALUES ('00000000-0000-0000-0000-000000000001', 'c')");
        s.execute(
            "INSERT INTO products (uid, name, unit_price, tax_rate) VALUES"
                + " ('00000000-0000-0000-0000-000000000002', 'p', 1.00, 0.16)");
        s.execute(
            "INSERT INTO orders (uid, date_of_order, client_uid)"
                + " SELECT ('00000000-0000-0000-0001-' || lpad(to_hex(g), 12, '0'))::uuid,"
                + " timestamp '2026-01-01', '00000000-0000-0000-0000-000000000001'"
                + " FROM generate_series(1, 3000) g");
        s.execute(
            "INSERT INTO order_items (uid, order_uid, product_uid, quantity)"
                + " SELECT ('00000000-0000-0000-0002-' || lpad(to_hex(g), 12, '0'))::uuid,"
                + " ('00000000-0000-0000-0001-' || lpad(to_hex(g), 12, '0'))::uuid,"
                + " '00000000-0000-0000-0000-000000000002', 1 FROM generate_series(1, 3000) g");
        s.execute("ANALYZE");
      }
    }
    try (Connection connection = readOnlyTransaction(db)) {
      SourceSchema schema = schema(connection);
      try (WholeTablePlans.Restore plans = WholeTablePlans.prefer(connection, schema)) {
        assertThat(plans.changed()).isFalse();
        assertThat(setting(connection, "enable_indexscan")).isEqualTo("on");
      }
    }
  }

  private static Connection readOnlyTransaction(TestDatabase db) throws SQLException {
    Connection connection = db.userConnection();
    connection.setAutoCommit(false);
    connection.setReadOnly(true);
    return connection;
  }

  private static SourceSchema schema(Connection connection) throws SQLException {
    PostgresSettings settings =
        PostgresSettings.of("jdbc:postgresql://x/y", "u", java.util.Optional.empty());
    return new SourceSchemaResolver(settings.schema(), settings.roles()).resolve(connection);
  }

  private static String setting(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?)")) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** The plan of the change feed's order query (its window's ids are inlined: plain numbers). */
  private static String plan(Connection connection, SourceSchema schema) throws SQLException {
    String sql = OrderQuery.orderChanges(schema, new XidWindow(10, 10)).sql().replace("?", "10");
    StringBuilder plan = new StringBuilder();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("EXPLAIN " + sql)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }
}
