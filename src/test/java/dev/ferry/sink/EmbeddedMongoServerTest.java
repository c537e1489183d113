package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import dev.ferry.app.EmbeddedMongoServer;
import dev.ferry.core.MappingResult;
import dev.ferry.engine.RunCounts;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EmbeddedMongoServer} (in {@code dev.ferry.app}; tested here because the sink is its user).
 */
class EmbeddedMongoServerTest {

  @Test
  void advertisesMongoDb5WithWireVersion13ThroughTheDriver() {
    try (EmbeddedMongoServer server = EmbeddedMongoServer.startInMemory();
        var client = MongoClients.create(server.connectionString())) {
      var admin = client.getDatabase("admin");

      BsonDocument isMaster =
          admin.runCommand(
              new BsonDocument("isMaster", new org.bson.BsonInt32(1)), BsonDocument.class);
      BsonDocument buildInfo =
          admin.runCommand(
              new BsonDocument("buildInfo", new org.bson.BsonInt32(1)), BsonDocument.class);

      assertThat(isMaster.getNumber("maxWireVersion").intValue()).isEqualTo(13);
      assertThat(buildInfo.getString("version").getValue()).isEqualTo("5.0.0");
      assertThat(server.connectionString()).startsWith("mongodb://127.0.0.1:");
    }
  }

  @Test
  void aPersistentServerKeepsExactDocumentsAcrossARestartOnTheSamePort(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("demo/ferry.bson");
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    List<MappingResult> orders = SampleOrders.batch(5);
    try (EmbeddedMongoServer server = EmbeddedMongoServer.startPersistent(file, port);
        MongoOrderSink sink =
            new MongoOrderSink(MongoSettings.of(server.connectionString(), "demo"))) {
      assertThat(server.port()).isEqualTo(port);
      assertThat(sink.write(orders, "run-1")).isEqualTo(new RunCounts(5, 0, 0, 0));
    }

    try (EmbeddedMongoServer server = EmbeddedMongoServer.startPersistent(file, port);
        MongoOrderSink sink =
            new MongoOrderSink(MongoSettings.of(server.connectionString(), "demo"));
        var client = MongoClients.create(server.connectionString())) {
      assertThat(sink.documentCount()).isEqualTo(5);
      // Exact bytes survive the file: Decimal128 10.10, Int32 quantities, field order.
      assertThat(sink.write(orders, "run-2")).isEqualTo(new RunCounts(0, 0, 5, 0));
      RawBsonDocument first =
          client.getDatabase("demo").getCollection("orders", RawBsonDocument.class).find().first();
      assertThat(
              first
                  .getArray("order_items")
                  .get(0)
                  .asDocument()
                  .getDecimal128("price")
                  .getValue()
                  .toString())
          .isEqualTo("10.10");
    }
  }

  @Test
  void persistWritesTheFileAtOnceSoThatAKilledServerLosesNothingBeforeIt(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("ferry.bson");
    EmbeddedMongoServer first = EmbeddedMongoServer.startPersistent(file, 0);
    try (MongoOrderSink sink =
        new MongoOrderSink(MongoSettings.of(first.connectionString(), "demo"))) {
      sink.write(SampleOrders.batch(3), "run-1");
    }
    first.persist();
    byte[] saved = java.nio.file.Files.readAllBytes(file);
    // No close(): as if the process were killed. A second server on the same file sees the data.
    try (EmbeddedMongoServer second = EmbeddedMongoServer.startPersistent(file, 0);
        MongoOrderSink sink =
            new MongoOrderSink(MongoSettings.of(second.connectionString(), "demo"))) {
      assertThat(sink.documentCount()).isEqualTo(3);
    }
    assertThat(java.nio.file.Files.readAllBytes(file)).isEqualTo(saved);
    assertThat(java.nio.file.Files.exists(dir.resolve("ferry.bson.tmp"))).isFalse();
    first.close();
  }

  @Test
  void aDamagedFileIsRefusedWithItsNameInsteadOfStartingEmpty(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ferry.bson");
    java.nio.file.Files.write(file, new byte[] {42, 0, 0, 0, 1, 2, 3});
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EmbeddedMongoServer.startPersistent(file, 0))
        .hasMessageContaining(file.toString());
  }

  @Test
  void closeStopsListeningAndIsIdempotent() throws Exception {
    EmbeddedMongoServer server = EmbeddedMongoServer.startInMemory();
    int port = server.port();
    server.close();
    server.close();
    // Nothing listens any more: the port can be bound again.
    try (ServerSocket again =
        new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }
}
