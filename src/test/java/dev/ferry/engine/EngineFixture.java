package dev.ferry.engine;

import dev.ferry.app.DemoDataGenerator;
import dev.ferry.app.FerrySession;
import dev.ferry.app.JobSettings;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.Secret;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.tunnel.HostKeyPrompt;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.bson.BsonDocument;
import org.bson.Document;

/** A real PostgreSQL database and a real Mongo wire server for one engine test. */
final class EngineFixture {
  final TestDatabase pg = EmbeddedPostgresSupport.createDatabase();
  final String mongoDb = MongoTestSupport.freshDatabase();

  /** Seeds the demo schema with {@code orders} generated orders. */
  EngineFixture withDemoData(int orders) {
    try (Connection c = pg.superuserConnection()) {
      DemoDataGenerator.createSchema(c);
      DemoDataGenerator.seed(c, orders, 42);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  JobSettings job(int batchSize) {
    return JobSettings.of(
            PostgresSettings.of(pg.jdbcUrl(), pg.user(), Optional.of(Secret.of(pg.password()))),
            MongoSettings.of(MongoTestSupport.connectionString(), mongoDb, "orders"),
            MappingSettings.defaults())
        .withBatchSize(batchSize);
  }

  FerrySession session(int batchSize) {
    return FerrySession.open(job(batchSize), HostKeyPrompt.REFUSE);
  }

  RunReport migrate(int batchSize) {
    return migrate(batchSize, ProgressListener.NONE, new CancellationToken());
  }

  RunReport migrate(int batchSize, CompareMode compare, boolean deleteMissing) {
    try (FerrySession session = session(batchSize)) {
      return session
          .engine()
          .migrate(
              new RunOptions(batchSize, false, Map.of(), deleteMissing, compare),
              ProgressListener.NONE,
              new CancellationToken());
    }
  }

  RunReport migrate(int batchSize, ProgressListener listener, CancellationToken cancel) {
    try (FerrySession session = session(batchSize)) {
      return session.engine().migrate(new RunOptions(batchSize, false, Map.of()), listener, cancel);
    }
  }

  VerificationReport verify() {
    try (FerrySession session = session(500)) {
      return session.verifier().verify(500, ProgressListener.NONE, new CancellationToken());
    }
  }

  /** Every target document, sorted by id, as stored. */
  List<BsonDocument> documents(String collection) {
    try (var client = MongoTestSupport.client()) {
      return client
          .getDatabase(mongoDb)
          .getCollection(collection, BsonDocument.class)
          .find()
          .sort(new Document("_id", 1))
          .into(new java.util.ArrayList<>());
    }
  }

  /** Every document of {@code collection}, as raw bytes, in no particular order. */
  List<org.bson.RawBsonDocument> rawDocuments(String collection) {
    try (var client = MongoTestSupport.client()) {
      return client
          .getDatabase(mongoDb)
          .getCollection(collection, org.bson.RawBsonDocument.class)
          .find()
          .into(new java.util.ArrayList<>());
    }
  }

  /** The sync state's chunks (not its meta document), in id order. */
  List<Document> stateChunks() {
    try (var client = MongoTestSupport.client()) {
      return client
          .getDatabase(mongoDb)
          .getCollection("orders_state")
          .find(com.mongodb.client.model.Filters.regex("_id", "^c"))
          .sort(new Document("_id", 1))
          .into(new java.util.ArrayList<>());
    }
  }

  /** The rejects, sorted by id. */
  List<Document> onRejects() {
    try (var client = MongoTestSupport.client()) {
      return client
          .getDatabase(mongoDb)
          .getCollection("orders_rejects")
          .find()
          .sort(new Document("_id", 1))
          .into(new java.util.ArrayList<>());
    }
  }

  /** Runs {@code action} on the sync state collection. */
  void onState(Consumer<com.mongodb.client.MongoCollection<Document>> action) {
    onCollection("orders_state", action);
  }

  void onCollection(
      String collection, Consumer<com.mongodb.client.MongoCollection<Document>> action) {
    try (var client = MongoTestSupport.client()) {
      action.accept(client.getDatabase(mongoDb).getCollection(collection));
    }
  }
}
