package dev.ferry.source;

import dev.ferry.core.Durations;
import dev.ferry.core.OrderTimestamp;
import dev.ferry.core.SourceClient;
import dev.ferry.core.SourceLine;
import dev.ferry.core.SourceOrder;
import dev.ferry.core.SourceProduct;
import dev.ferry.engine.OrderReader;
import dev.ferry.engine.OrderSelection;
import dev.ferry.engine.RunCancelledException;
import dev.ferry.source.SourceSchema.Field;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams orders from one REPEATABLE READ, READ ONLY transaction on one connection.
 *
 * <p>The connection arrives with the transaction already begun and its snapshot taken (the schema
 * was resolved in it). The main query runs lazily on the first {@link #next()}, so that the caller
 * already holds this reader and can {@link #cancel()} a long server-side sort. Rows arrive in
 * batches of {@link #FETCH_SIZE} (more from a distant server) through a server-side portal (PgJDBC
 * does that only with autocommit off and a positive fetch size), so memory holds one batch plus one
 * order.
 *
 * <p>Every wait for the server is bounded (see {@link PostgresSettings}): the count and the first
 * batch — where the server may sort the whole join before it can answer — by the connection's
 * default, the query timeout plus the read timeout, while the server's own {@code
 * statement_timeout} stops a query that runs longer than the query timeout; the fetches of the
 * stream that follow by the read timeout alone, so a connection that goes silent mid-stream fails
 * in seconds. During the long waits a watchdog checks every read timeout, over a new connection,
 * that the server still answers, and aborts the wait when it does not, so a frozen tunnel is
 * noticed within seconds there too. A bound that expires is a {@link SourceException} saying which
 * bound, and what to check.
 */
final class PostgresOrderReader implements OrderReader {

  /** Rows per round trip to a server close by (loopback, a LAN): small, to keep memory lean. */
  static final int FETCH_SIZE = 2000;

  /**
   * Rows per round trip to a distant server (about 9 MB at the demo's ≈ 900 bytes a row): the
   * reader waits one round trip per fetch, which bounds the rate. Measured at 50 ms round trips (a
   * 1M first load through a delaying proxy): 2,000 rows halved the rate (8,372 orders/s against
   * 17,132 without delay), 10,000 gave 13,563; on loopback both give the same.
   */
  static final int REMOTE_FETCH_SIZE = 10_000;

  /**
   * A round trip at least this long is a distant server's (another region, a droplet over SSH);
   * loopback and a LAN answer in well under a millisecond, and a busy machine's hiccup is ruled out
   * by taking the fastest of three.
   */
  static final Duration REMOTE_ROUND_TRIP = Duration.ofMillis(5);

  private static final Logger LOG = LoggerFactory.getLogger(PostgresOrderReader.class);
  private static final String CANCELLED = "Reading the source was cancelled.";
  private static final String QUERY_CANCELED_STATE = "57014";
  private static final Executor SAME_THREAD = Runnable::run;

  private final Connection connection;
  private final PGConnection pgConnection;
  private final SourceSchema schema;
  private final OrderSelection selection;
  private final PostgresSettings settings;
  private final String where;
  private final BiConsumer<Connection, Boolean> release;
  private final boolean ownsTransaction;
  private final Object lifecycle = new Object();

  private volatile boolean cancelled;
  // Set by the watchdog when the server stopped answering during a long wait.
  private volatile Optional<String> unreachable = Optional.empty();
  private final ScheduledExecutorService watchdogs;
  private ScheduledFuture<?> watchdog; // while a long wait lasts
  private boolean watchdogArmed; // guarded by lifecycle: it may abort the connection
  private boolean closed; // guarded by lifecycle
  private Duration bound; // the read bound in effect

  private PreparedStatement statement;
  private ResultSet rows;
  private boolean rowPending;
  private boolean exhausted;
  private OptionalLong count = OptionalLong.empty();
  private long delivered;

  /**
   * @param connection a connection inside the reader's open snapshot transaction
   * @param release gives the connection back after rollback; the flag says it was cancelled, so
   *     that the pool can discard it rather than risk a late cancel hitting its next user
   */
  PostgresOrderReader(
      Connection connection,
      SourceSchema schema,
      OrderSelection selection,
      PostgresSettings settings,
      ScheduledExecutorService watchdogs,
      BiConsumer<Connection, Boolean> release)
      throws SQLException {
    this(connection, schema, selection, settings, watchdogs, release, true);
  }

  /**
   * A reader inside a snapshot that someone else owns ({@link PostgresSnapshot}): closing it closes
   * only its query, and cancelling is the snapshot's business.
   */
  static PostgresOrderReader within(
      Connection connection,
      SourceSchema schema,
      OrderSelection selection,
      PostgresSettings settings,
      ScheduledExecutorService watchdogs)
      throws SQLException {
    return new PostgresOrderReader(
        connection, schema, selection, settings, watchdogs, (c, x) -> {}, false);
  }

  private PostgresOrderReader(
      Connection connection,
      SourceSchema schema,
      OrderSelection selection,
      PostgresSettings settings,
      ScheduledExecutorService watchdogs,
      BiConsumer<Connection, Boolean> release,
      boolean ownsTransaction)
      throws SQLException {
    this.watchdogs = Objects.requireNonNull(watchdogs, "watchdogs");
    this.connection = connection;
    this.pgConnection = connection.unwrap(PGConnection.class);
    this.schema = schema;
    this.selection = selection;
    this.settings = settings;
    this.where = settings.describe();
    this.release = release;
    this.ownsTransaction = ownsTransaction;
    this.bound = settings.longReadTimeout();
  }

  @Override
  public long count() {
    checkUsable();
    if (count.isEmpty()) {
      OrderQuery query = OrderQuery.count(schema, selection);
      try (PreparedStatement counting = query.prepare(connection)) {
        checkCancelled();
        widenReadBound();
        try (ResultSet rs = counting.executeQuery()) {
          rs.next();
          count = OptionalLong.of(rs.getLong(1));
        } finally {
          stopWatchdog();
        }
      } catch (SQLException e) {
        throw failure("counting orders", e);
      }
      checkCancelled();
    }
    return count.getAsLong();
  }

  @Override
  public Optional<SourceOrder> next() {
    checkUsable();
    if (exhausted) {
      return Optional.empty();
    }
    try {
      if (rows == null) {
        startQuery();
      }
      if (!rowPending) {
        exhausted = true;
        closeQuery();
        if (ownsTransaction) {
          LOG.info("Read {} orders from {}", delivered, where);
        } else {
          LOG.debug("Read {} orders from {}", delivered, where);
        }
        return Optional.empty();
      }
      SourceOrder order = readOrder();
      delivered++;
      return Optional.of(order);
    } catch (SQLException e) {
      throw failure("reading orders", e);
    }
  }

  private void startQuery() throws SQLException {
    OrderQuery query = OrderQuery.stream(schema, selection);
    LOG.debug("Streaming orders from {}: {}", where, query.sql());
    statement = query.prepare(connection);
    // The probes are quick: a link that freezes during them fails within the read bound.
    narrowReadBound();
    statement.setFetchSize(chooseFetchSize());
    checkCancelled();
    long started = System.nanoTime();
    widenReadBound();
    try {
      rows = statement.executeQuery();
      rowPending = rows.next();
    } finally {
      stopWatchdog();
    }
    narrowReadBound();
    LOG.debug("First row after {} ms", (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * {@link #REMOTE_FETCH_SIZE} when a trivial query's round trip (the fastest of three) takes
   * {@link #REMOTE_ROUND_TRIP} or more, else {@link #FETCH_SIZE}.
   */
  private int chooseFetchSize() throws SQLException {
    long fastest = Long.MAX_VALUE;
    try (Statement probe = connection.createStatement()) {
      for (int i = 0; i < 3; i++) {
        long started = System.nanoTime();
        probe.execute("SELECT 1");
        fastest = Math.min(fastest, System.nanoTime() - started);
      }
    }
    int rows = fastest >= REMOTE_ROUND_TRIP.toNanos() ? REMOTE_FETCH_SIZE : FETCH_SIZE;
    LOG.debug("Round trip to {}: {} µs; fetching {} rows at a time", where, fastest / 1000, rows);
    return rows;
  }

  /**
   * Allows the server the query timeout (plus the read timeout, so that its own statement-timeout
   * error can arrive) before it answers — the connection's default, set again in case a stream
   * narrowed it: it may be sorting the whole join. Meanwhile a watchdog checks every read timeout,
   * over a new connection, that the server still answers at all: if it does not (a frozen tunnel or
   * proxy, a vanished host), the wait is aborted then rather than at the end of the query bound.
   */
  private void widenReadBound() throws SQLException {
    bound = settings.longReadTimeout();
    connection.setNetworkTimeout(SAME_THREAD, (int) Math.min(Integer.MAX_VALUE, bound.toMillis()));
    long every = settings.readTimeout().toMillis();
    synchronized (lifecycle) {
      watchdogArmed = true;
    }
    watchdog =
        watchdogs.scheduleWithFixedDelay(
            this::checkServerAnswers, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops the watchdog; a check still under way can no longer abort the connection, which may soon
   * serve someone else.
   */
  private void stopWatchdog() {
    synchronized (lifecycle) {
      watchdogArmed = false;
    }
    if (watchdog != null) {
      watchdog.cancel(true);
      watchdog = null;
    }
  }

  /**
   * One liveness check during a long wait: {@code SELECT 1} on a new connection, bounded by the
   * connect and read timeouts. Only silence or a broken connection condemns the waiting query; a
   * refusal for other reasons (too many connections, say) says nothing about it.
   */
  private void checkServerAnswers() {
    Properties properties = settings.driverProperties();
    properties.setProperty("socketTimeout", Long.toString(settings.readTimeout().getSeconds()));
    try (Connection probe = DriverManager.getConnection(settings.jdbcUrl(), properties);
        Statement statement = probe.createStatement()) {
      statement.execute("SELECT 1");
    } catch (SQLException e) {
      if (!noAnswer(e)) {
        LOG.debug("Liveness check of {} refused, not counted: {}", where, e.getMessage());
        return;
      }
      synchronized (lifecycle) {
        if (!watchdogArmed || closed) {
          return;
        }
        unreachable =
            Optional.of(
                " (a check over a new connection got no answer within "
                    + Durations.describe(settings.connectTimeout())
                    + ")");
        LOG.info("{} stopped answering; aborting the waiting query: {}", where, e.getMessage());
        try {
          connection.abort(SAME_THREAD);
        } catch (SQLException abort) {
          LOG.debug("Aborting the connection to {} failed: {}", where, abort.getMessage());
        }
      }
    }
  }

  /** Whether a failed connection attempt means the server does not answer. */
  private static boolean noAnswer(SQLException e) {
    if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Down to the read timeout, for the fetches of the stream that follow: each is a batch the server
   * has ready or nearly. Only after success: a failure is reported with the bound that expired.
   */
  private void narrowReadBound() {
    setBound(settings.readTimeout());
  }

  /** Back to the connection's default once the stream is done: the connection may run more. */
  private void restoreReadBound() {
    if (!bound.equals(settings.longReadTimeout())) {
      setBound(settings.longReadTimeout());
    }
  }

  private void setBound(Duration newBound) {
    bound = newBound;
    try {
      if (!connection.isClosed()) {
        connection.setNetworkTimeout(
            SAME_THREAD, (int) Math.min(Integer.MAX_VALUE, newBound.toMillis()));
      }
    } catch (SQLException e) {
      // The connection broke; the failure that broke it is the one to report.
      LOG.debug("Could not set the read timeout: {}", e.getMessage());
    }
  }

  /** Consumes the current row and every following row of the same order. */
  private SourceOrder readOrder() throws SQLException {
    String uid = rows.getString(OrderQuery.ORDER_UID);
    Optional<OrderTimestamp> orderedAt = timestamp(uid);
    Optional<String> clientUid = text(OrderQuery.ORDER_CLIENT_UID);
    Optional<SourceClient> client = Optional.empty();
    Optional<String> joinedClientUid = text(OrderQuery.CLIENT_UID);
    if (joinedClientUid.isPresent()) {
      client =
          Optional.of(
              new SourceClient(
                  joinedClientUid.get(),
                  text(OrderQuery.CLIENT_NAME),
                  text(OrderQuery.CLIENT_ADDRESS),
                  text(OrderQuery.CLIENT_PROMOTION)));
    }
    Optional<String> latitude = text(OrderQuery.LATITUDE);
    Optional<String> longitude = text(OrderQuery.LONGITUDE);
    Optional<String> status = text(OrderQuery.STATUS);
    List<SourceLine> lines = new ArrayList<>();
    do {
      checkCancelled();
      if (rows.getBoolean(OrderQuery.HAS_LINE)) {
        lines.add(readLine(uid));
      }
      rowPending = rows.next();
    } while (rowPending && uid.equals(rows.getString(OrderQuery.ORDER_UID)));
    return new SourceOrder(uid, orderedAt, clientUid, client, latitude, longitude, status, lines);
  }

  private SourceLine readLine(String orderUid) throws SQLException {
    Optional<SourceProduct> product = Optional.empty();
    Optional<String> productUid = text(OrderQuery.PRODUCT_UID);
    if (productUid.isPresent()) {
      product =
          Optional.of(
              new SourceProduct(
                  productUid.get(),
                  text(OrderQuery.PRODUCT_NAME),
                  text(OrderQuery.PRODUCT_BRAND),
                  number(OrderQuery.PRODUCT_UNIT_PRICE, orderUid, "products.unit_price"),
                  number(OrderQuery.PRODUCT_TAX_RATE, orderUid, "products.tax_rate")));
    }
    return new SourceLine(
        text(OrderQuery.LINE_UID),
        text(OrderQuery.LINE_PRODUCT_UID),
        number(OrderQuery.LINE_QUANTITY, orderUid, "order_items.quantity"),
        product);
  }

  private Optional<String> text(int column) throws SQLException {
    return Optional.ofNullable(rows.getString(column));
  }

  /**
   * The text rendering as an exact BigDecimal. NaN and ±Infinity (possible in numeric and float
   * columns) have no BigDecimal; they are read as absent — the core then rejects the line as it
   * would a null — and logged, rather than failing the whole run.
   */
  private Optional<BigDecimal> number(int column, String orderUid, String name)
      throws SQLException {
    String value = rows.getString(column);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(value));
    } catch (NumberFormatException e) {
      LOG.warn(
          "Order {}: {} is {}, which has no exact decimal; read as absent", orderUid, name, value);
      return Optional.empty();
    }
  }

  /**
   * {@code timestamptz} is an instant, {@code timestamp} a wall-clock time and a {@code date} the
   * wall-clock midnight of that day. PgJDBC maps {@code ±infinity} to the MIN/MAX constants, which
   * are no real moment: those are read as absent and logged.
   */
  private Optional<OrderTimestamp> timestamp(String orderUid) throws SQLException {
    String type = schema.required(Field.ORDER_DATE).baseType();
    OrderTimestamp value;
    switch (type) {
      case "timestamptz" -> {
        OffsetDateTime time = rows.getObject(OrderQuery.ORDERED_AT, OffsetDateTime.class);
        if (time == null) {
          return Optional.empty();
        }
        if (time.equals(OffsetDateTime.MAX) || time.equals(OffsetDateTime.MIN)) {
          return infinite(orderUid);
        }
        value = new OrderTimestamp.Absolute(time.toInstant());
      }
      case "timestamp" -> {
        LocalDateTime time = rows.getObject(OrderQuery.ORDERED_AT, LocalDateTime.class);
        if (time == null) {
          return Optional.empty();
        }
        if (time.equals(LocalDateTime.MAX) || time.equals(LocalDateTime.MIN)) {
          return infinite(orderUid);
        }
        value = new OrderTimestamp.WallClock(time);
      }
      case "date" -> {
        LocalDate date = rows.getObject(OrderQuery.ORDERED_AT, LocalDate.class);
        if (date == null) {
          return Optional.empty();
        }
        if (date.equals(LocalDate.MAX) || date.equals(LocalDate.MIN)) {
          return infinite(orderUid);
        }
        value = new OrderTimestamp.WallClock(date.atStartOfDay());
      }
      default -> throw new IllegalStateException("unexpected date_of_order type " + type);
    }
    return Optional.of(value);
  }

  private static Optional<OrderTimestamp> infinite(String orderUid) {
    LOG.warn("Order {}: date_of_order is infinity; read as absent", orderUid);
    return Optional.empty();
  }

  /**
   * Sets the cancelled flag (checked before every row, so a consumer loop stops at once) and asks
   * the server to cancel whatever this connection runs — a sort before the first row or the fetch
   * of a batch. The connection-level cancel is used because PgJDBC's {@code Statement.cancel()}
   * does nothing while a portal fetches its next batch.
   */
  @Override
  public void cancel() {
    cancelled = true;
    if (!ownsTransaction) {
      return; // the snapshot that owns the connection cancels its queries
    }
    synchronized (lifecycle) {
      // After close the physical connection may serve someone else; never cancel their query.
      if (closed) {
        return;
      }
      try {
        pgConnection.cancelQuery();
        LOG.info("Cancel requested for the read from {}", where);
      } catch (SQLException e) {
        LOG.warn("Could not send a cancel request to {}: {}", where, e.getMessage());
      }
    }
  }

  /** Ends the snapshot (rollback: nothing was written) and gives the connection back. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    stopWatchdog();
    closeQuery();
    if (!ownsTransaction) {
      return;
    }
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.debug("Rollback on close failed: {}", e.getMessage());
    }
    release.accept(connection, cancelled);
  }

  /** Whether {@link #cancel()} was called. */
  boolean isCancelled() {
    return cancelled;
  }

  /** The fetch size of the running query, or 0 before it runs (for tests). */
  int fetchSize() throws SQLException {
    return rows == null ? 0 : rows.getFetchSize();
  }

  /** Runs a one-value query inside this reader's transaction (for tests of its settings). */
  String inTransaction(String sql) throws SQLException {
    try (Statement probe = connection.createStatement();
        ResultSet rs = probe.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void closeQuery() {
    try {
      if (rows != null) {
        rows.close();
      }
      if (statement != null) {
        statement.close();
      }
    } catch (SQLException e) {
      LOG.debug("Closing the order query failed: {}", e.getMessage());
    }
    rows = null;
    statement = null;
    restoreReadBound();
  }

  private void checkUsable() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("The order reader is closed.");
      }
    }
    checkCancelled();
  }

  private void checkCancelled() {
    if (cancelled) {
      throw new RunCancelledException(CANCELLED);
    }
  }

  private RuntimeException failure(String what, SQLException e) {
    if (cancelled) {
      return new RunCancelledException(CANCELLED, e);
    }
    String message = String.valueOf(e.getMessage());
    if (QUERY_CANCELED_STATE.equals(e.getSQLState())) {
      if (message.contains("statement timeout")) {
        return new SourceException(
            "PostgreSQL at "
                + where
                + " stopped the query after "
                + Durations.describe(settings.queryTimeout())
                + " (the query timeout) while "
                + what
                + "; raise timeouts.query in the job file if the server needs longer, or ask its"
                + " administrator about indexes on the order tables.",
            e);
      }
      return new RunCancelledException(CANCELLED, e);
    }
    if (unreachable.isPresent()) {
      return new SourceException(
          "PostgreSQL at "
              + where
              + " stopped answering while Ferry was "
              + what
              + unreachable.get()
              + "; check the network and the SSH tunnel to it, and that the server is running.",
          e);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return new SourceException(
            "PostgreSQL at "
                + where
                + " sent nothing for "
                + Durations.describe(bound)
                + " while Ferry was "
                + what
                + "; check the network and the SSH tunnel to it and the server's load"
                + " (timeouts.read and timeouts.query in the job file set this bound).",
            e);
      }
    }
    if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
      return new SourceException(
          "The connection to PostgreSQL at "
              + where
              + " was lost while Ferry was "
              + what
              + " ("
              + firstLine(message)
              + "); check that the server is running and the network or SSH tunnel to it.",
          e);
    }
    return new SourceException("Failed " + what + " from " + where + ": " + firstLine(message), e);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no reason given";
    }
    int newline = message.indexOf('\n');
    return newline >= 0 ? message.substring(0, newline) : message;
  }
}
