package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.ferry.engine.ConnectionCheckResult;
import dev.ferry.engine.ConnectionFailure;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.MongoTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MongoDB failures become one sentence with what failed and what to check, against real failures: a
 * closed port, an unknown host, a proxy that accepts and then stays silent or closes, a connection
 * cut or frozen in the middle of work, a rejected login, a document over the size limit.
 * Server-side refusals that an in-process server cannot produce (not primary, full disk, quota) are
 * classified from the server's own reply documents.
 */
class MongoFailuresTest {
  private static final Duration SHORT = Duration.ofSeconds(1);

  /**
   * Settings for {@code hostPort} with 1 s to connect and select a server, 2 s to read, and no
   * retries, so that each fault shows at once.
   */
  private static MongoSettings settings(String hostPort) {
    return MongoSettings.of(
            "mongodb://" + hostPort + "/?retryReads=false&retryWrites=false",
            MongoTestSupport.freshDatabase())
        .withTimeouts(SHORT, SHORT, Duration.ofSeconds(2));
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A proxy in front of the MongoDB under test ({@link MongoTestSupport}). */
  private static FaultProxy proxyToTarget() {
    return FaultProxy.to(MongoTestSupport.targetHost(), MongoTestSupport.targetPort());
  }

  /**
   * Settings for the target through {@code proxy}, with its user, password and TLS options, no
   * retries and the short timeouts of {@link #settings(String)}.
   */
  private static MongoSettings throughProxy(FaultProxy proxy) {
    return MongoSettings.of(
            MongoTestSupport.connectionStringVia(
                "127.0.0.1", proxy.port(), "retryReads=false", "retryWrites=false"),
            MongoTestSupport.freshDatabase())
        .withTimeouts(SHORT, SHORT, Duration.ofSeconds(2));
  }

  @Test
  void aClosedPortIsRefusedAtOnceInsteadOfAfterTheServerSelectionTimeout() {
    int port = closedPort();
    MongoSettings settings =
        MongoSettings.of("mongodb://127.0.0.1:" + port, MongoTestSupport.freshDatabase());

    long started = System.nanoTime();
    try (MongoOrderSink sink = new MongoOrderSink(settings)) {
      assertThatThrownBy(sink::ping)
          .isInstanceOfSatisfying(
              MongoTargetException.class,
              e -> {
                assertThat(e.failure()).isEqualTo(ConnectionFailure.REFUSED);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "Nothing accepted the connection at 127.0.0.1:"
                            + port
                            + "; check the host and port, and that MongoDB is running and"
                            + " reachable from here.");
                assertThat(e.getCause()).isInstanceOf(MongoException.class);
              });
    }
    // The default server-selection timeout is 10 s; a refusal needs no waiting.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void anUnknownHostIsNamed() {
    ConnectionCheckResult result =
        MongoConnectionCheck.check(settings("db.ferry-test.invalid:27017"));

    assertFailed(
        result,
        ConnectionFailure.UNKNOWN_HOST,
        "The MongoDB host db.ferry-test.invalid could not be resolved; check the host name in the"
            + " connection string and your DNS or VPN.");
  }

  @Test
  void aServerThatAcceptsButNeverAnswersTimesOutWithinTheConnectBound() {
    try (FaultProxy silent = FaultProxy.silent()) {
      long started = System.nanoTime();
      ConnectionCheckResult result =
          MongoConnectionCheck.check(settings("127.0.0.1:" + silent.port()));

      assertFailed(
          result,
          ConnectionFailure.TIMEOUT,
          "MongoDB at 127.0.0.1:"
              + silent.port()
              + " accepted the connection but did not answer within 1 s; check that this port"
              + " belongs to a MongoDB server and the server's load.");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
    }
  }

  @Test
  void aServerThatClosesEveryConnectionSaysSo() {
    try (FaultProxy closing = proxyToTarget()) {
      closing.set(FaultProxy.Mode.CUT);

      ConnectionCheckResult result =
          MongoConnectionCheck.check(settings("127.0.0.1:" + closing.port()));

      assertFailed(
          result,
          ConnectionFailure.CONNECTION_LOST,
          "MongoDB at 127.0.0.1:"
              + closing.port()
              + " closed every connection Ferry opened; check that this port belongs to a MongoDB"
              + " server and whether it requires TLS (tls=true in the connection string).");
    }
  }

