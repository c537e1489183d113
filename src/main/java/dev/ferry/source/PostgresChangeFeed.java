package dev.ferry.source;

import dev.ferry.core.CodePointOrder;
import dev.ferry.engine.ChangeFeed;
import dev.ferry.engine.SourceFact;
import dev.ferry.engine.UidRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The change feed of one snapshot: two sorted queries read side by side on the snapshot's
 * connection — every order with whether its row or its client's changed ({@link
 * OrderQuery#orderChanges}), and per order its line count and whether a line or a product changed
 * ({@link OrderQuery#lineChanges}) — merged by uid. Line groups whose uid is not an order (lines of
 * a missing order) are skipped, as the reader's join skips them.
 */
final class PostgresChangeFeed implements ChangeFeed {
  /**
   * Rows per round trip: a feed row is a uid and a flag or two (≈ 60 bytes), so ten thousand are
   * under a megabyte, and a million orders cost 200 round trips rather than 1,000 — which counts
   * over an SSH tunnel, where each round trip is a network latency.
   */
  static final int FETCH_SIZE = 10_000;

  private final PreparedStatement orderStatement;
  private final PreparedStatement lineStatement;
  private final ResultSet orders;
  private final ResultSet lines;
  private final BiFunction<String, SQLException, RuntimeException> failure;
  private boolean linePending;
  private boolean closed;

  @SuppressWarnings("try") // the plan settings are held only for their close
  PostgresChangeFeed(
      Connection connection,
      SourceSchema schema,
      XidWindow window,
      UidRange range,
      BiFunction<String, SQLException, RuntimeException> failure)
      throws SQLException {
    this.failure = failure;
    orderStatement = OrderQuery.orderChanges(schema, window, range).prepare(connection);
    orderStatement.setFetchSize(FETCH_SIZE);
    lineStatement = OrderQuery.lineChanges(schema, window, range).prepare(connection);
    lineStatement.setFetchSize(FETCH_SIZE);
    // The whole source: by sequential scans when index walks would fetch pages at random (a part
    // of a distributed run reads a range, which its index finds).
    try (WholeTablePlans.Restore plans =
        range.isAll()
            ? WholeTablePlans.prefer(connection, schema)
            : WholeTablePlans.unchanged(connection)) {
      orders = orderStatement.executeQuery();
      lines = lineStatement.executeQuery();
    }
    linePending = lines.next();
  }

  @Override
  public Optional<SourceFact> next() {
    try {
      if (closed || !orders.next()) {
        return Optional.empty();
      }
      String uid = orders.getString(1);
      boolean changed = orders.getBoolean(2);
      int count = 0;
      while (linePending && CodePointOrder.before(lines.getString(1), uid)) {
        linePending = lines.next();
      }
      if (linePending && uid.equals(lines.getString(1))) {
        count = Math.toIntExact(lines.getLong(2));
        changed |= lines.getBoolean(3);
        linePending = lines.next();
      }
      return Optional.of(new SourceFact(uid, changed, count));
    } catch (SQLException e) {
      throw failure.apply("finding changed orders", e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (orderStatement;
        lineStatement;
        orders;
        lines) {
      // closed by try-with-resources, in reverse order
    } catch (SQLException e) {
      // Closing a query of a snapshot that is being closed anyway; nothing to recover.
      org.slf4j.LoggerFactory.getLogger(PostgresChangeFeed.class)
          .debug("Closing the change feed failed: {}", e.getMessage());
    }
  }
}
