package dev.ferry.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.ferry.app.EmbeddedMongoServer;
import dev.ferry.sink.OrderBsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.bson.BsonDocument;

/**
 * The benchmark's MongoDB wire server (memory backend) in its own JVM, so that the migration JVM's
 * heap measures Ferry alone. Prints its connection string, then runs until killed.
 *
 * <p>Before it prints, the server is warmed up from inside its own JVM ({@value #WARM_UP}
 * order-shaped documents inserted, upserted, read and dropped): a real {@code mongod} is native
 * code with nothing to compile, while this stand-in would otherwise spend the first measured run's
 * CPU on compiling itself — and the ceiling, measured later, would not. Ferry's own JVM is not
 * warmed.
 */
public final class BenchMongoServer {
  private BenchMongoServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    EmbeddedMongoServer server = EmbeddedMongoServer.startInMemory(port);
    warmUp(server.connectionString());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "bench-mongo-stop"));
    System.out.println(server.connectionString());
    System.out.flush();
    new CountDownLatch(1).await();
  }

  private static final int WARM_UP = 60_000;

  /** Inserts, upserts, reads and drops order-shaped documents in batches of a thousand. */
  private static void warmUp(String uri) {
    Random random = new Random(7);
    try (MongoClient client = MongoClients.create(uri)) {
      var database = client.getDatabase("bench_warm_up");
      MongoCollection<BsonDocument> collection =
          database.getCollection("orders", BsonDocument.class);
      for (int round = 0; round < WARM_UP / 1000; round++) {
        List<BsonDocument> batch = new ArrayList<>();
        List<WriteModel<BsonDocument>> upserts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          BsonDocument document =
              OrderBsonMapper.toBson(MigrationBenchmark.document(round * 1000 + i, random));
          batch.add(document);
          upserts.add(
              new ReplaceOneModel<>(
                  Filters.eq("_id", document.get("_id")),
                  document,
                  new ReplaceOptions().upsert(true)));
        }
        collection.insertMany(batch, new InsertManyOptions().ordered(false));
        collection.bulkWrite(upserts, new BulkWriteOptions().ordered(false));
        collection
            .find(Filters.in("_id", batch.stream().map(d -> d.get("_id")).toList()))
            .into(new ArrayList<>());
      }
      database.drop();
    }
  }
}
