package dev.ferry.sink;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoConfigurationException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketClosedException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoSocketWriteException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import dev.ferry.core.Durations;
import dev.ferry.engine.ConnectionCheckResult;
import dev.ferry.engine.ConnectionFailure;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.bson.BsonMaximumSizeExceededException;

/**
 * Turns whatever the MongoDB driver throws into one sentence for people — what failed and what to
 * check — and a {@link ConnectionFailure} class, the target's counterpart of {@code
 * PostgresConnectionCheck.classify}.
 *
 * <p>Contract: {@link #classify} never throws and never returns the driver's raw text for the
 * failures it knows (refused, unknown host, connect or read timeout, no usable server, connection
 * lost, login rejected or not authorised, not primary or read-only, storage full or over quota,
 * document too large, TLS); for anything else it keeps only the first line of the server's or
 * driver's reason, without the driver's dump of the cluster state. It never shows credentials: the
 * sentences name hosts from the connection string, never its user information. Used by {@link
 * MongoConnectionCheck} and by {@link MongoTargetException#of}, which any code that talks to the
 * target can throw instead of the driver's exception.
 */
public final class MongoFailures {

  /** Server error codes meaning "this node cannot take writes now" (not primary, stepping down). */
  private static final Set<Integer> NOT_PRIMARY =
      Set.of(10107, 13435, 13436, 10058, 189, 11602, 91, 11600);

  /** Server error codes of a full disk or an exceeded quota. */
  private static final Set<Integer> STORAGE_FULL = Set.of(14031, 12501);

  /** Server error codes of a document over the size limit. */
  private static final Set<Integer> TOO_LARGE = Set.of(10334, 17419, 17420, 10329);

  private static final int AUTHENTICATION_FAILED = 18;
  private static final int UNAUTHORIZED = 13;
  private static final int DUPLICATE_KEY = 11_000;

  private MongoFailures() {}

  /** The sentence for {@code error}, met while talking to the target of {@code settings}. */
  public static String describe(Throwable error, MongoSettings settings) {
    return classify(error, settings).message();
  }