  @Test
  void aConnectionCutInTheMiddleOfWorkIsLost() {
    try (FaultProxy proxy = proxyToTarget();
        MongoOrderSink sink = new MongoOrderSink(throughProxy(proxy))) {
      sink.ping();
      assertThat(sink.documentCount()).isZero();

      proxy.set(FaultProxy.Mode.CUT);
      Throwable cut = catchFailure(sink::documentCount);

      ConnectionCheckResult.Failed failed = MongoFailures.classify(cut, sink.settings());
      assertThat(failed.failure())
          .as(String.valueOf(cut))
          .isEqualTo(ConnectionFailure.CONNECTION_LOST);
      assertThat(failed.message())
          .isEqualTo(
              "The connection to MongoDB at 127.0.0.1:"
                  + proxy.port()
                  + " was lost (the server or the network closed it); check that MongoDB is"
                  + " running and the network to it.");
    }
  }

  @Test
  void aConnectionFrozenInTheMiddleOfWorkFailsWithinTheReadBound() {
    try (FaultProxy proxy = proxyToTarget();
        MongoOrderSink sink = new MongoOrderSink(throughProxy(proxy))) {
      sink.ping();

      proxy.set(FaultProxy.Mode.FREEZE);
      long started = System.nanoTime();
      Throwable frozen = catchFailure(sink::documentCount);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      MongoTargetException wrapped = MongoTargetException.of(frozen, sink.settings());
      assertThat(wrapped.failure()).as(String.valueOf(frozen)).isEqualTo(ConnectionFailure.TIMEOUT);
      assertThat(wrapped.getMessage())
          .isEqualTo(
              "MongoDB at 127.0.0.1:"
                  + proxy.port()
                  + " sent no reply for 2 s; check the server's load and the network to it"
                  + " (timeouts.read in the job file, or socketTimeoutMS in the connection string,"
                  + " sets this bound).");
      assertThat(took)
          .isGreaterThanOrEqualTo(Duration.ofMillis(1900))
          .isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  void aRejectedLoginIsAnAuthenticationFailure() {
    String hostPort = MongoTestSupport.target().hosts();
    String uri = MongoTestSupport.connectionStringAs("ferry:wrong");
    MongoSettings settings =
        MongoSettings.of(
                uri.contains("authSource=")
                    ? uri
                    : uri + (uri.contains("?") ? "&" : "?") + "authSource=admin",
                MongoTestSupport.freshDatabase())
            .withTimeouts(SHORT, SHORT, SHORT);

    assertFailed(
        MongoConnectionCheck.check(settings),
        ConnectionFailure.AUTH_FAILED,
        "MongoDB at "
            + hostPort
            + " rejected the login; check the user name, password and authSource in the"
            + " connection string.");
  }

  @Test
  void aDocumentOverTheSizeLimitIsNamed() {
    MongoSettings settings = MongoSettings.of(MongoTestSupport.connectionString(), "x");
    Throwable tooLarge;
    try (MongoClient client = MongoClients.create(MongoTestSupport.connectionString())) {
      Document huge = new Document("_id", "huge").append("blob", "x".repeat(17 * 1024 * 1024));
      tooLarge =
          catchFailure(
              () ->
                  client
                      .getDatabase(MongoTestSupport.freshDatabase())
                      .getCollection("orders")
                      .insertOne(huge));
    }

    ConnectionCheckResult.Failed failed = MongoFailures.classify(tooLarge, settings);
    assertThat(failed.failure())
        .as(String.valueOf(tooLarge))
        .isEqualTo(ConnectionFailure.DOCUMENT_TOO_LARGE);
    assertThat(failed.message())
        .startsWith("An order's document is larger than MongoDB's 16 MB limit, so MongoDB at ");
  }

  /** Replies a real server sends when it cannot take a write, as the driver reports them. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      10107 | NotWritablePrimary   | not primary                                            | NOT_WRITABLE       | MongoDB at db1:27017 is not the primary of its replica set and cannot take writes; list the replica set's hosts (or use mongodb+srv://) in the connection string so the driver finds the primary, or wait for an election to finish.
      189   | PrimarySteppedDown   | Primary stepped down while waiting for replication     | NOT_WRITABLE       | MongoDB at db1:27017 is not the primary of its replica set and cannot take writes; list the replica set's hosts (or use mongodb+srv://) in the connection string so the driver finds the primary, or wait for an election to finish.
      20    | IllegalOperation     | Cannot execute a write operation in read-only mode     | NOT_WRITABLE       | MongoDB at db1:27017 is read-only and refused the write; check that the server is not started read-only and that the connection string names a writable server.
      14031 | OutOfDiskSpace       | No space left on device                                | STORAGE_FULL       | MongoDB at db1:27017 refused the write because its storage is full or over quota; free disk space or raise the quota (on Atlas, a larger tier), then run again.
      8000  | AtlasError           | you are over your space quota, using 513 MB of 512 MB  | STORAGE_FULL       | MongoDB at db1:27017 refused the write because its storage is full or over quota; free disk space or raise the quota (on Atlas, a larger tier), then run again.
      10334 | BSONObjectTooLarge   | BSONObj size: 17825810 (0x1100012) is invalid          | DOCUMENT_TOO_LARGE | An order's document is larger than MongoDB's 16 MB limit, so MongoDB at db1:27017 refused it; check the source for an order with an unusual number of items.
      18    | AuthenticationFailed | Authentication failed.                                 | AUTH_FAILED        | MongoDB at db1:27017 rejected the login; check the user name, password and authSource in the connection string.
      13    | Unauthorized         | not authorized on shop to execute command { insert }   | AUTH_FAILED        | MongoDB at db1:27017 does not allow this user to write to shop; check the user's roles (readWrite on shop) and authSource in the connection string.
      2     | BadValue             | something unexpected\\nsecond line                      | OTHER              | MongoDB at db1:27017 failed (something unexpected); check the connection string and the server's log.
      """)
  void serverRefusalsAreClassifiedByTheirCode(
      int code, String codeName, String errmsg, ConnectionFailure failure, String sentence) {
    BsonDocument reply =
        new BsonDocument("ok", new BsonInt32(0))
            .append("errmsg", new BsonString(errmsg.replace("\\n", "\n")))
            .append("code", new BsonInt32(code))
            .append("codeName", new BsonString(codeName));
    MongoCommandException error = new MongoCommandException(reply, new ServerAddress("db1", 27017));

    ConnectionCheckResult.Failed failed =
        MongoFailures.classify(error, MongoSettings.of("mongodb://db1:27017", "shop"));

    assertThat(failed.failure()).isEqualTo(failure);
    assertThat(failed.message()).isEqualTo(sentence).doesNotContain("\n");
  }

  @Test
  void theDriversClusterDumpNeverReachesTheSentence() {
    MongoException timeout =
        new com.mongodb.MongoTimeoutException(
            "Timed out while waiting for a server that matches WritableServerSelector. Client view"
                + " of cluster state is {type=UNKNOWN, servers=[{address=db1:27017, type=UNKNOWN,"
                + " state=CONNECTING}]");

    String sentence = MongoFailures.describe(timeout, MongoSettings.of("mongodb://db1", "shop"));

    assertThat(sentence)
        .isEqualTo(
            "No MongoDB server at db1 answered within 10 s; check the host and port, firewalls,"
                + " and the VPN or SSH tunnel.")
        .doesNotContain("Client view");
  }

  private static void assertFailed(
      ConnectionCheckResult result, ConnectionFailure failure, String message) {
    assertThat(result).isInstanceOf(ConnectionCheckResult.Failed.class);
    ConnectionCheckResult.Failed failed = (ConnectionCheckResult.Failed) result;
    assertThat(failed.failure()).as(failed.message()).isEqualTo(failure);
    assertThat(failed.message()).isEqualTo(message);
  }

  private static Throwable catchFailure(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }
}
