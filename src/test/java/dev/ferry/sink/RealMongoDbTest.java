package dev.ferry.sink;

import static dev.ferry.sink.SampleOrders.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.ferry.core.MappingResult;
import dev.ferry.core.SourceLine;
import dev.ferry.engine.ConnectionCheckResult;
import dev.ferry.engine.ConnectionFailure;
import dev.ferry.engine.RunCounts;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.testing.RealMongoDbOnly;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a real MongoDB (6.0, 7.0, 8.0, Atlas) adds to the wire protocol, with the sink on top:
 * authentication, TLS, the 16 MiB document limit, replacements stored as sent. Runs only when
 * {@code FERRY_TEST_MONGO_URI} names a MongoDB server; the authentication and TLS tests also need
 * that URI to log in and to use TLS (the hosted workflow has a job for each).
 */
class RealMongoDbTest {
  private static final Duration SHORT = Duration.ofSeconds(5);

  /** The user information of a connection string: {@code //user:password@}. */
  private static final Pattern USER_INFO = Pattern.compile("//([^/@:]+):([^/@]*)@");

  private final CommandLog commands = new CommandLog();
  private MongoSettings settings;
  private MongoOrderSink sink;
  private MongoClient inspector;
  private MongoCollection<RawBsonDocument> orders;

  @BeforeEach
  void open() {
    settings =
        MongoSettings.of(MongoTestSupport.connectionString(), MongoTestSupport.freshDatabase());
    sink =
        new MongoOrderSink(
            settings, builder -> builder.addCommandListener(commands), Clock.systemUTC());
    inspector = MongoTestSupport.client();
    orders =
        inspector.getDatabase(settings.database()).getCollection("orders", RawBsonDocument.class);
  }

  @AfterEach
  void close() {
    sink.close();
    inspector.close();
  }

  @Test
  @RealMongoDbOnly
  void aWrongPasswordIsAnAuthenticationFailureThatNamesNoSecret() {
    Matcher userInfo = USER_INFO.matcher(MongoTestSupport.connectionString());
    Assumptions.assumeTrue(userInfo.find(), "the target's URI logs in with no password");
    String wrong = "not-" + userInfo.group(2) + "-x";
    String uri =
        userInfo.replaceFirst(
            Matcher.quoteReplacement("//" + userInfo.group(1) + ":" + wrong + "@"));

    ConnectionCheckResult result =
        MongoConnectionCheck.check(
            MongoSettings.of(uri, settings.database()).withTimeouts(SHORT, SHORT, SHORT));

    assertThat(result).isInstanceOf(ConnectionCheckResult.Failed.class);
    assertThat(((ConnectionCheckResult.Failed) result).failure())
        .as(result.message())
        .isEqualTo(ConnectionFailure.AUTH_FAILED);
    assertThat(result.message())
        .contains("rejected the login")
        .doesNotContain(wrong)
        .doesNotContain(userInfo.group(2));
    try (MongoOrderSink refused =
        new MongoOrderSink(
            MongoSettings.of(uri, settings.database()).withTimeouts(SHORT, SHORT, SHORT))) {
      assertThatThrownBy(() -> refused.write(batch(1), "run-1"))
          .isInstanceOf(com.mongodb.MongoSecurityException.class);
    }
    assertThat(orders.countDocuments()).isZero();
  }

  @Test
  @RealMongoDbOnly
  void aServerThatRequiresTlsRefusesAPlainConnectionAndTheCheckSaysTls() {
    ConnectionString tls = new ConnectionString(MongoTestSupport.connectionString());
    Assumptions.assumeTrue(
        Boolean.TRUE.equals(tls.getSslEnabled()), "the target's URI does not use TLS");
    String plain =
        MongoTestSupport.connectionString()
            .replaceAll("(?i)([?&])(tls|ssl)=true", "$1tls=false")
            .replaceAll("(?i)&?tlsAllowInvalidHostnames=true", "");
    assertThat(new ConnectionString(plain).getSslEnabled()).isFalse();

    ConnectionCheckResult result =
        MongoConnectionCheck.check(
            MongoSettings.of(plain, settings.database()).withTimeouts(SHORT, SHORT, SHORT));

    // mongod closes a plain connection without a word; the sentence must point at TLS.
    assertThat(result).isInstanceOf(ConnectionCheckResult.Failed.class);
    assertThat(result.message()).contains("tls=true");
    assertThat(MongoConnectionCheck.check(settings).ok()).isTrue();
  }

