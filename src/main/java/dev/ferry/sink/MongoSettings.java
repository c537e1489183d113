package dev.ferry.sink;

import com.mongodb.ConnectionString;
import dev.ferry.core.Secret;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how to connect to the target MongoDB.
 *
 * <p>Contract: validated on construction — the connection string must parse as a {@code mongodb://}
 * or {@code mongodb+srv://} URI, database and collection must be legal MongoDB names, timeouts
 * positive. The connection string may carry a password, so it is held as a {@link Secret}: {@link
 * #toString()}, {@link #redactedConnectionString()} and {@link #describe()} never reveal the user
 * information or secret-bearing options; only {@link MongoOrderSink} reads it in clear to hand it
 * to the driver.
 *
 * @param connectionString the MongoDB URI (possibly with credentials)
 * @param database the target database
 * @param collection the orders collection; rejects go to {@code <collection>_rejects}
 * @param connectTimeout TCP connect timeout
 * @param serverSelectionTimeout how long to wait for a usable server before failing
 * @param socketTimeout how long one request may wait for its reply
 */
public record MongoSettings(
    Secret connectionString,
    String database,
    String collection,
    Duration connectTimeout,
    Duration serverSelectionTimeout,
    Duration socketTimeout) {

  /** The orders collection unless told otherwise. */
  public static final String DEFAULT_COLLECTION = "orders";

  /** Default connect and server-selection timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Default per-request timeout: generous, a batch of 1000 replaces can take a while. */
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofMinutes(2);

  // Characters MongoDB forbids in database names (on any platform).
  private static final Pattern BAD_DATABASE = Pattern.compile("[/\\\\. \"$*<>:|?\\x00]");

  // Query options whose values are secrets (AWS session tokens, key file passwords).
  private static final Pattern SECRET_OPTION =
      Pattern.compile("(?i)([?&](?:[^=&]*password|authMechanismProperties)=)[^&]*");

  public MongoSettings {
    Objects.requireNonNull(connectionString, "connectionString");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(serverSelectionTimeout, "serverSelectionTimeout");
    Objects.requireNonNull(socketTimeout, "socketTimeout");
    parse(connectionString);
    if (database.isEmpty() || database.length() > 63 || BAD_DATABASE.matcher(database).find()) {
      throw new IllegalArgumentException("invalid MongoDB database name: '" + database + "'");
    }
    if (collection.isEmpty()
        || collection.contains("$")
        || collection.indexOf('\0') >= 0
        || collection.startsWith("system.")
        || collection.startsWith(".")
        || collection.endsWith(".")) {
      throw new IllegalArgumentException("invalid MongoDB collection name: '" + collection + "'");
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("serverSelectionTimeout", serverSelectionTimeout);
    requirePositive("socketTimeout", socketTimeout);
  }

  /** Settings with the default collection and timeouts. */
  public static MongoSettings of(String connectionString, String database) {
    return of(connectionString, database, DEFAULT_COLLECTION);
  }

  /** Settings with the default timeouts. */
  public static MongoSettings of(String connectionString, String database, String collection) {
    return new MongoSettings(
        Secret.of(Objects.requireNonNull(connectionString, "connectionString")),
        database,
        collection,
        DEFAULT_TIMEOUT,
        DEFAULT_TIMEOUT,
        DEFAULT_SOCKET_TIMEOUT);
  }

  /** A copy with other timeouts. */
  public MongoSettings withTimeouts(Duration connect, Duration serverSelection, Duration socket) {
    return new MongoSettings(
        connectionString, database, collection, connect, serverSelection, socket);
  }

  /** The rejects collection: {@code <collection>_rejects}. */
  public String rejectsCollection() {
    return collection + "_rejects";
  }

  /** The parsed connection string, for the driver only (it holds the password). */
  ConnectionString parsedConnectionString() {
    return parse(connectionString);
  }

  /**
   * The connection string with its user information replaced by {@code ****} and secret-bearing
   * options blanked, e.g. {@code mongodb://****@db1:27017/?authSource=admin}.
   */
  public String redactedConnectionString() {
    return redact(connectionString.revealAsString());
  }

  /** Where the orders go, without secrets: {@code host:port[,host:port]/database.collection}. */
  public String describe() {
    return String.join(",", parsedConnectionString().getHosts())
        + "/"
        + database
        + "."
        + collection;
  }

  @Override
  public String toString() {
    return "MongoSettings["
        + redactedConnectionString()
        + ", "
        + database
        + "."
        + collection
        + ", connectTimeout="
        + connectTimeout
        + ", serverSelectionTimeout="
        + serverSelectionTimeout
        + ", socketTimeout="
        + socketTimeout
        + "]";
  }

  static String redact(String uri) {
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return "(not a MongoDB URI)";
    }
    String prefix = uri.substring(0, scheme + 3);
    String rest = uri.substring(scheme + 3);
    int query = rest.indexOf('?');
    int at = rest.lastIndexOf('@', query < 0 ? rest.length() - 1 : query);
    if (at >= 0) {
      rest = "****" + rest.substring(at);
    }
    return prefix + SECRET_OPTION.matcher(rest).replaceAll("$1****");
  }

  private static ConnectionString parse(Secret secret) {
    String uri = secret.revealAsString();
    if (!uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
      throw new IllegalArgumentException(
          "a MongoDB connection string starts with mongodb:// or mongodb+srv://, not '"
              + redact(uri)
              + "'");
    }
    try {
      return new ConnectionString(uri);
    } catch (IllegalArgumentException e) {
      // The driver's message describes the problem; never chain the cause, whose message or
      // stack could quote the URI with its password.
      String message = String.valueOf(e.getMessage());
      int scheme = uri.indexOf("://");
      int at = uri.lastIndexOf('@');
      if (scheme >= 0 && at > scheme) {
        message = message.replace(uri.substring(scheme + 3, at), "****");
      }
      throw new IllegalArgumentException(
          "invalid MongoDB connection string " + redact(uri) + ": " + message);
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
