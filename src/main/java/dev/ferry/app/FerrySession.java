package dev.ferry.app;

import dev.ferry.core.OrderDocumentMapper;
import dev.ferry.engine.MigrationEngine;
import dev.ferry.engine.OrderSink;
import dev.ferry.engine.OrderSource;
import dev.ferry.engine.PreviewService;
import dev.ferry.engine.RunRecord;
import dev.ferry.engine.Verifier;
import dev.ferry.sink.MongoOrderSink;
import dev.ferry.source.PostgresOrderSource;
import dev.ferry.source.PostgresSettings;
import dev.ferry.source.SourceSchema;
import dev.ferry.tunnel.HostKeyPrompt;
import dev.ferry.tunnel.SshTunnel;
import dev.ferry.tunnel.SshTunnelSettings;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Open connections for one job: the SSH tunnel (if any), the PostgreSQL source read through it, and
 * the MongoDB target, with the engine services built on them.
 *
 * <p>Contract: {@link #open} either returns a session whose every part is connected, or closes what
 * it opened and rethrows; {@link #close()} closes the target, the source and then the tunnel, and
 * is idempotent. Both the GUI and the CLI go through this class, so a job behaves the same in
 * either. It hands out the engine's contracts ({@link OrderSource}, {@link OrderSink}), never the
 * adapters behind them; what else the faces need from an open session (the run history, the
 * catalog, the connection checks) goes through the app services that take a session ({@link
 * SchemaBrowser}, {@link SourceInspection}, {@link ConnectionChecks}).
 */
public final class FerrySession implements AutoCloseable {
  private static final Pattern AUTHORITY = Pattern.compile("^(jdbc:postgresql://)([^/?]*)(.*)$");

  private final JobSettings job;
  private final Optional<SshTunnel> tunnel;
  private final PostgresOrderSource source;
  private final MongoOrderSink sink;
  private final OrderDocumentMapper mapper;

  /**
   * Runs each migration's read-ahead task (one thread while a run lasts); the session owns it so
   * that no thread outlives the session.
   */
  private final ExecutorService readAhead = Workers.pool("ferry-read-ahead", true);

  private boolean closed;

  private FerrySession(
      JobSettings job,
      Optional<SshTunnel> tunnel,
      PostgresOrderSource source,
      MongoOrderSink sink) {
    this.job = job;
    this.tunnel = tunnel;
    this.source = source;
    this.sink = sink;
    this.mapper = new OrderDocumentMapper(job.mapping());
  }

  /** Opens the tunnel (asking {@code hostKeys} about unknown hosts), the source and the target. */
  public static FerrySession open(JobSettings job, HostKeyPrompt hostKeys) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(hostKeys, "hostKeys");
    Optional<SshTunnel> tunnel = Optional.empty();
    PostgresOrderSource source = null;
    try {
      PostgresSettings pg = job.source();
      if (job.tunnel().isPresent()) {
        SshTunnel opened = SshTunnel.open(job.tunnel().get(), hostKeys);
        tunnel = Optional.of(opened);
        pg = throughTunnel(pg, opened.localHost(), opened.localPort());
      }
      source = new PostgresOrderSource(pg, Workers.watchdogs());
      MongoOrderSink sink = new MongoOrderSink(job.target());
      return new FerrySession(job, tunnel, source, sink);
    } catch (RuntimeException e) {
      if (source != null) {
        source.close();
      }
      tunnel.ifPresent(SshTunnel::close);
      throw e;
    }
  }

  /** The tunnel settings that reach the source's host and port from the SSH server. */
  public static SshTunnelSettings.Builder tunnelTo(PostgresSettings source) {
    String host = source.host().split(",")[0];
    int port = Integer.parseInt(source.port().split(",")[0]);
    return SshTunnelSettings.builder(host, port);
  }

  /**
   * Runs {@code work} with source settings that reach the database, through a tunnel opened for the
   * duration when {@code tunnel} is present (for read-only work that needs no target, such as
   * {@code inspect}).
   */
  public static <T> T withSource(
      PostgresSettings source,
      Optional<SshTunnelSettings> tunnel,
      HostKeyPrompt hostKeys,
      java.util.function.Function<PostgresSettings, T> work) {
    if (tunnel.isEmpty()) {
      return work.apply(source);
    }
    try (SshTunnel opened = SshTunnel.open(tunnel.get(), hostKeys)) {
      return work.apply(throughTunnel(source, opened.localHost(), opened.localPort()));
    }
  }

  /** The same settings, connecting to {@code host:port} instead of the URL's server. */
  static PostgresSettings throughTunnel(PostgresSettings settings, String host, int port) {
    Matcher m = AUTHORITY.matcher(settings.jdbcUrl());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "cannot route " + settings.describe() + " through a tunnel");
    }
    String url = m.group(1) + host + ":" + port + m.group(3);
    return settings.withJdbcUrl(url);
  }

  /** The job this session runs. */
  public JobSettings job() {
    return job;
  }

  /** The source, as the engine reads it. */
  public OrderSource source() {
    return source;
  }

  /** The target, as the engine writes it. */
  public OrderSink sink() {
    return sink;
  }

  /** The target itself, for the app services that read it beside a run (see {@link RejectList}). */
  MongoOrderSink target() {
    return sink;
  }

  /**
   * The settings that reach the source now (through the tunnel while there is one), for the app
   * services that read the source with their own connections.
   */
  PostgresSettings reachableSource() {
    return source.settings();
  }

  /** Resolves the session's schema and roles now, read-only (so a bad mapping fails here). */
  SourceSchema resolveSchema() {
    return source.inspectSchema();
  }

  /**
   * Checks that the target answers (a {@code ping}), so that an unreachable MongoDB is one sentence
   * before any work starts.
   *
   * @throws RuntimeException with the target's one-sentence failure
   */
  public void pingTarget() {
    sink.ping();
  }

  /**
   * The most recent runs recorded in the target, newest first; runs that died without recording
   * their end are first closed as abandoned, so they show as such rather than as running.
   *
   * @param limit how many runs at most
   */
  public List<RunRecord> recentRuns(int limit) {
    sink.runLog().closeAbandoned(Instant.now());
    return sink.runLog().recent(limit);
  }

  /** The migration engine over this session. */
  public MigrationEngine engine() {
    return new MigrationEngine(source, sink, mapper, readAhead);
  }

  /** The verifier over this session. */
  public Verifier verifier() {
    return new Verifier(source, sink, mapper);
  }

  /** The preview service over this session. */
  public PreviewService preview() {
    return new PreviewService(source, sink, mapper);
  }

  /**
   * Whether this session goes through an SSH tunnel that has gone down; a session without a tunnel
   * has none to lose.
   */
  public boolean tunnelDropped() {
    return tunnel.map(t -> !t.isAlive()).orElse(false);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    readAhead.shutdownNow();
    try {
      sink.close();
    } finally {
      try {
        source.close();
      } finally {
        tunnel.ifPresent(SshTunnel::close);
      }
    }
  }
}
