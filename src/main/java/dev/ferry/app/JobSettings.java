package dev.ferry.app;

import dev.ferry.core.MappingSettings;
import dev.ferry.engine.RunOptions;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import dev.ferry.tunnel.SshTunnelSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one job needs, shared by the GUI and the CLI: where to read, where to write, the
 * mapping rules' settings, the batch size, and an optional SSH tunnel to reach the source.
 *
 * @param source the PostgreSQL source
 * @param target the MongoDB target
 * @param mapping the transformation settings (source zone)
 * @param batchSize orders per batch
 * @param tunnel the SSH tunnel the source is reached through, if any
 */
public record JobSettings(
    PostgresSettings source,
    MongoSettings target,
    MappingSettings mapping,
    int batchSize,
    Optional<SshTunnelSettings> tunnel) {
  public JobSettings {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(tunnel, "tunnel");
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException(
          "The batch size must be between 1 and 10000, not " + batchSize + ".");
    }
  }

  /** Settings with the default batch size and no tunnel. */
  public static JobSettings of(
      PostgresSettings source, MongoSettings target, MappingSettings mapping) {
    return new JobSettings(
        source, target, mapping, RunOptions.DEFAULT_BATCH_SIZE, Optional.empty());
  }

  /** A copy with another batch size. */
  public JobSettings withBatchSize(int size) {
    return new JobSettings(source, target, mapping, size, tunnel);
  }

  /** A copy reaching the source through {@code ssh}. */
  public JobSettings withTunnel(SshTunnelSettings ssh) {
    return new JobSettings(source, target, mapping, batchSize, Optional.of(ssh));
  }

  /** The settings as stored in the run history: never a password, a passphrase or a key. */
  public Map<String, String> forHistory() {
    Map<String, String> settings = new LinkedHashMap<>();
    // The database as the user named it: behind a tunnel the session connects to a local port.
    settings.put("source", source.describe());
    settings.put("source_user", source.user());
    settings.put("source_schema", source.schema());
    settings.put("target_collection", target.collection());
    tunnel.ifPresent(
        t ->
            settings.put("ssh", t.user().map(u -> u + "@").orElse("") + t.host() + ":" + t.port()));
    return settings;
  }
}
