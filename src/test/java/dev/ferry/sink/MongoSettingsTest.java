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
}
