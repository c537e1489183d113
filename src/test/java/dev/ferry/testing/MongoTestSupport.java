package dev.ferry.testing;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.ferry.app.EmbeddedMongoServer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MongoDB target of every test that needs one — one switch for the whole suite.
 *
 * <p>Without {@value #URI_VARIABLE} the tests share one in-process mongo-java-server (memory
 * backend) started on first use and stopped at JVM exit. With {@value #URI_VARIABLE} set to a
 * connection string ({@code FERRY_TEST_MONGO_URI=mongodb://… mvn -B verify}) they all use that
 * server instead: MongoDB 6/7/8, Atlas, or a second mongo-java-server in its own process.
 *
 * <p>Either way each test gets its own database ({@link #freshDatabase()}), which {@link
 * MongoTestDatabases} drops when the test (or, for one made in {@code @BeforeAll}, its class) is
 * done; anything still left is dropped at JVM exit, so a suite leaves no databases behind.
 *
 * <p>Tests of what only one kind of server does say so: {@link MongoJavaServerOnly} for a quirk of
 * mongo-java-server, {@link RealMongoDbOnly} for what a real MongoDB adds (authentication, TLS,
 * replica sets, write concerns, size limits); they are reported as skipped elsewhere.
 */
public final class MongoTestSupport {
  /** The environment variable that names the server under test. */
  public static final String URI_VARIABLE = "FERRY_TEST_MONGO_URI";

  private static final Logger LOG = LoggerFactory.getLogger(MongoTestSupport.class);
  private static final AtomicInteger DATABASES = new AtomicInteger();

  /** Tells this JVM's databases from another suite's on the same server. */
  private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36);

  private static Target target;
  private static MongoClient admin;
  private static final Deque<List<String>> SCOPES = new ArrayDeque<>();
  private static final List<String> UNSCOPED = new ArrayList<>();

  /**
   * The server the tests use.
   *
   * @param connectionString how to reach it (may hold credentials: never print it)
   * @param external whether it was named by {@value #URI_VARIABLE}
   * @param kind what answered: mongo-java-server, MongoDB, or something else
   * @param version the version it reports
   */
  public record Target(String connectionString, boolean external, ServerKind kind, String version) {
    /** Host and port(s), without user information or options, for messages and reports. */
    public String hosts() {
      return String.join(",", new ConnectionString(connectionString).getHosts());
    }

    /**
     * What runs where, without credentials, e.g. {@code mongo-java-server reporting 5.0.0 at
     * 127.0.0.1:40123 (in-process)}.
     */
    public String describe() {
      return kind.label
          + " reporting "
          + version
          + " at "
          + hosts()
          + (external ? " (" + URI_VARIABLE + ")" : " (in-process)");
    }

    /** {@link #describe()}: the connection string may hold a password. */
    @Override
    public String toString() {
      return describe();
    }
  }

  /** Kinds of server the suite tells apart. */
  public enum ServerKind {
    /** de.bwaldvogel's mongo-java-server: {@code serverStatus} says its process is Java. */
    MONGO_JAVA_SERVER("mongo-java-server"),
    /** A MongoDB server: {@code buildInfo} carries the git version it was built from. */
    MONGODB("MongoDB"),
    /** Anything else that speaks the wire protocol. */
    OTHER("an unrecognised MongoDB-compatible server");

    private final String label;

    ServerKind(String label) {
      this.label = label;
    }
  }

  private MongoTestSupport() {}

  /** The target, connected (and started, without {@value #URI_VARIABLE}) on first use. */
  public static synchronized Target target() {
    if (target == null) {
      target = connect(System.getenv());
      LOG.info("MongoDB target of the tests: {}", target.describe());
    }
    return target;
  }

  private static Target connect(Map<String, String> environment) {
    quietWireLogging();
    Optional<String> named =
        Optional.ofNullable(environment.get(URI_VARIABLE)).filter(s -> !s.isBlank());
    String uri;
    if (named.isPresent()) {
      uri = named.get().strip();
      new ConnectionString(uri); // fails early, with the driver's reason, on a malformed value
    } else {
      EmbeddedMongoServer started = EmbeddedMongoServer.startInMemory();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-mongo-stop"));
      uri = started.connectionString();
    }
    admin =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(20, TimeUnit.SECONDS))
                .build());
    if (named.isPresent()) {
      // The in-process server takes its databases with it; another server keeps them.
      Runtime.getRuntime()
          .addShutdownHook(new Thread(MongoTestSupport::dropEverythingLeft, "test-databases-drop"));
    }
    var database = admin.getDatabase("admin");
    Document build = database.runCommand(new Document("buildInfo", 1));
    String version = String.valueOf(build.get("version"));
    return new Target(uri, named.isPresent(), kindOf(database, build), version);
  }

  private static ServerKind kindOf(com.mongodb.client.MongoDatabase admin, Document buildInfo) {
    try {
      Document status = admin.runCommand(new Document("serverStatus", 1));
      if ("java".equals(status.getString("process"))) {
        return ServerKind.MONGO_JAVA_SERVER;
      }
    } catch (RuntimeException e) {
      // A real server may refuse serverStatus to a user without clusterMonitor; buildInfo decides.
      LOG.debug("serverStatus refused: {}", e.getMessage());
    }
    return buildInfo.containsKey("gitVersion") ? ServerKind.MONGODB : ServerKind.OTHER;
  }

  /**
   * Without a logback configuration everything logs at DEBUG, and the driver and the server then
   * print every command with its documents — slow and unreadable. Only their loggers are raised.
   */
  private static void quietWireLogging() {
    for (String name : new String[] {"org.mongodb.driver", "de.bwaldvogel", "io.netty"}) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
      }
    }
  }

  /** The target's connection string (it may hold credentials: pass it on, never print it). */
  public static String connectionString() {
    return target().connectionString();
  }

  /** Whether the target is mongo-java-server (in-process or the one named by the variable). */
  public static boolean isMongoJavaServer() {
    return target().kind() == ServerKind.MONGO_JAVA_SERVER;
  }

  /** Whether the target is a MongoDB server. */
  public static boolean isRealMongoDb() {
    return target().kind() == ServerKind.MONGODB;
  }

  /** What the tests run against, without credentials. */
  public static String describe() {
    return target().describe();
  }

  /**
   * A database name no other test uses, e.g. {@code ferry_test_2k1x_7}; dropped when the test (or
   * class) that asked for it is done.
   */
  public static String freshDatabase() {
    target();
    String name = "ferry_test_" + RUN + "_" + DATABASES.incrementAndGet();
    synchronized (SCOPES) {
      (SCOPES.isEmpty() ? UNSCOPED : SCOPES.peek()).add(name);
    }
    return name;
  }

  /** A new driver client on the target; the caller closes it. */
  public static MongoClient client() {
    return MongoClients.create(connectionString());
  }

  /**
   * The CLI option that names the target: {@code --mongo-uri}, or {@code --mongo-uri-env} when the
   * URI holds a password (which the CLI and job files take only from the environment, where {@value
   * #URI_VARIABLE} already is); {@link #cliUriValue()} is its value.
   */
  public static String cliUriOption() {
    return uriHoldsPassword() ? "--mongo-uri-env" : "--mongo-uri";
  }

  /** The value of {@link #cliUriOption()}: the URI, or the name of the variable holding it. */
  public static String cliUriValue() {
    return uriHoldsPassword() ? URI_VARIABLE : connectionString();
  }

  /** What {@link #cliUriValue()} may need from the environment. */
  public static Map<String, String> cliEnvironment() {
    return uriHoldsPassword() ? Map.of(URI_VARIABLE, connectionString()) : Map.of();
  }

  private static boolean uriHoldsPassword() {
    return target().external() && new ConnectionString(connectionString()).getPassword() != null;
  }

  // ------------------------------------------------------------------ the target's address

  /** The target's (first) host, e.g. for a TCP proxy in front of it. */
  public static String targetHost() {
    String host = firstHost();
    return host.substring(0, host.lastIndexOf(':'));
  }

  /** The target's (first) port. */
  public static int targetPort() {
    String host = firstHost();
    return Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
  }

  private static String firstHost() {
    String host = new ConnectionString(connectionString()).getHosts().get(0);
    return host.contains(":") && !host.endsWith("]") ? host : host + ":27017";
  }

  /**
   * The target's connection string with its servers replaced by {@code host:port} — a single
   * server, reached directly ({@code directConnection=true}), e.g. a fault proxy in front of the
   * target — keeping its user, password and options (TLS, authSource), plus {@code options} such as
   * {@code retryWrites=false}.
   */
  public static String connectionStringVia(String host, int port, String... options) {
    Parts parts = Parts.of(connectionString());
    List<String> query = new ArrayList<>(parts.options());
    query.removeIf(o -> o.toLowerCase(java.util.Locale.ROOT).startsWith("directconnection="));
    query.add("directConnection=true");
    query.addAll(List.of(options));
    return "mongodb://"
        + parts.userInfo()
        + host
        + ":"
        + port
        + "/"
        + parts.path()
        + "?"
        + String.join("&", query);
  }

  /**
   * The target's connection string with other user information ({@code user:password}, or empty for
   * none), the same servers and options.
   */
  public static String connectionStringAs(String userInfo) {
    Parts parts = Parts.of(connectionString());
    return "mongodb://"
        + (userInfo.isEmpty() ? "" : userInfo + "@")
        + parts.hosts()
        + "/"
        + parts.path()
        + (parts.options().isEmpty() ? "" : "?" + String.join("&", parts.options()));
  }

  /** A {@code mongodb://} connection string taken apart, as written (escapes kept). */
  private record Parts(String userInfo, String hosts, String path, List<String> options) {
    static Parts of(String uri) {
      if (!uri.startsWith("mongodb://")) {
        throw new IllegalStateException(
            "this test needs a mongodb:// target (not mongodb+srv://) to address its server");
      }
      String rest = uri.substring("mongodb://".length());
      int end = rest.length();
      for (char c : new char[] {'/', '?'}) {
        int i = rest.indexOf(c, rest.lastIndexOf('@') + 1);
        end = i >= 0 ? Math.min(end, i) : end;
      }
      String authority = rest.substring(0, end);
      int at = authority.lastIndexOf('@');
      String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
      String hosts = authority.substring(at + 1);
      String tail = rest.substring(end);
      String path = tail.startsWith("/") ? tail.substring(1) : tail;
      int question = path.indexOf('?');
      String query = question >= 0 ? path.substring(question + 1) : "";
      path = question >= 0 ? path.substring(0, question) : path;
      List<String> options = new ArrayList<>();
      for (String option : query.split("&")) {
        if (!option.isEmpty()) {
          options.add(option);
        }
      }
      return new Parts(userInfo, hosts, path, options);
    }
  }

  // ------------------------------------------------------------------ scopes (MongoTestDatabases)

  /** Opens a scope: databases made from now on belong to it (until a newer one opens). */
  static List<String> openScope() {
    List<String> scope = new ArrayList<>();
    synchronized (SCOPES) {
      SCOPES.push(scope);
    }
    return scope;
  }

  /** Closes {@code scope} and drops its databases. */
  static void closeScope(List<String> scope) {
    List<String> names;
    synchronized (SCOPES) {
      SCOPES.removeIf(s -> s == scope);
      names = List.copyOf(scope);
    }
    drop(names);
  }

  private static void dropEverythingLeft() {
    List<String> names = new ArrayList<>();
    synchronized (SCOPES) {
      SCOPES.forEach(names::addAll);
      SCOPES.clear();
      names.addAll(UNSCOPED);
      UNSCOPED.clear();
    }
    drop(names);
  }

  private static void drop(List<String> names) {
    if (names.isEmpty()) {
      return;
    }
    for (String name : names) {
      try {
        admin.getDatabase(name).drop();
      } catch (RuntimeException e) {
        LOG.warn("could not drop the test database {} on {}: {}", name, describe(), e.toString());
      }
    }
  }
}
