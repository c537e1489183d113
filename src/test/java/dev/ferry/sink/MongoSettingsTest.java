package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.Secret;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MongoSettingsTest {
  private static final String WITH_PASSWORD =
      "mongodb://ferry:s3cr%40tPW@db1:27017,db2:27018/?authSource=admin"
          + "&tlsCertificateKeyFilePassword=keyPW&authMechanismProperties=AWS_SESSION_TOKEN:tokPW";

  @Test
  void toStringAndDescribeNeverRevealThePassword() {
    MongoSettings settings = MongoSettings.of(WITH_PASSWORD, "shop");

    assertThat(settings.toString()).doesNotContain("PW").doesNotContain("ferry:");
    assertThat(settings.redactedConnectionString())
        .isEqualTo(
            "mongodb://****@db1:27017,db2:27018/?authSource=admin"
                + "&tlsCertificateKeyFilePassword=****&authMechanismProperties=****");
    assertThat(settings.describe()).isEqualTo("db1:27017,db2:27018/shop.orders");
  }

  @Test
  void defaultsAreTheOrdersCollectionAndItsRejects() {
    MongoSettings settings = MongoSettings.of("mongodb+srv://cluster0.example.net", "shop");

    assertThat(settings.collection()).isEqualTo("orders");
    assertThat(settings.rejectsCollection()).isEqualTo("orders_rejects");
    assertThat(settings.connectTimeout()).isEqualTo(MongoSettings.DEFAULT_TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "localhost:27017", "postgres://db/shop", "http://db"})
  void aConnectionStringMustBeAMongoUri(String uri) {
    assertThatThrownBy(() -> MongoSettings.of(uri, "shop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mongodb://");
  }

  @Test
  void anInvalidConnectionStringIsReportedWithoutItsPassword() {
    assertThatThrownBy(() -> MongoSettings.of("mongodb://ferry:topSecretPW@/shop", "shop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("topSecretPW"));
  }

  @ParameterizedTest(name = "database ''{0}'' / collection ''{1}'' is refused")
  @CsvSource({
    "'',     orders",
    "a.b,    orders",
    "a b,    orders",
    "a/b,    orders",
    "a$b,    orders",
    "shop,   ''",
    "shop,   or$ders",
    "shop,   system.users",
  })
  void illegalNamesAreRefused(String database, String collection) {
    assertThatThrownBy(() -> MongoSettings.of("mongodb://db", database, collection))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timeoutsMustBePositive() {
    assertThatThrownBy(
            () ->
                new MongoSettings(
                    Secret.of("mongodb://db"),
                    "shop",
                    "orders",
                    Duration.ZERO,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout");
  }

  @ParameterizedTest(name = "database ''{0}'' / collection ''{1}''")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
      a.b      ; orders        ; The MongoDB database name 'a.b' is not allowed: it contains '.', and MongoDB database names may not contain / \\ . " $ * < > : | ?, a space or the null character
      a b      ; orders        ; The MongoDB database name 'a b' is not allowed: it contains a space, and MongoDB database names may not contain / \\ . " $ * < > : | ?, a space or the null character
      shop$    ; orders        ; The MongoDB database name 'shop$' is not allowed: it contains '$', and MongoDB database names may not contain / \\ . " $ * < > : | ?, a space or the null character
      ''       ; orders        ; The MongoDB database name '' is not allowed: it is empty
      shop     ; or$ders       ; The MongoDB collection name 'or$ders' is not allowed: it contains '$', which MongoDB reserves for its own names
      shop     ; system.orders ; The MongoDB collection name 'system.orders' is not allowed: names starting with 'system.' are reserved for MongoDB's own collections
      shop     ; orders.       ; The MongoDB collection name 'orders.' is not allowed: it ends with '.'
      shop     ; ''            ; The MongoDB collection name '' is not allowed: it is empty
      """)
  void anIllegalNameIsRefusedNamingTheRuleItBreaks(
      String database, String collection, String message) {
    assertThatThrownBy(() -> MongoSettings.of("mongodb://db", database, collection))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void tooLongNamesAreRefusedWithTheLimit() {
    assertThatThrownBy(() -> MongoSettings.of("mongodb://db", "d".repeat(64), "orders"))
        .hasMessage(
            "The MongoDB database name '"
                + "d".repeat(64)
                + "' is not allowed: it is 64 bytes long and MongoDB allows at most 63");
    assertThatThrownBy(() -> MongoSettings.of("mongodb://db", "shop", "c".repeat(250)))
        .hasMessageEndingWith(
            "is not allowed: with its rejects collection the namespace shop."
                + "c".repeat(250)
                + "_rejects is 263 bytes long and MongoDB allows at most 255");
    assertThat(MongoSettings.of("mongodb://db", "d".repeat(63), "orders").database()).hasSize(63);
  }

  /** A password with a reserved character, as analysts type it: advice, not the driver's RFCs. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mongodb://alice:pa/ss@db.example.com:27017 | its host and port are not valid",
        "mongodb://alice:p@ss@db.example.com:27017 | the user name or password holds a : or @",
        "mongodb://alice:pa:ss@db.example.com:27017 | the user name or password holds a : or @",
      })
  void aConnectionStringWithAnUnencodedCharacterSaysHowToWriteIt(String uri, String clause) {
    assertThatThrownBy(() -> MongoSettings.of(uri, "shop"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .startsWith("invalid MongoDB connection string ")
                    .contains(clause)
                    .contains("percent-encoded")
                    .doesNotContain("RFC")
                    .doesNotEndWith("."));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "The connection string is invalid. | The connection string is invalid",
        "Bad port.. | Bad port",
        "no period | no period",
      })
  void anyOtherDriverComplaintLosesItsFinalPeriodForTheCallersSentence(
      String driver, String clause) {
    assertThat(MongoSettings.driverSentence(driver)).isEqualTo(clause);
  }

  @Test
  void theTimeoutsOfTheUriWin() {
    MongoSettings settings =
        MongoSettings.of(
                "mongodb://db/?connectTimeoutMS=1500&serverSelectionTimeoutMS=2500"
                    + "&socketTimeoutMS=3500",
                "shop")
            .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20));

    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(settings.serverSelectionTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(settings.socketTimeout()).isEqualTo(Duration.ofMillis(3500));
    assertThat(MongoSettings.of("mongodb://db", "shop").socketTimeout())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aUriTimeoutOfZeroIsNoBoundAndRefused() {
    assertThatThrownBy(() -> MongoSettings.of("mongodb://db/?socketTimeoutMS=0", "shop"))
        .hasMessage(
            "The connection string's socketTimeoutMS=0 sets no usable bound; give a positive"
                + " number of milliseconds or leave it out");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "mongodb://ferry:s3cret@db/,                         true",
    "mongodb+srv://ferry:@cluster0.example.net,          true",
    "mongodb://db/?tls=true&tlsCertificateKeyFilePassword=k, true",
    "mongodb://db/?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:t, true",
    "mongodb://ferry@db/?authMechanism=MONGODB-X509,     false",
    "'mongodb://db1:27017,db2:27017/?replicaSet=rs0',    false",
  })
  void recognisesASecretInAUri(String uri, boolean carries) {
    assertThat(MongoSettings.carriesSecret(uri)).isEqualTo(carries);
  }

  @Test
  void somethingThatIsNoUriIsShownAsGivenWithoutUserInformation() {
    assertThatThrownBy(() -> MongoSettings.of("mongo:/garbage::x", "shop"))
        .hasMessage(
            "a MongoDB connection string starts with mongodb:// or mongodb+srv://, not"
                + " 'mongo:/garbage::x'");
    assertThatThrownBy(() -> MongoSettings.of("ferry:s3cret@db:27017", "shop"))
        .hasMessageEndingWith("not '****@db:27017'");
  }
}
