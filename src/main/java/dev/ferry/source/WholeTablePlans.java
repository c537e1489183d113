package dev.ferry.source;

import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans for the change feed's two queries, which read every order and every line in uid order:
 * sequential scans and sorts instead of walking the uid indexes, when the rows are not stored in
 * uid order.
 *
 * <p>Why: with random uids (UUIDv4, the common case) an index walk fetches the table's pages in
 * random order, once per row. Measured on one million orders and three million lines (PostgreSQL
 * 15, warm cache, one backend as a cursor gets): the feed's queries took 9.6 s by the indexes and
 * 4.8 s by sequential scans and sorts with the sort memory below; the benchmark's unchanged re-run
 * of a million orders went from 13.8 s to 8.5 s. The planner prefers the indexes because they give
 * the order for free; it does not weigh that the pages come at random. When the statistics say the
 * rows are stored nearly in uid order (serial or time-ordered uids), the index walk is sequential
 * too and the planner's choice is kept.
 *
 * <p>Not for a run's order stream, although its query alone also takes half the time this way (23.4
 * s against 12.0 s): a sort answers only once it has sorted everything, while the index walk
 * streams rows from the start, overlapped with mapping and writing. The first load of a million
 * orders took 80.7 s with the sort against 58–70 s without.
 *
 * <p>Only planner settings of the current transaction change ({@code set_config(…, true)}, never
 * written anywhere, allowed in a READ ONLY transaction), and {@link Restore#close()} puts the
 * previous values back once the queries are started: a started query keeps its plan and memory.
 */
final class WholeTablePlans {
  private static final Logger LOG = LoggerFactory.getLogger(WholeTablePlans.class);

  /** Below this correlation of the uid columns with the storage order, index walks are random. */
  static final double ORDERED_ENOUGH = 0.5;

  /** Sort memory for these queries, when the server's is lower: the sorts then spill less. */
  static final String SORT_MEMORY = "64MB";

  private static final long SORT_MEMORY_KB = 64 * 1024;

  private WholeTablePlans() {}

  /** Settings changed for the current transaction, put back on {@link #close()}. */
  static final class Restore implements AutoCloseable {
    private final Connection connection;
    private final List<String[]> previous;

    private Restore(Connection connection, List<String[]> previous) {
      this.connection = connection;
      this.previous = previous;
    }

    /** Whether anything was changed. */
    boolean changed() {
      return !previous.isEmpty();
    }

    @Override
    public void close() throws SQLException {
      for (String[] setting : previous) {
        set(connection, setting[0], setting[1]);
      }
      previous.clear();
    }
  }

  /** Nothing changed: for queries that read some orders, by uid or in a range. */
  static Restore unchanged(Connection connection) {
    return new Restore(connection, new ArrayList<>());
  }

  /**
   * Changes the planner settings for the current transaction when the orders' and the lines'
   * order-uid columns are not stored in uid order (or have no statistics); returns what puts them
   * back.
   */
  static Restore prefer(Connection connection, SourceSchema schema) throws SQLException {
    List<String[]> previous = new ArrayList<>();
    if (storedInUidOrder(connection, schema)) {
      return new Restore(connection, previous);
    }
    try (PreparedStatement read =
            connection.prepareStatement(
                "SELECT current_setting('enable_indexscan'), current_setting('enable_bitmapscan'),"
                    + " current_setting('work_mem'),"
                    + " (SELECT setting::bigint FROM pg_settings WHERE name = 'work_mem')");
        ResultSet rs = read.executeQuery()) {
      rs.next();
      previous.add(new String[] {"enable_indexscan", rs.getString(1)});
      previous.add(new String[] {"enable_bitmapscan", rs.getString(2)});
      boolean lowSortMemory = rs.getLong(4) < SORT_MEMORY_KB;
      if (lowSortMemory) {
        previous.add(new String[] {"work_mem", rs.getString(3)});
      }
      set(connection, "enable_indexscan", "off");
      set(connection, "enable_bitmapscan", "off");
      if (lowSortMemory) {
        set(connection, "work_mem", SORT_MEMORY);
      }
    }
    LOG.debug("Reading every order by sequential scans and sorts (uids not stored in order)");
    return new Restore(connection, previous);
  }

  /**
   * Whether the statistics say both uid columns are stored nearly in uid order. Missing statistics
   * (never analysed, or not visible to this user) count as not ordered: random uids are the common
   * case, and a sort of ordered rows costs little.
   */
  private static boolean storedInUidOrder(Connection connection, SourceSchema schema)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT min(abs(correlation)), count(*) FROM pg_stats"
                + " WHERE schemaname = ? AND ((tablename = ? AND attname = ?)"
                + " OR (tablename = ? AND attname = ?))")) {
      statement.setString(1, schema.schema());
      statement.setString(2, schema.tableName(Table.ORDERS));
      statement.setString(3, schema.required(Field.ORDER_UID).name());
      statement.setString(4, schema.tableName(Table.ORDER_ITEMS));
      statement.setString(5, schema.required(Field.ITEM_ORDER_UID).name());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        double correlation = rs.getDouble(1);
        boolean known = !rs.wasNull() && rs.getLong(2) == 2;
        return known && correlation >= ORDERED_ENOUGH;
      }
    }
  }

  private static void set(Connection connection, String name, String value) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT set_config(?, ?, true)")) {
      statement.setString(1, name);
      statement.setString(2, value);
      statement.execute();
    }
  }
}
