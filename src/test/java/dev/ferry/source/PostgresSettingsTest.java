package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.Secret;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresSettingsTest {

  @Test
  void acceptsAJdbcUrlAsIs() {
    PostgresSettings settings =
        PostgresSettings.of(
            "jdbc:postgresql://db.example.com:6543/shop?sslmode=require",
            "reader",
            Optional.empty());

    assertThat(settings.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.example.com:6543/shop?sslmode=require");
    assertThat(settings.schema()).isEqualTo("public");
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.describe()).isEqualTo("db.example.com:6543/shop");
  }

  @Test
  void convertsALibpqUrlTakingTheUserOutOfIt() {
    PostgresSettings settings =
        PostgresSettings.of(
            "postgresql://reader@db.example.com:6543/shop?sslmode=verify-full&connect_timeout=5",
            null,
            Optional.of(Secret.of("pw")));

    assertThat(settings.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://db.example.com:6543/shop?sslmode=verify-full&connectTimeout=5");
    assertThat(settings.user()).isEqualTo("reader");
    assertThat(settings.describe()).isEqualTo("db.example.com:6543/shop");
  }

  @Test
  void movesAPasswordOutOfTheUrl() {
    PostgresSettings libpq =
        PostgresSettings.of("postgres://reader:p%40ss@localhost/shop", "", Optional.empty());
    PostgresSettings jdbc =
        PostgresSettings.of(
            "jdbc:postgresql://localhost/shop?user=reader&password=hunter2&ssl=false",
            null,
            Optional.empty());

    assertThat(libpq.password()).contains(Secret.of("p@ss"));
    assertThat(libpq.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/shop");
    assertThat(jdbc.password()).contains(Secret.of("hunter2"));
    assertThat(jdbc.user()).isEqualTo("reader");
    assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/shop?ssl=false");
    assertThat(jdbc.describe()).isEqualTo("localhost:5432/shop");
  }

  @Test
  void neverShowsThePassword() {
    PostgresSettings settings =
        PostgresSettings.of(
            "jdbc:postgresql://localhost/shop?password=hunter2", "reader", Optional.empty());

    assertThat(settings.toString()).doesNotContain("hunter2").contains("password=****");
    assertThat(settings.describe()).doesNotContain("hunter2");
    assertThat(PostgresSettings.of("jdbc:postgresql://h/d", "u", Optional.empty()).toString())
        .contains("password=none");
    assertThatThrownBy(() -> PostgresSettings.of("mysql://u:hunter2@h/d", "u", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void rejectsInvalidSettingsWithAClearMessage() {
    assertThatThrownBy(() -> PostgresSettings.of("jdbc:postgresql://h/d", " ", Optional.empty()))
        .hasMessage("A database user is required.");
    assertThatThrownBy(() -> PostgresSettings.of("postgresql://a@h/d", "b", Optional.empty()))
        .hasMessage("The URL names user \"a\" but user \"b\" was given.");
    assertThatThrownBy(() -> PostgresSettings.of("postgresql:///d", "u", Optional.empty()))
        .hasMessageContaining("must name a host");
    assertThatThrownBy(() -> PostgresSettings.of("jdbc:mysql://h/d", "u", Optional.empty()))
        .hasMessageContaining("must start with jdbc:postgresql://");
    PostgresSettings valid = PostgresSettings.of("jdbc:postgresql://h/d", "u", Optional.empty());
    assertThatThrownBy(() -> valid.withSchema(" ")).hasMessage("The schema must not be blank.");
    assertThatThrownBy(() -> valid.withConnectTimeout(Duration.ZERO))
        .hasMessageContaining("between 1 second and 10 minutes");
    assertThat(valid.withConnectTimeout(Duration.ofMillis(1500)).connectTimeout())
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void describesSeveralHosts() {
    PostgresSettings settings =
        PostgresSettings.of("jdbc:postgresql://a:1,b:2/shop", "reader", Optional.empty());

    assertThat(settings.describe()).isEqualTo("a:1,b:2/shop");
  }

  @ParameterizedTest(name = "{0} carries a password: {1}")
  @CsvSource({
    "postgresql://reader:s3cret@db/shop,                  true",
    "postgres://reader:@db/shop,                          true",
    "jdbc:postgresql://reader:s3cret@db:5432/shop,        true",
    "jdbc:postgresql://db/shop?user=reader&password=s3,   true",
    "jdbc:postgresql://db/shop?PASSWORD=s3,               true",
    "jdbc:postgresql://db/shop?sslmode=verify-full&sslpassword=k, true",
    "postgresql://reader@db/shop,                         false",
    "jdbc:postgresql://db/shop?user=reader,               false",
    "jdbc:postgresql://db/shop?ApplicationName=a:b@c,     false",
  })
  void recognisesAPasswordInAUrl(String url, boolean carries) {
    assertThat(PostgresSettings.carriesPassword(url)).isEqualTo(carries);
  }

  @Test
  void readsTheUserOutOfAJdbcUrlsUserInformation() {
    PostgresSettings settings =
        PostgresSettings.of("jdbc:postgresql://reader@db:6543/shop", null, Optional.empty());

    assertThat(settings.user()).isEqualTo("reader");
    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db:6543/shop");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      jdbc:postgresql://db:5432/                 | The URL jdbc:postgresql://db:5432/ names no database; add the database name after the host and port, e.g. jdbc:postgresql://db:5432/shop.
      jdbc:postgresql://db:5432                  | The URL jdbc:postgresql://db:5432 names no database; add the database name after the host and port, e.g. jdbc:postgresql://db:5432/shop.
      jdbc:postgresql://db/?sslmode=require      | The URL jdbc:postgresql://db/?sslmode=require names no database; add the database name after the host and port, e.g. jdbc:postgresql://db/shop?sslmode=require.
      postgresql://reader@db                     | The URL postgresql://reader@db names no database; add the database name after the host and port, e.g. postgresql://reader@db/shop.
      """)
  void aUrlWithoutADatabaseIsRefusedWithTheFix(String url, String message) {
    assertThatThrownBy(() -> PostgresSettings.of(url, "reader", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void everyWaitIsBoundedByDefaultAndTheDriverIsToldSo() {
    PostgresSettings settings =
        PostgresSettings.of("jdbc:postgresql://db/shop", "reader", Optional.empty());

    assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.queryTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(settings.longReadTimeout()).isEqualTo(Duration.ofSeconds(30 * 60 + 30));
    assertThat(settings.driverProperties())
        .containsEntry("socketTimeout", "1830")
        .containsEntry("connectTimeout", "10")
        .containsEntry("loginTimeout", "10")
        .containsEntry("tcpKeepAlive", "true");

    PostgresSettings custom =
        settings.withTimeouts(
            Duration.ofSeconds(3), Duration.ofMillis(1500), Duration.ofMinutes(90));
    assertThat(custom.readTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(custom.driverProperties()).containsEntry("socketTimeout", "5402");
    assertThatThrownBy(
            () -> settings.withTimeouts(Duration.ofSeconds(3), Duration.ofHours(2), Duration.ZERO))
        .hasMessage("The read timeout must be between 1 second and 1 hour, not PT2H");
  }
}
