package dev.ferry.sink;

import com.mongodb.ConnectionString;
import dev.ferry.core.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how to connect to the target MongoDB.
 *
 * <p>Contract: validated on construction — the connection string must parse as a {@code mongodb://}
 * or {@code mongodb+srv://} URI, database and collection must be legal MongoDB names (a refusal
 * says which rule the name breaks), timeouts positive. A timeout the connection string sets ({@code
 * connectTimeoutMS}, {@code serverSelectionTimeoutMS}, {@code socketTimeoutMS}) wins over the one
 * given, so the fields always hold what the driver will use; {@code 0} ("wait for ever") is
 * refused. The connection string may carry a password, so it is held as a {@link Secret}: {@link
 * #toString()}, {@link #redactedConnectionString()} and {@link #describe()} never reveal the user
 * information or secret-bearing options; only {@link MongoOrderSink} reads it in clear to hand it
 * to the driver.
 *
 * @param connectionString the MongoDB URI (possibly with credentials)
 * @param database the target database
 * @param collection the orders collection; rejects go to {@code <collection>_rejects}
 * @param connectTimeout TCP connect timeout
 * @param serverSelectionTimeout how long to wait for a usable server before failing
 * @param socketTimeout how long one request may wait for its reply (the read timeout)
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

  /**
   * Default per-request timeout: a batch of 1000 replaces takes a few seconds on a busy server, so
   * 30 s without a reply means the server or the link is gone.
   */
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);

  // Characters MongoDB forbids in database names (on Windows; Ferry refuses them everywhere so a
  // job works on any server).
  private static final String BAD_DATABASE_CHARACTERS = "/\\. \"$*<>:|?\0";

  // MongoDB's limits, in UTF-8 bytes: database names below 64, namespaces (db.collection) 255.
  private static final int MAX_DATABASE_BYTES = 63;
  private static final int MAX_NAMESPACE_BYTES = 255;

  // A password in the user information of a URI.
  private static final Pattern USER_PASSWORD = Pattern.compile("^[a-zA-Z+]+://[^/?@]*:[^/?@]*@");

  // Secret-bearing options: any *password, an AWS session token.
  private static final Pattern SECRET_IN_OPTIONS =
      Pattern.compile("(?i)([?&][^=&]*password=)|(AWS_SESSION_TOKEN)");

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
    ConnectionString parsed = parse(connectionString);
    checkDatabaseName(database);
    checkCollectionName(database, collection);
    connectTimeout = fromUri(parsed.getConnectTimeout(), "connectTimeoutMS", connectTimeout);
    serverSelectionTimeout =
        fromUri(
            parsed.getServerSelectionTimeout(), "serverSelectionTimeoutMS", serverSelectionTimeout);
    socketTimeout = fromUri(parsed.getSocketTimeout(), "socketTimeoutMS", socketTimeout);
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

  /**
   * Whether {@code uri} carries a secret — a password in its user information, a {@code
   * ...Password=} option or an AWS session token — and so must not be typed on a command line or
   * stored in a file.
   */
  public static boolean carriesSecret(String uri) {
    return USER_PASSWORD.matcher(uri).find() || SECRET_IN_OPTIONS.matcher(uri).find();
  }

  /** A copy with other timeouts (those the connection string sets still win). */
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
      // Not a URI at all: show it as given, minus anything that looks like user information.
      int at = uri.lastIndexOf('@');
      return SECRET_OPTION.matcher(at < 0 ? uri : "****" + uri.substring(at)).replaceAll("$1****");
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
      String message = driverSentence(String.valueOf(e.getMessage()));
      int scheme = uri.indexOf("://");
      int at = uri.lastIndexOf('@');
      if (scheme >= 0 && at > scheme) {
        message = message.replace(uri.substring(scheme + 3, at), "****");
      }
      throw new IllegalArgumentException(
          "invalid MongoDB connection string " + redact(uri) + ": " + message);
    }
  }

  /**
   * The driver's complaint about a connection string, as a clause Ferry's sentence can end with:
   * the two an analyst meets when a password holds a reserved character become plain advice (the
   * driver's own text speaks of RFCs and runs sentences together), any other loses its final
   * period, which the caller's sentence supplies.
   */
  static String driverSentence(String message) {
    if (message.contains("port contains non-digit characters")) {
      return "its host and port are not valid (the port must be a number from 0 to 65535); if the"
          + " user name or password holds @ : / ? # [ ] or %, write those characters"
          + " percent-encoded (@ as %40, : as %3A, / as %2F)";
    }
    if (message.contains("invalid user information")) {
      return "the user name or password holds a : or @; write it percent-encoded (: as %3A, @ as"
          + " %40)";
    }
    String clause = message.strip();
    while (clause.endsWith(".")) {
      clause = clause.substring(0, clause.length() - 1);
    }
    return clause;
  }

  private static void checkDatabaseName(String database) {
    String rule = null;
    if (database.isEmpty()) {
      rule = "it is empty";
    } else if (utf8Length(database) > MAX_DATABASE_BYTES) {
      rule =
          "it is "
              + utf8Length(database)
              + " bytes long and MongoDB allows at most "
              + MAX_DATABASE_BYTES;
    } else {
      for (char c : database.toCharArray()) {
        if (BAD_DATABASE_CHARACTERS.indexOf(c) >= 0) {
          rule =
              "it contains "
                  + character(c)
                  + ", and MongoDB database names may not contain / \\ . \" $ * < > : | ?, a space"
                  + " or the null character";
          break;
        }
      }
    }
    if (rule != null) {
      throw new IllegalArgumentException(
          "The MongoDB database name '" + database + "' is not allowed: " + rule);
    }
  }

  private static void checkCollectionName(String database, String collection) {
    String rule = null;
    if (collection.isEmpty()) {
      rule = "it is empty";
    } else if (collection.indexOf('$') >= 0) {
      rule = "it contains '$', which MongoDB reserves for its own names";
    } else if (collection.indexOf('\0') >= 0) {
      rule = "it contains the null character";
    } else if (collection.startsWith("system.")) {
      rule = "names starting with 'system.' are reserved for MongoDB's own collections";
    } else if (collection.startsWith(".") || collection.endsWith(".")) {
      rule = "it " + (collection.startsWith(".") ? "starts" : "ends") + " with '.'";
    } else {
      // The rejects collection has the longest name of the two Ferry writes.
      String namespace = database + "." + collection + "_rejects";
      if (utf8Length(namespace) > MAX_NAMESPACE_BYTES) {
        rule =
            "with its rejects collection the namespace "
                + database
                + "."
                + collection
                + "_rejects is "
                + utf8Length(namespace)
                + " bytes long and MongoDB allows at most "
                + MAX_NAMESPACE_BYTES;
      }
    }
    if (rule != null) {
      throw new IllegalArgumentException(
          "The MongoDB collection name '" + collection + "' is not allowed: " + rule);
    }
  }

  private static String character(char c) {
    return switch (c) {
      case ' ' -> "a space";
      case '\0' -> "the null character";
      default -> "'" + c + "'";
    };
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The URI's own timeout when it sets one; 0 or less (no bound, or none at all) is refused. */
  private static Duration fromUri(Integer millis, String option, Duration given) {
    if (millis == null) {
      return given;
    }
    if (millis <= 0) {
      throw new IllegalArgumentException(
          "The connection string's "
              + option
              + "="
              + millis
              + " sets no usable bound; give a positive number of milliseconds or leave it out");
    }
    return Duration.ofMillis(millis);
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
