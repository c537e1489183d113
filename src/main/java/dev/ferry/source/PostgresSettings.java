package dev.ferry.source;

import dev.ferry.core.Secret;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * How to reach the source PostgreSQL database.
 *
 * <p>Contract: the constructor validates and normalises, so an instance is always usable:
 *
 * <ul>
 *   <li>{@code jdbcUrl} accepts {@code jdbc:postgresql://host:port/db?...} and also libpq-style
 *       {@code postgresql://[user[:password]@]host[:port][/db][?sslmode=...]} (or {@code
 *       postgres://}), which is converted: {@code connect_timeout} becomes {@code connectTimeout},
 *       {@code application_name} becomes {@code ApplicationName}, other parameters ({@code
 *       sslmode}, {@code sslrootcert}, ...) pass through because PgJDBC uses the same names.
 *   <li>A user or password found in the URL (userinfo, also in a {@code jdbc:} URL, or {@code
 *       user=}/{@code password=} parameters) is moved out of it, so the stored URL never holds a
 *       secret; an explicit {@code user} must agree with the URL's, an explicit password wins over
 *       the URL's. (User input should not carry one at all: {@link #carriesPassword} lets the CLI
 *       and job files refuse it.)
 *   <li>The URL must name a database; {@code user} may be null or blank only when the URL names
 *       one.
 *   <li>{@code schema} must not be blank; {@code connectTimeout} is between 1 second and 10
 *       minutes, {@code readTimeout} between 1 second and 1 hour (PgJDBC counts whole seconds, so
 *       both are rounded up), {@code queryTimeout} between 1 second and 24 hours.
 * </ul>
 *
 * <p>The three bounds: {@code connectTimeout} bounds the TCP connect and the login; {@code
 * queryTimeout} bounds one statement on the server ({@code statement_timeout}); {@code readTimeout}
 * is the longest silence Ferry accepts once the server has an answer ready. A statement may
 * legitimately stay silent while the server sorts or counts, so a connection's socket timeout
 * (PgJDBC's {@code socketTimeout}) defaults to {@code queryTimeout + readTimeout}: no statement is
 * cut short by the client, and none waits for ever. The order reader narrows it to {@code
 * readTimeout} for the fetches of its stream once the first row has come, so a connection that goes
 * silent mid-stream — a frozen proxy or tunnel sends no reset — fails in seconds, and during its
 * long waits checks every read timeout over a new connection that the server still answers.
 *
 * <p>{@link #toString()} and {@link #describe()} never reveal the password.
 *
 * @param jdbcUrl the normalised {@code jdbc:postgresql://} URL, without credentials
 * @param user the database user
 * @param password the password, if the server asks for one
 * @param schema the schema holding the tables (default {@code public})
 * @param connectTimeout how long to wait for a connection and the login
 * @param roles the tables and columns named outright for Ferry's roles (the rest is detected)
 * @param readTimeout how long to wait for any reply on an open connection
 * @param queryTimeout how long one statement may run on the server
 */
public record PostgresSettings(
    String jdbcUrl,
    String user,
    Optional<Secret> password,
    String schema,
    Duration connectTimeout,
    RoleMapping roles,
    Duration readTimeout,
    Duration queryTimeout) {

  /** The schema used when none is configured. */
  public static final String DEFAULT_SCHEMA = "public";

  /** The connect timeout used when none is configured. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The read timeout used when none is configured: it bounds silence (each read of the socket), and
   * a fetch of the stream's rows arrives as a steady flow while a catalog query takes well under a
   * second even over SSH to a slow droplet, so 30 s of silence means a dead link.
   */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The statement timeout used when none is configured: generous, because sorting a large join
   * before its first row can take minutes on a small server.
   */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofMinutes(30);

  private static final String JDBC_PREFIX = "jdbc:postgresql:";
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration MAX_READ_TIMEOUT = Duration.ofHours(1);
  private static final Duration MAX_QUERY_TIMEOUT = Duration.ofHours(24);
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)[?&;][^=&;]*(password|passwd)=");
  private static final Set<String> URL_PARTS = Set.of("PGHOST", "PGPORT", "PGDBNAME");
  private static final Map<String, String> LIBPQ_TO_JDBC =
      Map.of("connect_timeout", "connectTimeout", "application_name", "ApplicationName");

  public PostgresSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(roles, "roles");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(queryTimeout, "queryTimeout");

    NormalisedUrl url = NormalisedUrl.of(jdbcUrl.strip());
    if (user == null || user.isBlank()) {
      user =
          url.user()
              .orElseThrow(() -> new IllegalArgumentException("A database user is required."));
    } else if (url.user().isPresent() && !url.user().get().equals(user)) {
      throw new IllegalArgumentException(
          "The URL names user \"" + url.user().get() + "\" but user \"" + user + "\" was given.");
    }
    if (password.isEmpty()) {
      password = url.password().map(Secret::of);
    }
    jdbcUrl = url.jdbcUrl();

    if (schema.isBlank()) {
      throw new IllegalArgumentException("The schema must not be blank.");
    }
    connectTimeout = wholeSeconds(within("connect", connectTimeout, MAX_CONNECT_TIMEOUT));
    readTimeout = wholeSeconds(within("read", readTimeout, MAX_READ_TIMEOUT));
    within("query", queryTimeout, MAX_QUERY_TIMEOUT);
  }

  /** Settings that detect every role, with the default read and query timeouts. */
  public PostgresSettings(
      String jdbcUrl,
      String user,
      Optional<Secret> password,
      String schema,
      Duration connectTimeout,
      RoleMapping roles) {
    this(
        jdbcUrl,
        user,
        password,
        schema,
        connectTimeout,
        roles,
        DEFAULT_READ_TIMEOUT,
        DEFAULT_QUERY_TIMEOUT);
  }

  /** Settings that detect every role ({@link RoleMapping#DETECT}). */
  public PostgresSettings(
      String jdbcUrl,
      String user,
      Optional<Secret> password,
      String schema,
      Duration connectTimeout) {
    this(jdbcUrl, user, password, schema, connectTimeout, RoleMapping.DETECT);
  }

  /** Settings with the default schema and connect timeout. */
  public static PostgresSettings of(String url, String user, Optional<Secret> password) {
    return new PostgresSettings(url, user, password, DEFAULT_SCHEMA, DEFAULT_CONNECT_TIMEOUT);
  }

  /** A copy reading tables from {@code schema}. */
  public PostgresSettings withSchema(String newSchema) {
    return new PostgresSettings(
        jdbcUrl, user, password, newSchema, connectTimeout, roles, readTimeout, queryTimeout);
  }

  /** A copy taking the tables and columns {@code mapping} names. */
  public PostgresSettings withRoles(RoleMapping mapping) {
    return new PostgresSettings(
        jdbcUrl, user, password, schema, connectTimeout, mapping, readTimeout, queryTimeout);
  }

  /** A copy connecting to {@code url} (e.g. through a tunnel); everything else is kept. */
  public PostgresSettings withJdbcUrl(String url) {
    return new PostgresSettings(
        url, user, password, schema, connectTimeout, roles, readTimeout, queryTimeout);
  }

  /** A copy with another connect timeout. */
  public PostgresSettings withConnectTimeout(Duration timeout) {
    return new PostgresSettings(
        jdbcUrl, user, password, schema, timeout, roles, readTimeout, queryTimeout);
  }

  /** A copy with other connect, read and query timeouts. */
  public PostgresSettings withTimeouts(Duration connect, Duration read, Duration query) {
    return new PostgresSettings(jdbcUrl, user, password, schema, connect, roles, read, query);
  }

  /**
   * Whether {@code url} carries a password: in its user information ({@code user:secret@host}) or
   * in a parameter such as {@code password=} or {@code sslpassword=}. For refusing it where the URL
   * was typed on a command line or stored in a file.
   */
  public static boolean carriesPassword(String url) {
    if (PASSWORD_PARAMETER.matcher(url).find()) {
      return true;
    }
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return false;
    }
    String authority = url.substring(scheme + 3).split("[/?]", 2)[0];
    int at = authority.lastIndexOf('@');
    return at >= 0 && authority.substring(0, at).contains(":");
  }

  /**
   * The parts of a PostgreSQL URL, for a form that shows them one by one: any URL the constructor
   * accepts ({@code jdbc:postgresql://}, {@code postgresql://} or {@code postgres://}, with or
   * without user information), and also one that names no database yet.
   *
   * <p>Contract: the one parser of PostgreSQL URLs: user and password are taken out of the user
   * information or the {@code user=}/{@code password=} parameters and percent-decoded exactly as
   * the constructor does; the host and port are PgJDBC's reading of the URL ({@code localhost} and
   * {@code 5432} when absent), the database is empty when not named, and every other parameter
   * ({@code sslmode}, {@code currentSchema}, ...) is kept by name.
   *
   * @throws IllegalArgumentException when {@code url} is not a PostgreSQL URL (the message never
   *     repeats a password)
   */
  public static Url parseUrl(String url) {
    Objects.requireNonNull(url, "url");
    String given = url.strip();
    NormalisedUrl normalised = NormalisedUrl.parse(given);
    String jdbc = normalised.jdbcUrl();
    String rest = jdbc.substring(JDBC_PREFIX.length());
    if (rest.startsWith("//") && rest.indexOf('/', 2) < 0) {
      // PgJDBC wants a slash after the host and port even when no database follows.
      int query = rest.indexOf('?');
      jdbc =
          query < 0
              ? jdbc + "/"
              : JDBC_PREFIX + rest.substring(0, query) + "/" + rest.substring(query);
    }
    Properties properties = Driver.parseURL(jdbc, new Properties());
    if (properties == null) {
      throw new IllegalArgumentException(
          "\"" + NormalisedUrl.redact(given) + "\" is not a valid PostgreSQL URL.");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (!URL_PARTS.contains(name)) {
        parameters.put(name, properties.getProperty(name));
      }
    }
    return new Url(
        properties.getProperty("PGHOST", "localhost"),
        properties.getProperty("PGPORT", "5432"),
        properties.getProperty("PGDBNAME", ""),
        normalised.user(),
        normalised.password(),
        parameters);
  }

  /**
   * A PostgreSQL URL taken apart by {@link #parseUrl}.
   *
   * @param host the host (comma-separated for several)
   * @param port the port (comma-separated for several)
   * @param database the database, or "" when the URL names none
   * @param user the user the URL named, if any
   * @param password the password the URL carried, if any (for moving it into a password field)
   * @param parameters the other parameters by name, e.g. {@code sslmode}
   */
  public record Url(
      String host,
      String port,
      String database,
      Optional<String> user,
      Optional<String> password,
      Map<String, String> parameters) {
    public Url {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(port, "port");
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** The parameter {@code name}, if the URL sets it. */
    public Optional<String> parameter(String name) {
      return Optional.ofNullable(parameters.get(name));
    }

    @Override
    public String toString() {
      return "Url[host="
          + host
          + ", port="
          + port
          + ", database="
          + database
          + ", user="
          + user
          + ", password="
          + (password.isPresent() ? "****" : "none")
          + ", parameters="
          + parameters
          + "]";
    }
  }

  /** The host (or comma-separated hosts) from the URL. */
  public String host() {
    return parsed().getProperty("PGHOST", "localhost");
  }

  /** The port (or comma-separated ports) from the URL. */
  public String port() {
    return parsed().getProperty("PGPORT", "5432");
  }

  /** The database name from the URL. */
  public String database() {
    return parsed().getProperty("PGDBNAME", "");
  }

  /**
   * {@code host:port/database}, plus the schema when it is not {@code public}; never a secret. For
   * several hosts, each {@code host:port} pair is listed.
   */
  public String describe() {
    String[] hosts = host().split(",");
    String[] ports = port().split(",");
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < hosts.length; i++) {
      pairs.add(hosts[i] + ":" + (i < ports.length ? ports[i] : ports[ports.length - 1]));
    }
    String where = String.join(",", pairs) + "/" + database();
    return DEFAULT_SCHEMA.equals(schema) ? where : where + " (schema " + schema + ")";
  }

  /** The connect timeout in whole seconds, as PgJDBC wants it. */
  int connectTimeoutSeconds() {
    return (int) connectTimeout.getSeconds();
  }

  /**
   * The read bound while the server may compute before it can answer (a sort before the first row,
   * a count, any statement): the statement timeout stops the query first, with its own error, and
   * the read timeout on top gives that error time to arrive.
   */
  Duration longReadTimeout() {
    return queryTimeout.plus(readTimeout);
  }

  /**
   * Driver properties with the credentials; for the driver only, never for logging. The timeouts
   * bound the TCP connect and the whole login, so a silent server cannot hang a connection attempt.
   */
  Properties driverProperties() {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    password.ifPresent(p -> properties.setProperty("password", p.revealAsString()));
    properties.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds()));
    properties.setProperty("loginTimeout", Integer.toString(connectTimeoutSeconds()));
    // Every wait for a reply is bounded, by the query bound plus the read bound: the server may be
    // sorting. The order reader narrows it to the read bound while it streams.
    properties.setProperty("socketTimeout", Long.toString(longReadTimeout().getSeconds()));
    properties.setProperty("ApplicationName", "Ferry");
    // Long reads sit idle on the client side between batches; keepalives keep NATs from dropping
    // us.
    properties.setProperty("tcpKeepAlive", "true");
    return properties;
  }

  private Properties parsed() {
    Properties properties = Driver.parseURL(jdbcUrl, new Properties());
    // The constructor already checked that the URL parses.
    return Objects.requireNonNull(properties, "unparseable URL");
  }

  @Override
  public String toString() {
    return "PostgresSettings[jdbcUrl="
        + jdbcUrl
        + ", user="
        + user
        + ", password="
        + (password.isPresent() ? "****" : "none")
        + ", schema="
        + schema
        + ", connectTimeout="
        + connectTimeout
        + ", roles="
        + roles
        + ", readTimeout="
        + readTimeout
        + ", queryTimeout="
        + queryTimeout
        + "]";
  }

  private static Duration within(String name, Duration value, Duration max) {
    if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "The "
              + name
              + " timeout must be between 1 second and "
              + (max.toHours() == 1
                  ? "1 hour"
                  : max.toHours() > 1 ? max.toHours() + " hours" : max.toMinutes() + " minutes")
              + ", not "
              + value);
    }
    return value;
  }

  private static Duration wholeSeconds(Duration value) {
    return value.toNanos() % 1_000_000_000L == 0
        ? value
        : Duration.ofSeconds(value.getSeconds() + 1);
  }

  /** A URL in JDBC form, with the credentials it carried taken out. */
  private record NormalisedUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

    static NormalisedUrl of(String url) {
      NormalisedUrl normalised = parse(url);
      requireDatabase(url, normalised.jdbcUrl());
      if (Driver.parseURL(normalised.jdbcUrl(), new Properties()) == null) {
        throw new IllegalArgumentException(
            "\"" + redact(url) + "\" is not a valid PostgreSQL URL.");
      }
      return normalised;
    }

    /** The URL in JDBC form with its credentials taken out; it need not name a database. */
    static NormalisedUrl parse(String url) {
      String lower = url.toLowerCase(Locale.ROOT);
      NormalisedUrl normalised;
      if (lower.startsWith(JDBC_PREFIX + "//") && hasUserInfo(url)) {
        // PgJDBC knows no user information; read it as libpq does rather than as a host name.
        normalised = fromLibpq(url.substring(JDBC_PREFIX.length()));
      } else if (lower.startsWith(JDBC_PREFIX)) {
        normalised = fromJdbc(url);
      } else if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
        normalised = fromLibpq(url);
      } else {
        throw new IllegalArgumentException(
            "The URL must start with jdbc:postgresql:// or postgresql://, not \""
                + redact(url)
                + "\".");
      }
      return normalised;
    }

    private static boolean hasUserInfo(String url) {
      String rest = url.substring(JDBC_PREFIX.length() + 2);
      return rest.split("[/?]", 2)[0].contains("@");
    }

    /**
     * PostgreSQL would take the user name for a missing database name, which then fails far from
     * its cause ("schema public has no tables"): a URL must name its database.
     */
    private static void requireDatabase(String given, String jdbcUrl) {
      String rest = jdbcUrl.substring(JDBC_PREFIX.length());
      if (!rest.startsWith("//")) {
        return; // jdbc:postgresql:db — the database is all there is
      }
      String base = rest.split("\\?", 2)[0];
      int slash = base.indexOf('/', 2);
      if (slash >= 0 && slash < base.length() - 1) {
        return;
      }
      // The example is the URL as given, with a database name where it belongs.
      int start = given.indexOf("://") + 3;
      int end = start;
      while (end < given.length() && given.charAt(end) != '/' && given.charAt(end) != '?') {
        end++;
      }
      String after = given.substring(end);
      String example =
          given.substring(0, end)
              + (after.startsWith("/") ? "/shop" + after.substring(1) : "/shop" + after);
      throw new IllegalArgumentException(
          "The URL "
              + redact(given)
              + " names no database; add the database name after the host and port, e.g. "
              + redact(example)
              + ".");
    }

    private static NormalisedUrl fromJdbc(String url) {
      int question = url.indexOf('?');
      if (question < 0) {
        return new NormalisedUrl(url, Optional.empty(), Optional.empty());
      }
      Credentials credentials = new Credentials();
      String query = credentials.take(url.substring(question + 1), Map.of());
      String base = url.substring(0, question);
      return new NormalisedUrl(
          query.isEmpty() ? base : base + "?" + query, credentials.user, credentials.password);
    }

    private static NormalisedUrl fromLibpq(String url) {
      String rest = url.substring(url.indexOf("://") + 3);
      String query = "";
      int question = rest.indexOf('?');
      if (question >= 0) {
        query = rest.substring(question + 1);
        rest = rest.substring(0, question);
      }
      String path = "";
      int slash = rest.indexOf('/');
      if (slash >= 0) {
        path = rest.substring(slash + 1);
        rest = rest.substring(0, slash);
      }
      Credentials credentials = new Credentials();
      int at = rest.lastIndexOf('@');
      if (at >= 0) {
        String userInfo = rest.substring(0, at);
        rest = rest.substring(at + 1);
        int colon = userInfo.indexOf(':');
        String userPart = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
        if (!userPart.isEmpty()) {
          credentials.user = Optional.of(decode(userPart));
        }
        if (colon >= 0) {
          credentials.password = Optional.of(decode(userInfo.substring(colon + 1)));
        }
      }
      if (rest.isEmpty()) {
        // libpq would use a Unix socket here; PgJDBC cannot.
        throw new IllegalArgumentException(
            "The URL must name a host (Unix sockets are not supported).");
      }
      String jdbcQuery = credentials.take(query, LIBPQ_TO_JDBC);
      String jdbc = JDBC_PREFIX + "//" + rest + "/" + path;
      return new NormalisedUrl(
          jdbcQuery.isEmpty() ? jdbc : jdbc + "?" + jdbcQuery,
          credentials.user,
          credentials.password);
    }

    /** The URL with any password-like parameter value or userinfo password masked. */
    static String redact(String url) {
      return url.replaceAll("(?i)(password=)[^&]*", "$1****")
          .replaceAll("(//[^/@:]*):[^/@]*@", "$1:****@");
    }
  }

  /** Collects credentials out of a query string while rewriting the remaining parameters. */
  private static final class Credentials {
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();

    String take(String query, Map<String, String> renames) {
      List<String> kept = new ArrayList<>();
      for (String parameter : query.split("&")) {
        if (parameter.isEmpty()) {
          continue;
        }
        int equals = parameter.indexOf('=');
        String key = equals >= 0 ? parameter.substring(0, equals) : parameter;
        String value = equals >= 0 ? parameter.substring(equals + 1) : "";
        switch (key) {
          case "user" -> user = user.or(() -> Optional.of(decode(value)));
          case "password" -> password = password.or(() -> Optional.of(decode(value)));
          default -> kept.add(renames.getOrDefault(key, key) + (equals >= 0 ? "=" + value : ""));
        }
      }
      return String.join("&", kept);
    }
  }

  private static String decode(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
