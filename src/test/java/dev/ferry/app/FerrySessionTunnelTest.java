package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.MappingSettings;
import dev.ferry.core.Secret;
import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.ProgressListener;
import dev.ferry.engine.RunOptions;
import dev.ferry.engine.RunReport;
import dev.ferry.engine.RunStatus;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.tunnel.HostKeyPrompt;
import dev.ferry.tunnel.OpenSshServer;
import dev.ferry.tunnel.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session whose source is read through a real OpenSSH server: {@link
 * FerrySession#tunnelDropped()} follows the SSH connection, and a run cut by the tunnel dropping is
 * a failed run that the next session's run completes.
 */
@Tag(OpenSshServer.TAG)
class FerrySessionTunnelTest {
  private static final int ORDERS = 1500;
  private static final int BATCH = 50;

  @TempDir Path dir;

  @Test
  void aRunCutByTheTunnelFailsWithTheTunnelDeadAndTheNextSessionCompletesIt() throws Exception {
    Path key = SshKeys.generate(dir, "id", "ed25519", SshKeys.Format.OPENSSH, "");
    TestDatabase pg = EmbeddedPostgresSupport.createDatabase();
    try (Connection c = pg.superuserConnection()) {
      DemoDataGenerator.createSchema(c);
      DemoDataGenerator.seed(c, ORDERS, 11);
    }
    String mongoDb = MongoTestSupport.freshDatabase();
    try (OpenSshServer sshd =
        OpenSshServer.builder().authorizedKey(SshKeys.publicKey(key)).start()) {
      Path knownHosts = dir.resolve("known_hosts");
      Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
      JobSettings direct =
          JobSettings.of(
                  PostgresSettings.of(
                      pg.jdbcUrl(), pg.user(), Optional.of(Secret.of(pg.password()))),
                  MongoSettings.of(MongoTestSupport.connectionString(), mongoDb, "orders"),
                  MappingSettings.defaults())
              .withBatchSize(BATCH);
      JobSettings tunnelled =
          direct.withTunnel(
              FerrySession.tunnelTo(direct.source())
                  .host(sshd.host())
                  .port(sshd.port())
                  .user("root")
                  .identityFile(key)
                  .knownHostsFile(knownHosts)
                  .keepAlive(Duration.ofSeconds(1))
                  .build());

      RunReport cut;
      try (FerrySession session = FerrySession.open(tunnelled, HostKeyPrompt.REFUSE)) {
        assertThat(session.tunnelDropped()).isFalse();
        // Killed on the run's own thread after the second batch: the cut is mid-run for sure.
        ProgressListener killAfterTwoBatches =
            p -> {
              if (p.processed() >= 2L * BATCH && sshd.isRunning()) {
                sshd.kill();
              }
            };
        cut =
            session
                .engine()
                .migrate(
                    new RunOptions(BATCH, false, tunnelled.forHistory()),
                    killAfterTwoBatches,
                    new CancellationToken());

        assertThat(cut.run().status()).isEqualTo(RunStatus.FAILED);
        // The history names the database behind the tunnel, not the tunnel's local port.
        assertThat(cut.run().settings())
            .containsEntry("source", direct.source().describe())
            .containsEntry("ssh", "root@" + sshd.host() + ":" + sshd.port());
        assertThat(session.source().describe()).isNotEqualTo(direct.source().describe());
        assertThat(session.tunnelDropped()).isTrue();
      }
      long processed = cut.run().counts().total();
      assertThat(processed).isBetween(2L * BATCH, ORDERS - 1L);

      // A direct session stands in for sshd coming back: the target is what matters here.
      try (FerrySession session = FerrySession.open(direct, HostKeyPrompt.REFUSE)) {
        assertThat(session.tunnelDropped()).as("no tunnel, nothing to drop").isFalse();
        RunReport rerun =
            session.engine().migrate(options(), ProgressListener.NONE, new CancellationToken());

        assertThat(rerun.run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rerun.run().counts().updated()).isZero();
        assertThat(rerun.run().counts().unchanged()).isEqualTo(cut.run().counts().inserted());
        assertThat(
                session
                    .verifier()
                    .verify(BATCH, ProgressListener.NONE, new CancellationToken())
                    .matches())
            .isTrue();
      }
    }
  }

  private static RunOptions options() {
    return new RunOptions(BATCH, false, Map.of());
  }
}
