package dev.ferry.source;

import static dev.ferry.source.SourceTesting.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.Workers;
import dev.ferry.core.Secret;
import dev.ferry.core.SourceOrder;
import dev.ferry.engine.OrderReader;
import dev.ferry.engine.OrderSelection;
import dev.ferry.engine.RunCancelledException;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Memory stays flat on a large source, and a run can be stopped promptly. */
class StreamingAndCancelTest {

  private static final int ORDERS = 50_000;
  private static TestDatabase bigDb;

  @BeforeAll
  static void createLargeSource() {
    bigDb = EmbeddedPostgresSupport.createDatabase();
    bigDb.executeResource("/dev/ferry/source/variant-a-uuid.sql");
    bigDb.execute(
        "INSERT INTO orders SELECT md5('o' || i)::uuid, now(), '11111111-1111-1111-1111-111111111111',"
            + " 19.4, -99.1, 'delivered' FROM generate_series(1, "
            + ORDERS
            + ") i;"
            + "INSERT INTO order_items SELECT md5('l' || i || '-' || j)::uuid, md5('o' || i)::uuid,"
            + " 'aaaaaaaa-0000-0000-0000-000000000001', j FROM generate_series(1, "
            + ORDERS
            + ") i, generate_series(1, 2) j;"
            + "ANALYZE;");
  }

  @Test
  void streamsWithoutLoadingTheWholeTable() throws Exception {
    try (ByteCountingProxy proxy = new ByteCountingProxy(bigDb.port());
        PostgresOrderSource source =
            new PostgresOrderSource(
                PostgresSettings.of(
                    "jdbc:postgresql://localhost:" + proxy.port() + "/" + bigDb.name(),
                    bigDb.user(),
                    Optional.of(Secret.of(bigDb.password()))),
                Workers.watchdogs());
        OrderReader reader = source.open(OrderSelection.all())) {
      long beforeQuery = proxy.bytesFromServer();
      assertThat(reader.next()).isPresent();
      long afterFirstOrder = proxy.bytesFromServer() - beforeQuery;

      long orders = 1;
      while (reader.next().isPresent()) {
        orders++;
      }
      long total = proxy.bytesFromServer() - beforeQuery;

      assertThat(orders).isEqualTo(ORDERS + 4);
      // Fully buffered, the first next() would have received everything; streamed, one batch.
      assertThat(afterFirstOrder).isLessThan(total / 20);
    }
  }

  @Test
  void cancelAbortsASlowServerQueryPromptly() throws Exception {
    TestDatabase slow = EmbeddedPostgresSupport.createDatabase();
    slow.executeResource("/dev/ferry/source/variant-a-uuid.sql");
    // The reader's query is fixed, so make the server slow: orders becomes a view that sleeps.
    slow.execute(
        "ALTER TABLE orders RENAME TO orders_t;"
            + "CREATE VIEW orders AS SELECT o.* FROM orders_t o CROSS JOIN (SELECT pg_sleep(60)) s;"
            + "GRANT SELECT ON orders TO "
            + slow.user()
            + ";");

    try (PostgresOrderSource source = source(slow)) {
      OrderReader reader = source.open(OrderSelection.all());
      CompletableFuture<Optional<SourceOrder>> next = CompletableFuture.supplyAsync(reader::next);
      awaitSleepingBackend(slow);

      long started = System.nanoTime();
      reader.cancel();
      assertThatThrownBy(() -> next.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(RunCancelledException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(took).isLessThan(Duration.ofSeconds(2));
      assertThat(sleepingBackends(slow)).isZero();
      assertThatThrownBy(reader::next).isInstanceOf(RunCancelledException.class);
      assertThatThrownBy(reader::count).isInstanceOf(RunCancelledException.class);
      reader.close();

      // The source stays usable (the orders view itself would sleep again, so ask the catalog).
      assertThat(source.inspectSchema().tableName(SourceSchema.Table.ORDERS)).isEqualTo("orders");
    }
  }

  @Test
  void cancelDuringStreamingStopsAtTheNextOrder() throws Exception {
    try (PostgresOrderSource source = source(bigDb);
        OrderReader reader = source.open(OrderSelection.all())) {
      for (int i = 0; i < 3_000; i++) {
        assertThat(reader.next()).isPresent();
      }

      CompletableFuture.runAsync(reader::cancel).get(5, TimeUnit.SECONDS);

      assertThatThrownBy(reader::next).isInstanceOf(RunCancelledException.class);
    }
  }

  @Test
  void cancelBeforeTheFirstOrderMeansNoOrders() {
    try (PostgresOrderSource source = source(bigDb);
        OrderReader reader = source.open(OrderSelection.all())) {
      reader.cancel();

      assertThatThrownBy(reader::next).isInstanceOf(RunCancelledException.class);
    }
  }

  private static void awaitSleepingBackend(TestDatabase db) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sleepingBackends(db) == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the reader's query never started");
      }
      Thread.sleep(20);
    }
  }

  private static int sleepingBackends(TestDatabase db) throws SQLException {
    try (Connection connection = db.superuserConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND wait_event = 'PgSleep'")) {
      statement.setString(1, db.name());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
