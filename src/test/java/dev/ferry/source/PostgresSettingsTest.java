package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.Secret;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
  void describesSeveralHostsAndADefaultDatabase() {
    PostgresSettings settings =
        PostgresSettings.of("jdbc:postgresql://a:1,b:2/", "reader", Optional.empty());

    assertThat(settings.describe()).isEqualTo("a:1,b:2/reader");
  }
}
