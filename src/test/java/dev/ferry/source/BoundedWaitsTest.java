package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.app.DemoDataGenerator;
import dev.ferry.app.Workers;
import dev.ferry.core.Secret;
import dev.ferry.engine.OrderReader;
import dev.ferry.engine.OrderSelection;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import dev.ferry.testing.FaultProxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every wait for PostgreSQL has a bound: a connection that goes silent (a frozen proxy or tunnel,
 * no reset) fails within the read bound; before the first row, when a liveness check over a new
 * connection gets no answer either, or at the latest within the query bound plus the read bound; a
 * server that legitimately thinks longer than the read bound before its first row is left alone,
 * and one that runs past the query bound is stopped by the server with its own sentence.
 */
class BoundedWaitsTest {
  private static final Duration READ = Duration.ofSeconds(2);
  private static TestDatabase db;
  private static TestDatabase slow;

  @BeforeAll
  static void seed() throws Exception {
    db = EmbeddedPostgresSupport.createDatabase();
    try (Connection c = db.superuserConnection()) {
      DemoDataGenerator.createSchema(c);
      // More rows than one fetch (2000), so that reading goes back to the server.
      DemoDataGenerator.seed(c, 1500, 11);
    }
    slow = EmbeddedPostgresSupport.createDatabase();
    slow.executeResource("/dev/ferry/source/variant-a-uuid.sql");
    // The reader's queries are fixed, so make the server think: orders sleeps 3 s per query.
    slow.execute(
        "ALTER TABLE orders RENAME TO orders_t;"
            + "CREATE VIEW orders AS SELECT o.* FROM orders_t o CROSS JOIN (SELECT pg_sleep(3)) s;"
            + "GRANT SELECT ON orders TO "
            + slow.user()
            + ";");
  }

  private static PostgresSettings through(FaultProxy proxy, TestDatabase database, Duration query) {
    return PostgresSettings.of(
            "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database.name(),
            database.user(),
            Optional.of(Secret.of(database.password())))
        .withTimeouts(Duration.ofSeconds(5), READ, query);
  }

  @Test
  void aDistantServerIsReadInLargerFetchesThanANearOne() throws Exception {
    try (FaultProxy near = FaultProxy.to(db.port());
        FaultProxy distant = FaultProxy.to(db.port());
        PostgresOrderSource nearSource =
            new PostgresOrderSource(
                through(near, db, Duration.ofSeconds(30)), Workers.watchdogs());
        PostgresOrderSource distantSource =
            new PostgresOrderSource(
                through(distant, db, Duration.ofSeconds(30)), Workers.watchdogs());
        PostgresOrderReader nearReader =
            (PostgresOrderReader) nearSource.open(OrderSelection.all())) {
      assertThat(nearReader.next()).isPresent();
      assertThat(nearReader.fetchSize()).isEqualTo(PostgresOrderReader.FETCH_SIZE);

      // Round trips of 10 ms and more: each fetch would wait one, so fewer and larger fetches.
      distant.set(FaultProxy.Mode.DELAY);
      try (PostgresOrderReader distantReader =
          (PostgresOrderReader) distantSource.open(OrderSelection.all())) {
        assertThat(distantReader.next()).isPresent();
        assertThat(distantReader.fetchSize()).isEqualTo(PostgresOrderReader.REMOTE_FETCH_SIZE);
      }
    }
  }

