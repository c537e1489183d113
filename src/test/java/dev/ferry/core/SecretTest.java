package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretTest {

  @Test
  void neverShowsItsValueAndCanBeWiped() {
    char[] input = "hunter22".toCharArray();
    Secret secret = Secret.of(input);
    input[0] = 'X';

    assertThat(secret.toString()).isEqualTo("****");
    assertThat(new Object[] {secret}).asString().doesNotContain("hunter");
    assertThat(secret.reveal()).containsExactly("hunter22".toCharArray());

    secret.clear();
    secret.clear();

    assertThat(secret.isCleared()).isTrue();
    assertThatThrownBy(secret::reveal).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(secret::revealAsString).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void encodesUtf8ForSsh() {
    assertThat(Secret.of("pässwörd").utf8())
        .containsExactly("pässwörd".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void equalSecretsCompareEqualUntilCleared() {
    Secret a = Secret.of("same");
    Secret b = Secret.of("same");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Secret.of("other"));
    a.clear();
    assertThat(a).isNotEqualTo(b);
    assertThat(b).isNotEqualTo(a);
  }
}
