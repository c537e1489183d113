package dev.ferry.sink;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ServerDescription;
import dev.ferry.engine.ConnectionCheckResult;
import dev.ferry.engine.ConnectionFailure;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BSONException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries the target connection once and says, in one sentence, what is wrong if it fails — the
 * MongoDB counterpart of the source's connection check.
 *
 * <p>Contract: {@link #check} never throws for connection problems; it returns either {@link
 * ConnectionCheckResult.Connected} with the server version and the round-trip time of a {@code
 * ping}, or {@link ConnectionCheckResult.Failed} with a {@link ConnectionFailure} class and a
 * message "what failed; what to check." It runs only {@code ping} and {@code buildInfo}, writes
 * nothing, and never shows credentials.
 */
public final class MongoConnectionCheck {
  private static final Logger LOG = LoggerFactory.getLogger(MongoConnectionCheck.class);
  private static final long POLL_MILLIS = 20;
  private static final long VERDICT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private MongoConnectionCheck() {}

  /** Connects once with {@code settings}, pings the target database and disconnects. */
  public static ConnectionCheckResult check(MongoSettings settings) {
    MongoClientSettings clientSettings =
        MongoClientSettings.builder()
            .applicationName("ferry-check")
            .applyConnectionString(settings.parsedConnectionString())
            .applyToSocketSettings(
                socket ->
                    socket
                        .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(settings.socketTimeout().toMillis(), TimeUnit.MILLISECONDS))
            .applyToClusterSettings(
                cluster ->
                    cluster.serverSelectionTimeout(
                        settings.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
            .build();
    try (MongoClient client = MongoClients.create(clientSettings)) {
      awaitReachable(client, settings);
      var database = client.getDatabase(settings.database());
      Document build = database.runCommand(new Document("buildInfo", 1));
      long before = System.nanoTime();
      database.runCommand(new BsonDocument("ping", new BsonInt32(1)));
      Duration latency = Duration.ofNanos(System.nanoTime() - before);
      String version = String.valueOf(build.get("version", "unknown"));
      LOG.info("Connected to {}: MongoDB {}, round trip {}", settings.describe(), version, latency);
      return new ConnectionCheckResult.Connected("MongoDB", version, latency);
    } catch (MongoException | BSONException | IllegalArgumentException e) {
      ConnectionCheckResult.Failed failed = classify(e, settings);
      LOG.info("Connection check of {} failed: {}", settings.describe(), failed.failure(), e);
      return failed;
    }
  }

  /**
   * Waits until {@code client} sees a usable server, and throws the monitor's error at once when
   * every known server refuses connections or has an unknown name (or the SRV record does not
   * resolve): the driver would otherwise wait out the whole server-selection timeout for a server
   * that is plainly not there. After the server-selection timeout (and up to a second more while no
   * server has a verdict yet) it throws a {@link MongoTimeoutException} describing the cluster, as
   * the driver's own operation would.
   */
  static void awaitReachable(MongoClient client, MongoSettings settings) {
    long deadline = System.nanoTime() + settings.serverSelectionTimeout().toNanos();
    while (true) {
      ClusterDescription cluster = client.getClusterDescription();
      if (cluster.getSrvResolutionException() != null) {
        throw cluster.getSrvResolutionException();
      }
      List<ServerDescription> servers = cluster.getServerDescriptions();
      if (servers.stream().anyMatch(ServerDescription::isOk)) {
        return;
      }
      if (!servers.isEmpty()
          && servers.stream().allMatch(server -> plainlyAbsent(server.getException()))) {
        Throwable error = servers.get(0).getException();
        throw error instanceof MongoException mongo ? mongo : new MongoException("", error);
      }
      long now = System.nanoTime();
      boolean verdictPending =
          servers.isEmpty() || servers.stream().allMatch(server -> server.getException() == null);
      // With the defaults the monitor's own handshake bound (the connect timeout) ends when the
      // selection timeout does; a moment's grace lets its verdict (refused, silent, TLS...) name
      // the cause instead of a bare "no server answered".
      if (now >= deadline && (!verdictPending || now >= deadline + VERDICT_GRACE_NANOS)) {
        throw new MongoTimeoutException(
            "Timed out while waiting for a usable server. Client view of cluster state is "
                + cluster.getShortDescription());
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** A monitor error that waiting will not cure soon: nothing listens, or the name is unknown. */
  private static boolean plainlyAbsent(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /** Classifies a failure met while talking to the target (see {@link MongoFailures}). */
  static ConnectionCheckResult.Failed classify(Throwable error, MongoSettings settings) {
    return MongoFailures.classify(error, settings);
  }
}
