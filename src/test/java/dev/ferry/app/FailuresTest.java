package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoTimeoutException;
import dev.ferry.core.MappingSettings;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import dev.ferry.tunnel.TunnelException;
import dev.ferry.tunnel.TunnelFailure;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Failures put in one sentence and in kinds for the faces. */
class FailuresTest {
  private final JobSettings job =
      JobSettings.of(
          PostgresSettings.of("jdbc:postgresql://db/shop", "reader", Optional.empty()),
          MongoSettings.of("mongodb://db1", "shop"),
          MappingSettings.defaults());

  @Test
  void theKindOfATunnelFailureIsFoundThroughItsWrappers() {
    RuntimeException wrapped =
        new IllegalStateException(
            "opening failed",
            new TunnelException(TunnelFailure.PASSPHRASE_REQUIRED, "The key needs a passphrase."));

    assertThat(Failures.tunnelFailure(wrapped)).contains(TunnelFailure.PASSPHRASE_REQUIRED);
    assertThat(Failures.tunnelFailure(new IllegalStateException("no tunnel here"))).isEmpty();
  }

  @Test
  void anUnwrappedDriverErrorIsPutInWordsAndAnythingElseKeepsItsFirstMessage() {
    MongoTimeoutException timeout =
        new MongoTimeoutException(
            "Timed out while waiting for a server that matches WritableServerSelector. Client view"
                + " of cluster state is {type=UNKNOWN, servers=[{address=db1:27017, type=UNKNOWN,"
                + " state=CONNECTING}]");

    assertThat(Failures.sentence(timeout, job))
        .startsWith("No MongoDB server at db1 answered")
        .doesNotContain("Client view");
    assertThat(
            Failures.sentence(
                new IllegalStateException(null, new IllegalArgumentException("disk full")), job))
        .isEqualTo("disk full");
    assertThat(Failures.sentence(new IllegalStateException())).isEqualTo("IllegalStateException");
  }
}
