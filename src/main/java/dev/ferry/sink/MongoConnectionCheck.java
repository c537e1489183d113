package dev.ferry.sink;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoConfigurationException;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.ferry.engine.ConnectionCheckResult;
import dev.ferry.engine.ConnectionFailure;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
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

  private MongoConnectionCheck() {}

  /** Connects once with {@code settings}, pings the target database and disconnects. */
  public static ConnectionCheckResult check(MongoSettings settings) {
    String where = String.join(",", settings.parsedConnectionString().getHosts());
    MongoClientSettings clientSettings =
        MongoClientSettings.builder()
            .applicationName("ferry-check")
            .applyConnectionString(settings.parsedConnectionString())
            .applyToSocketSettings(
                socket ->
                    socket
                        .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS))
            .applyToClusterSettings(
                cluster ->
                    cluster.serverSelectionTimeout(
                        settings.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
            .build();
    try (MongoClient client = MongoClients.create(clientSettings)) {
      var database = client.getDatabase(settings.database());
      Document build = database.runCommand(new Document("buildInfo", 1));
      long before = System.nanoTime();
      database.runCommand(new BsonDocument("ping", new BsonInt32(1)));
      Duration latency = Duration.ofNanos(System.nanoTime() - before);
      String version = String.valueOf(build.get("version", "unknown"));
      LOG.info("Connected to {}: MongoDB {}, round trip {}", settings.describe(), version, latency);
      return new ConnectionCheckResult.Connected("MongoDB", version, latency);
    } catch (MongoException | IllegalArgumentException e) {
      ConnectionCheckResult.Failed failed = classify(e, settings, where);
      LOG.info("Connection check of {} failed: {}", settings.describe(), failed.failure(), e);
      return failed;
    }
  }

  /** Classifies a failure met while talking to the target. */
  static ConnectionCheckResult.Failed classify(
      Throwable error, MongoSettings settings, String where) {
    String text = String.valueOf(error.getMessage());
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof MongoSecurityException
          || (t instanceof MongoCommandException command && command.getErrorCode() == 18)) {
        return new ConnectionCheckResult.Failed(
            ConnectionFailure.AUTH_FAILED,
            "MongoDB at "
                + where
                + " rejected the login; check the user name, password and authSource in the connection string.");
      }
      if (t instanceof SSLException) {
        return new ConnectionCheckResult.Failed(
            ConnectionFailure.TLS,
            "The TLS connection to MongoDB at "
                + where
                + " could not be established; check the tls options of the connection string and the server's certificate.");
      }
      if (t instanceof UnknownHostException || t instanceof MongoConfigurationException) {
        return unknownHost();
      }
      if (t instanceof ConnectException || t instanceof MongoSocketOpenException) {
        if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("refused")
            || t instanceof ConnectException) {
          return refused(where);
        }
      }
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("connection refused")) {
      return refused(where);
    }
    // The driver resolves names in its monitor threads, so an unknown host or SRV record reaches
    // the caller only as a server-selection timeout whose text describes the cluster state.
    if (text.contains("java.net.UnknownHostException")
        || text.contains("srvResolutionException=")) {
      return unknownHost();
    }
    if (lower.contains("ssl") || lower.contains("tls")) {
      return new ConnectionCheckResult.Failed(
          ConnectionFailure.TLS,
          "The TLS connection to MongoDB at "
              + where
              + " could not be established; check the tls options of the connection string and the server's certificate.");
    }
    // A server that requires TLS closes a plain connection without a word: the driver sees only
    // the stream end, which reaches the caller inside the server-selection timeout's text.
    if (text.contains("Prematurely reached end of stream")
        && !Boolean.TRUE.equals(settings.parsedConnectionString().getSslEnabled())) {
      return new ConnectionCheckResult.Failed(
          ConnectionFailure.TLS,
          "MongoDB at "
              + where
              + " closed the connection without answering; check whether the server requires TLS"
              + " (tls=true in the connection string).");
    }
    if (error instanceof MongoTimeoutException) {
      return new ConnectionCheckResult.Failed(
          ConnectionFailure.TIMEOUT,
          "No MongoDB server at "
              + where
              + " answered within "
              + settings.serverSelectionTimeout().toSeconds()
              + " s; check the host and port, firewalls and the VPN.");
    }
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.OTHER,
        "Could not use MongoDB at "
            + where
            + " ("
            + firstLine(text)
            + "); check the connection string.");
  }

  private static ConnectionCheckResult.Failed unknownHost() {
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.UNKNOWN_HOST,
        "The MongoDB host in the connection string could not be resolved; check the host name and your DNS or VPN.");
  }

  private static ConnectionCheckResult.Failed refused(String where) {
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.REFUSED,
        "Nothing accepted the connection at "
            + where
            + "; check the host and port, and that MongoDB is running and reachable from here.");
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }
}