  /** The class of {@code error} and its sentence. */
  public static ConnectionCheckResult.Failed classify(Throwable error, MongoSettings settings) {
    String where = String.join(",", settings.parsedConnectionString().getHosts());
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof MongoTargetException known) {
        return new ConnectionCheckResult.Failed(known.failure(), known.getMessage());
      }
      ConnectionCheckResult.Failed failed = direct(t, settings, where);
      if (failed != null) {
        return failed;
      }
    }
    if (error instanceof MongoTimeoutException timeout) {
      return serverSelection(timeout, settings, where);
    }
    return other(error, where);
  }

  /** The class of one exception of the chain, or null to look at its cause. */
  private static ConnectionCheckResult.Failed direct(
      Throwable t, MongoSettings settings, String where) {
    if (t instanceof MongoSecurityException) {
      return authFailed(where);
    }
    if (t instanceof SSLException) {
      return tls(where);
    }
    if (t instanceof BsonMaximumSizeExceededException) {
      return tooLarge(where);
    }
    if (t instanceof MongoNotPrimaryException || t instanceof MongoNodeIsRecoveringException) {
      return notPrimary(where);
    }
    if (t instanceof MongoSocketReadTimeoutException) {
      return new ConnectionCheckResult.Failed(
          ConnectionFailure.TIMEOUT,
          "MongoDB at "
              + where
              + " sent no reply for "
              + Durations.describe(settings.socketTimeout())
              + "; check the server's load and the network to it (timeouts.read in the job file,"
              + " or socketTimeoutMS in the connection string, sets this bound).");
    }
    if (t instanceof MongoSocketReadException
        || t instanceof MongoSocketWriteException
        || t instanceof MongoSocketClosedException
        || t instanceof MongoConnectionPoolClearedException) {
      return lost(where);
    }
    if (t instanceof MongoExecutionTimeoutException
        || t instanceof MongoOperationTimeoutException) {
      return new ConnectionCheckResult.Failed(
          ConnectionFailure.TIMEOUT,
          "MongoDB at "
              + where
              + " did not finish an operation within its time limit; check the server's load"
              + " and any maxTimeMS or timeoutMS in the connection string.");
    }
    if (t instanceof UnknownHostException) {
      return unknownHost(settings);
    }
    if (t instanceof MongoConfigurationException configuration) {
      String text = String.valueOf(configuration.getMessage()).toLowerCase(Locale.ROOT);
      if (text.contains("srv") || text.contains("dns") || text.contains("txt")) {
        return unknownHost(settings);
      }
    }
    if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
      return refused(where);
    }
    if (t instanceof SocketTimeoutException && t.getCause() == null) {
      return connectTimeout(settings, where);
    }
    if (t instanceof MongoSocketOpenException open && open.getCause() == null) {
      return refused(where);
    }
    if (t instanceof MongoBulkWriteException bulk) {
      for (BulkWriteError e : bulk.getWriteErrors()) {
        if (e.getCode() != DUPLICATE_KEY) {
          ConnectionCheckResult.Failed failed =
              byCode(e.getCode(), e.getMessage(), settings, where);
          if (failed != null) {
            return failed;
          }
          return serverSaid(where, e.getMessage());
        }
      }
      if (bulk.getWriteConcernError() != null) {
        ConnectionCheckResult.Failed failed =
            byCode(
                bulk.getWriteConcernError().getCode(),
                bulk.getWriteConcernError().getMessage(),
                settings,
                where);
        return failed != null
            ? failed
            : serverSaid(where, bulk.getWriteConcernError().getMessage());
      }
    }
    if (t instanceof MongoWriteException write) {
      ConnectionCheckResult.Failed failed =
          byCode(write.getError().getCode(), write.getError().getMessage(), settings, where);
      return failed != null ? failed : serverSaid(where, write.getError().getMessage());
    }
    if (t instanceof MongoWriteConcernException concern) {
      ConnectionCheckResult.Failed failed =
          byCode(
              concern.getWriteConcernError().getCode(),
              concern.getWriteConcernError().getMessage(),
              settings,
              where);
      return failed != null
          ? failed
          : serverSaid(where, concern.getWriteConcernError().getMessage());
    }
    if (t instanceof MongoCommandException command) {
      ConnectionCheckResult.Failed failed =
          byCode(command.getErrorCode(), command.getErrorMessage(), settings, where);
      return failed != null ? failed : serverSaid(where, command.getErrorMessage());
    }
    if (t instanceof MongoServerException server) {
      return byCode(server.getCode(), String.valueOf(server.getMessage()), settings, where);
    }
    return null;
  }

  /** The class of a server error code (and its message, for codes that vary by server). */
  private static ConnectionCheckResult.Failed byCode(
      int code, String message, MongoSettings settings, String where) {
    String text = String.valueOf(message).toLowerCase(Locale.ROOT);
    if (code == AUTHENTICATION_FAILED) {
      return authFailed(where);
    }
    if (code == UNAUTHORIZED || text.contains("not authorized")) {
      return new ConnectionCheckResult.Failed(
          ConnectionFailure.AUTH_FAILED,
          "MongoDB at "
              + where
              + " does not allow this user to write to "
              + settings.database()
              + "; check the user's roles (readWrite on "
              + settings.database()
              + ") and authSource in the connection string.");
    }
    if (NOT_PRIMARY.contains(code) || text.contains("not primary") || text.contains("not master")) {
      return notPrimary(where);
    }
    if (text.contains("read-only") || text.contains("readonly") || text.contains("read only")) {
      return new ConnectionCheckResult.Failed(
          ConnectionFailure.NOT_WRITABLE,
          "MongoDB at "
              + where
              + " is read-only and refused the write; check that the server is not started"
              + " read-only and that the connection string names a writable server.");
    }
    if (STORAGE_FULL.contains(code)
        || text.contains("quota")
        || text.contains("no space left")
        || text.contains("out of disk space")
        || text.contains("disk full")) {
      return new ConnectionCheckResult.Failed(
          ConnectionFailure.STORAGE_FULL,
          "MongoDB at "
              + where
              + " refused the write because its storage is full or over quota; free disk space"
              + " or raise the quota (on Atlas, a larger tier), then run again.");
    }
    if (TOO_LARGE.contains(code) || text.contains("too large") || text.contains("larger than")) {
      return tooLarge(where);
    }
    return null;
  }

  /**
   * The driver reports a failure to reach any server as a server-selection timeout whose text
   * describes the cluster; the first server's error in it says why.
   */
  private static ConnectionCheckResult.Failed serverSelection(
      MongoTimeoutException timeout, MongoSettings settings, String where) {
    String text = String.valueOf(timeout.getMessage());
    String lower = text.toLowerCase(Locale.ROOT);
    if (text.contains("UnknownHostException") || text.contains("srvResolutionException=")) {
      return unknownHost(settings);
    }
    if (lower.contains("connection refused") || text.contains("NoRouteToHostException")) {
      return refused(where);
    }
    if (text.contains("MongoSecurityException")) {
      return authFailed(where);
    }
    if (text.contains("SSLException") || text.contains("SSLHandshakeException")) {
      return tls(where);
    }
    if (text.contains("MongoSocketReadTimeoutException")
        || text.contains("Timeout while receiving message")) {
      return new ConnectionCheckResult.Failed(
          ConnectionFailure.TIMEOUT,
          "MongoDB at "
              + where
              + " accepted the connection but did not answer within "
              + Durations.describe(settings.connectTimeout())
              + "; check that this port belongs to a MongoDB server and the server's load.");
    }
    if (text.contains("Prematurely reached end of stream")
        || text.contains("MongoSocketReadException")) {
      return new ConnectionCheckResult.Failed(
          ConnectionFailure.CONNECTION_LOST,
          "MongoDB at "
              + where
              + " closed every connection Ferry opened; check that this port belongs to a MongoDB"
              + " server and whether it requires TLS (tls=true in the connection string).");
    }
    if (lower.contains("connect timed out") || text.contains("SocketTimeoutException")) {
      return connectTimeout(settings, where);
    }
    if (text.contains("reply message length")) {
      // What answered speaks another protocol (often HTTP: a web server or a proxy).
      return new ConnectionCheckResult.Failed(
          ConnectionFailure.OTHER,
          "What answered at "
              + where
              + " does not speak MongoDB's protocol; check that the host and port belong to a"
              + " MongoDB server and not to a web server or proxy.");
    }
    if (text.contains("type=REPLICA_SET") && !text.contains("REPLICA_SET_PRIMARY")) {
      return new ConnectionCheckResult.Failed(
          ConnectionFailure.NOT_WRITABLE,
          "The MongoDB replica set at "
              + where
              + " has no primary to write to (none answered within "
              + Durations.describe(settings.serverSelectionTimeout())
              + "); check the replica set's state, or wait for its election to finish.");
    }
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.TIMEOUT,
        "No MongoDB server at "
            + where
            + " answered within "
            + Durations.describe(settings.serverSelectionTimeout())
            + "; check the host and port, firewalls, and the VPN or SSH tunnel.");
  }

  private static ConnectionCheckResult.Failed other(Throwable error, String where) {
    if (error instanceof MongoException) {
      return serverSaid(where, String.valueOf(error.getMessage()));
    }
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.OTHER,
        "Could not use MongoDB at "
            + where
            + " ("
            + reason(String.valueOf(error.getMessage()))
            + "); check the connection string.");
  }

  private static ConnectionCheckResult.Failed serverSaid(String where, String message) {
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.OTHER,
        "MongoDB at "
            + where
            + " failed ("
            + reason(message)
            + "); check the connection string and the server's log.");
  }

  private static ConnectionCheckResult.Failed authFailed(String where) {
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.AUTH_FAILED,
        "MongoDB at "
            + where
            + " rejected the login; check the user name, password and authSource in the"
            + " connection string.");
  }

  private static ConnectionCheckResult.Failed tls(String where) {
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.TLS,
        "The TLS connection to MongoDB at "
            + where
            + " could not be established; check the tls options of the connection string and"
            + " the server's certificate.");
  }

  private static ConnectionCheckResult.Failed unknownHost(MongoSettings settings) {
    String host =
        settings.parsedConnectionString().getHosts().stream()
            .map(h -> h.replaceFirst(":\\d+$", ""))
            .distinct()
            .reduce((a, b) -> a + ", " + b)
            .orElse("");
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.UNKNOWN_HOST,
        "The MongoDB host "
            + host
            + " could not be resolved; check the host name in the connection string and your DNS"
            + " or VPN.");
  }

  private static ConnectionCheckResult.Failed refused(String where) {
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.REFUSED,
        "Nothing accepted the connection at "
            + where
            + "; check the host and port, and that MongoDB is running and reachable from here.");
  }

  private static ConnectionCheckResult.Failed connectTimeout(MongoSettings settings, String where) {
    Duration bound = settings.connectTimeout();
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.TIMEOUT,
        "Connecting to MongoDB at "
            + where
            + " timed out after "
            + Durations.describe(bound)
            + "; check the host and port, firewalls, and the VPN or SSH tunnel.");
  }

  private static ConnectionCheckResult.Failed lost(String where) {
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.CONNECTION_LOST,
        "The connection to MongoDB at "
            + where
            + " was lost (the server or the network closed it); check that MongoDB is running"
            + " and the network to it.");
  }

  private static ConnectionCheckResult.Failed notPrimary(String where) {
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.NOT_WRITABLE,
        "MongoDB at "
            + where
            + " is not the primary of its replica set and cannot take writes; list the replica"
            + " set's hosts (or use mongodb+srv://) in the connection string so the driver finds"
            + " the primary, or wait for an election to finish.");
  }

  private static ConnectionCheckResult.Failed tooLarge(String where) {
    return new ConnectionCheckResult.Failed(
        ConnectionFailure.DOCUMENT_TOO_LARGE,
        "An order's document is larger than MongoDB's 16 MB limit, so MongoDB at "
            + where
            + " refused it; check the source for an order with an unusual number of items.");
  }

  /** The first line of a reason, without the driver's cluster dump or a final period. */
  private static String reason(String message) {
    String line = message.strip();
    int newline = line.indexOf('\n');
    if (newline >= 0) {
      line = line.substring(0, newline);
    }
    int dump = line.indexOf(". Client view of cluster state");
    if (dump >= 0) {
      line = line.substring(0, dump);
    }
    if (line.length() > 200) {
      line = line.substring(0, 200) + "…";
    }
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }
}
