package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.SshCliFixture.Result;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.tunnel.OpenSshServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH connection dies in the middle of a migration (sshd killed, as in a crash or a network
 * cut): the run fails with a sentence that names the tunnel, and once sshd is back a re-run
 * completes the job without duplicates.
 */
@Tag(OpenSshServer.TAG)
class SshTunnelDropTest {
  private static final int ORDERS = 3000;

  @TempDir Path dir;

  @Test
  void aTunnelCutMidRunFailsNamingTheTunnelAndAReRunCompletesWithoutDuplicates() throws Exception {
    String db = MongoTestSupport.freshDatabase();
    ExecutorService background = Executors.newSingleThreadExecutor();
    try (SshCliFixture f = SshCliFixture.start(dir, ORDERS)) {
      List<String> ssh = f.ssh(f.trustedKnownHosts());
      List<String> migrate = f.args("migrate", db, with(ssh, "--json", "--batch-size", "20"));

      Future<Result> running = background.submit(() -> f.run(migrate));
      awaitFirstDocuments(db, running);
      f.sshd.kill();
      Result cut = running.get(120, TimeUnit.SECONDS);

      assertThat(cut.exit()).as(cut.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(cut.err())
          .contains(
              "ferry: The SSH tunnel to 127.0.0.1:"
                  + f.sshd.port()
                  + " dropped during the run; the target is consistent and a re-run completes"
                  + " the job.");
      assertThat(cut.json().getString("status")).isEqualTo("failed");
      long written = SshCliFixture.count(db, "orders");
      assertThat(written).isPositive();

      try (Relaunched sshd = Relaunched.from(f.sshd)) {
        assertThat(sshd.isRunning()).isTrue();
        Result rerun = f.run(migrate);
        Result verify = f.run(f.args("verify", db, with(ssh, "--json")));

        assertThat(rerun.exit()).as(rerun.toString()).isZero();
        assertThat(rerun.json().getString("status")).isEqualTo("completed");
        Document counts = rerun.json().get("counts", Document.class);
        assertThat(((Number) counts.get("unchanged")).longValue())
            .as("orders the cut run had written")
            .isEqualTo(written);
        assertThat(((Number) counts.get("updated")).longValue()).isZero();

        assertThat(verify.exit()).as(verify.toString()).isZero();
        Document report = verify.json();
        assertThat(report.getString("status")).isEqualTo("match");
        long valid = ((Number) report.get("expected_documents")).longValue();
        assertThat(written).isLessThan(valid);
        List<String> orders = SshCliFixture.ids(db, "orders");
        List<String> rejects = SshCliFixture.ids(db, "orders_rejects");
        assertThat(orders).hasSize((int) valid).doesNotHaveDuplicates();
        List<String> all = new ArrayList<>(orders);
        all.addAll(rejects);
        assertThat(all).containsExactlyInAnyOrderElementsOf(f.sourceOrderUids());
      }
    } finally {
      background.shutdownNow();
    }
  }

  /** Waits until the run has written its first batch, failing if it ended before. */
  private static void awaitFirstDocuments(String db, Future<Result> running) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (SshCliFixture.count(db, "orders") == 0) {
      if (running.isDone()) {
        throw new AssertionError("the run ended before writing anything:\n" + running.get());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the run wrote nothing within 60 s");
      }
      Thread.sleep(5);
    }
    assertThat(running.isDone()).as("the run is still going when sshd is killed").isFalse();
  }

  private static List<String> with(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }

  /**
   * sshd started again from a killed {@link OpenSshServer}'s own directory, so it comes back on the
   * same port with the same host key, as a restarted server would. (OpenSshServer can only restart
   * with a new host key.)
   */
  private static final class Relaunched implements AutoCloseable {
    private final Process process;

    private Relaunched(Process process) {
      this.process = process;
    }

    static Relaunched from(OpenSshServer killed) throws InterruptedException {
      Path config = killed.hostPublicKey().resolveSibling("sshd_config");
      Process process;
      try {
        process =
            new ProcessBuilder(OpenSshServer.SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Relaunched relaunched = new Relaunched(process);
      StringBuffer log = new StringBuffer();
      Thread pump = new Thread(() -> drain(process.getInputStream(), log), "sshd-relaunched-log");
      pump.setDaemon(true);
      pump.start();
      String listening = "Server listening on 127.0.0.1 port " + killed.port();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!log.toString().contains(listening)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          relaunched.close();
          throw new IllegalStateException("sshd did not start again:\n" + log);
        }
        Thread.sleep(20);
      }
      return relaunched;
    }

    boolean isRunning() {
      return process.isAlive();
    }

    private static void drain(InputStream in, StringBuffer log) {
      byte[] buffer = new byte[4096];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          log.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // sshd ended; nothing more to read.
      }
    }

    @Override
    public void close() {
      List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
      all.add(process.toHandle());
      all.forEach(ProcessHandle::destroy);
      for (ProcessHandle handle : all) {
        try {
          handle.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
          handle.destroyForcibly();
        }
      }
    }
  }
}