  @Test
  void aConnectionFrozenWhileStreamingFailsWithinTheReadBound() {
    Frozen frozen =
        freezeThenCall(
            Duration.ofSeconds(30),
            true,
            reader -> {
              while (reader.next().isPresent()) {
                // the first batch is buffered; the next fetch meets the frozen connection
              }
            });
    assertThat(frozen.thrown())
        .isInstanceOf(SourceException.class)
        .hasMessage(
            "PostgreSQL at 127.0.0.1:"
                + frozen.port()
                + "/"
                + db.name()
                + " sent nothing for 2 s while Ferry was reading orders; check the network and"
                + " the SSH tunnel to it and the server's load (timeouts.read and timeouts.query"
                + " in the job file set this bound).");
    assertThat(frozen.took())
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900))
        .isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aConnectionFrozenBeforeTheFirstRowFailsWithinTheQueryAndReadBounds() {
    Frozen frozen = freezeThenCall(Duration.ofSeconds(2), false, OrderReader::count);
    assertThat(frozen.thrown())
        .isInstanceOf(SourceException.class)
        .hasMessageContaining(" sent nothing for 4 s while Ferry was counting orders; ");
    assertThat(frozen.took())
        .isGreaterThanOrEqualTo(Duration.ofMillis(3900))
        .isLessThan(Duration.ofSeconds(12));
  }

  @Test
  void aConnectionFrozenJustBeforeTheStreamFailsWithinTheReadBound() {
    // The reader times round trips before it starts the stream (to size its fetches); a link that
    // freezes then must not wait for the query bound.
    Frozen frozen = freezeThenCall(Duration.ofMinutes(10), false, OrderReader::next);
    assertThat(frozen.thrown())
        .isInstanceOf(SourceException.class)
        .hasMessageContaining(" while Ferry was reading orders");
    assertThat(frozen.took()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aConnectionFrozenBeforeTheFirstRowIsCaughtByTheLivenessCheckLongBeforeTheQueryBound() {
    Frozen frozen = freezeThenCall(Duration.ofMinutes(10), false, OrderReader::count);
    assertThat(frozen.thrown())
        .isInstanceOf(SourceException.class)
        .hasMessage(
            "PostgreSQL at 127.0.0.1:"
                + frozen.port()
                + "/"
                + db.name()
                + " stopped answering while Ferry was counting orders (a check over a new"
                + " connection got no answer within 5 s); check the network and the SSH tunnel"
                + " to it, and that the server is running.");
    // One read bound until the check, then its connect bound: 2 s + 5 s.
    assertThat(frozen.took())
        .isGreaterThanOrEqualTo(Duration.ofSeconds(6))
        .isLessThan(Duration.ofSeconds(15));
  }

  /** What a call on a reader whose connection froze threw, how long it took, and the proxy port. */
  private record Frozen(Throwable thrown, Duration took, int port) {}

  /** A call on a reader. */
  private interface ReaderCall {
    void on(OrderReader reader) throws Exception;
  }

  /**
   * Opens a reader through a proxy (with {@code query} as the query bound), reads one order first
   * if asked, freezes the proxy and makes {@code call}.
   */
  private static Frozen freezeThenCall(Duration query, boolean readOneFirst, ReaderCall call) {
    try (FaultProxy proxy = FaultProxy.to(db.port());
        PostgresOrderSource source =
            new PostgresOrderSource(through(proxy, db, query), Workers.watchdogs());
        OrderReader reader = source.open(OrderSelection.all())) {
      if (readOneFirst) {
        assertThat(reader.next()).isPresent();
      }
      proxy.set(FaultProxy.Mode.FREEZE);
      long started = System.nanoTime();
      Throwable thrown = catchThrowable(() -> call.on(reader));
      return new Frozen(thrown, Duration.ofNanos(System.nanoTime() - started), proxy.port());
    }
  }

  @Test
  void aServerThinkingLongerThanTheReadBoundBeforeItsFirstRowIsLeftAlone() {
    try (FaultProxy proxy = FaultProxy.to(slow.port());
        PostgresOrderSource source =
            new PostgresOrderSource(
                through(proxy, slow, Duration.ofSeconds(30)), Workers.watchdogs());
        OrderReader reader = source.open(OrderSelection.all())) {
      // Each query sleeps 3 s before it answers, longer than the 2 s read bound.
      assertThat(reader.count()).isPositive();
      assertThat(SourceTesting.drain(reader)).hasSize((int) reader.count());
    }
  }

  @Test
  void aStreamOutlastingTheQueryBoundIsNotCutBecauseEachFetchIsOneStatement() throws Exception {
    try (FaultProxy proxy = FaultProxy.to(db.port());
        PostgresOrderSource source =
            new PostgresOrderSource(
                through(proxy, db, Duration.ofSeconds(1)), Workers.watchdogs());
        OrderReader reader = source.open(OrderSelection.all())) {
      assertThat(reader.next()).isPresent();
      Thread.sleep(1500);

      assertThat(SourceTesting.drain(reader)).hasSize(1499);
    }
  }

  @Test
  void anyOtherStatementMayTakeLongerThanTheReadBound() {
    try (FaultProxy proxy = FaultProxy.to(slow.port());
        PostgresOrderSource source =
            new PostgresOrderSource(
                through(proxy, slow, Duration.ofSeconds(30)), Workers.watchdogs())) {
      // The orders view sleeps 3 s per query, longer than the 2 s read bound.
      assertThat(source.existingOrderIds(java.util.List.of("no-such-order"))).isEmpty();
    }
  }

  @Test
  void aQueryRunningPastTheQueryBoundIsStoppedByTheServerWithASentence() {
    try (FaultProxy proxy = FaultProxy.to(slow.port());
        PostgresOrderSource source =
            new PostgresOrderSource(
                through(proxy, slow, Duration.ofSeconds(1)), Workers.watchdogs());
        OrderReader reader = source.open(OrderSelection.all())) {
      long started = System.nanoTime();
      assertThatThrownBy(reader::count)
          .isInstanceOf(SourceException.class)
          .hasMessage(
              "PostgreSQL at 127.0.0.1:"
                  + proxy.port()
                  + "/"
                  + slow.name()
                  + " stopped the query after 1 s (the query timeout) while counting orders; raise"
                  + " timeouts.query in the job file if the server needs longer, or ask its"
                  + " administrator about indexes on the order tables.");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
  }
}