  @Test
  @RealMongoDbOnly
  void aDocumentJustUnderSixteenMebibytesIsStoredExactlyAndOneOverIsRefusedWithoutHarm() {
    MappingResult.Accepted large = orderOfAbout("large", 15_800_000);
    MappingResult.Accepted tooLarge = orderOfAbout("too-large", 16_900_000);
    RawBsonDocument largeBson = BsonDiff.raw(OrderBsonMapper.toBson(large.document()));
    assertThat(largeBson.getByteBuffer().remaining()).isBetween(15_000_000, 16 * 1024 * 1024);
    List<MappingResult> small = batch(2);

    assertThat(sink.write(List.of(small.get(0), large), "run-1"))
        .isEqualTo(new RunCounts(2, 0, 0, 0));
    assertThat(BsonDiff.identical(largeBson, orders.find(Filters.eq("_id", "large")).first()))
        .isTrue();
    assertThat(sink.write(List.of(small.get(0), large), "run-2"))
        .isEqualTo(new RunCounts(0, 0, 2, 0));

    assertThatThrownBy(() -> sink.write(List.of(small.get(1), tooLarge), "run-3"))
        .hasMessageContaining("16777216");
    assertThat(orders.countDocuments(Filters.eq("_id", "too-large"))).isZero();
    // Whatever of the failed batch landed, the next write converges without duplicates.
    RunCounts again = sink.write(List.of(small.get(1)), "run-4");
    assertThat(again.inserted() + again.unchanged()).isEqualTo(1);
    assertThat(orders.countDocuments()).isEqualTo(3);
  }

  @Test
  @RealMongoDbOnly
  void aReplacementIsStoredAsSentSoAReorderedDocumentNeedsNoRewrite() {
    List<MappingResult> three = batch(3);
    sink.write(three, "run-1");
    MappingResult.Accepted second = (MappingResult.Accepted) three.get(1);
    ReplaceReadBackTest.storeWithTotalBeforeTaxes(orders, second);
    commands.clear();

    RunCounts counts = sink.write(three, "run-2");

    assertThat(counts).isEqualTo(new RunCounts(0, 1, 2, 0));
    // One replace and one read back that finds it exact: no two-step rewrite.
    assertThat(commands.all()).filteredOn("update orders"::equals).hasSize(1);
    assertThat(
            BsonDiff.identical(
                BsonDiff.raw(OrderBsonMapper.toBson(second.document())),
                orders.find(Filters.eq("_id", second.uid())).first()))
        .isTrue();
  }

  /** An order whose document is about {@code bytes} long (lines of about 200 bytes each). */
  private static MappingResult.Accepted orderOfAbout(String uid, int bytes) {
    int probe = 1_000;
    int perLine =
        BsonDiff.raw(OrderBsonMapper.toBson(withLines(uid, probe).document()))
                .getByteBuffer()
                .remaining()
            / probe;
    return withLines(uid, bytes / perLine);
  }

  private static MappingResult.Accepted withLines(String uid, int count) {
    List<SourceLine> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lines.add(
          SampleOrders.line(
              String.format("product-%07d-with-a-name-long-enough-to-fill-the-document", i),
              "1",
              "1.25",
              "Acme Corporation International"));
    }
    return (MappingResult.Accepted)
        SampleOrders.map(SampleOrders.order(uid, "paid", lines.toArray(SourceLine[]::new)));
  }
}
