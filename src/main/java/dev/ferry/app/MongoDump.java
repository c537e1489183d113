package dev.ferry.app;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.RawBsonDocument;

/**
 * Saves every user database of a MongoDB server to one file and loads it back, for the demo's
 * embedded server.
 *
 * <p>The file is a sequence of BSON documents: a header {@code {format: "ferry-dump", version: 1}},
 * then per collection a marker {@code {database, collection, count}} followed by that many
 * documents exactly as stored (so Decimal128 scales, Int32 quantities and field order survive).
 */
final class MongoDump {
  private static final String FORMAT = "ferry-dump";
  private static final Set<String> SYSTEM = Set.of("admin", "local", "config");
  private static final int INSERT_BATCH = 1000;

  private MongoDump() {}

  static void save(Path file, String connectionString) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (MongoClient client = MongoClients.create(connectionString);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
      write(
          out,
          new BsonDocument("format", new BsonString(FORMAT)).append("version", new BsonInt64(1)));
      for (String name : client.listDatabaseNames()) {
        if (SYSTEM.contains(name)) {
          continue;
        }
        MongoDatabase database = client.getDatabase(name);
        for (String collectionName : database.listCollectionNames()) {
          MongoCollection<RawBsonDocument> collection =
              database.getCollection(collectionName, RawBsonDocument.class);
          List<RawBsonDocument> documents = collection.find().into(new ArrayList<>());
          write(
              out,
              new BsonDocument("database", new BsonString(name))
                  .append("collection", new BsonString(collectionName))
                  .append("count", new BsonInt64(documents.size())));
          for (RawBsonDocument document : documents) {
            write(out, document);
          }
        }
      }
    }
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static void load(Path file, String connectionString) throws IOException {
    try (MongoClient client = MongoClients.create(connectionString);
        DataInputStream in =
            new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      RawBsonDocument header = read(in);
      if (!FORMAT.equals(header.getString("format", new BsonString("")).getValue())) {
        throw new IOException("not a Ferry dump");
      }
      java.util.Optional<RawBsonDocument> next;
      while ((next = readOrEnd(in)).isPresent()) {
        RawBsonDocument marker = next.get();
        MongoCollection<RawBsonDocument> collection =
            client
                .getDatabase(marker.getString("database").getValue())
                .getCollection(marker.getString("collection").getValue(), RawBsonDocument.class);
        long count = marker.getInt64("count").getValue();
        List<RawBsonDocument> batch = new ArrayList<>(INSERT_BATCH);
        for (long i = 0; i < count; i++) {
          batch.add(read(in));
          if (batch.size() == INSERT_BATCH) {
            collection.insertMany(batch);
            batch.clear();
          }
        }
        if (!batch.isEmpty()) {
          collection.insertMany(batch);
        }
      }
    }
  }

  private static void write(OutputStream out, BsonDocument document) throws IOException {
    RawBsonDocument raw =
        document instanceof RawBsonDocument r
            ? r
            : new RawBsonDocument(document, new org.bson.codecs.BsonDocumentCodec());
    ByteBuffer bytes = raw.getByteBuffer().asNIO();
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    out.write(copy);
  }

  private static RawBsonDocument read(DataInputStream in) throws IOException {
    return readOrEnd(in)
        .orElseThrow(() -> new EOFException("the dump ends in the middle of a collection"));
  }

  /** The next document, or empty at a clean end of file. */
  private static java.util.Optional<RawBsonDocument> readOrEnd(InputStream in) throws IOException {
    byte[] size = in.readNBytes(4);
    if (size.length == 0) {
      return java.util.Optional.empty();
    }
    if (size.length < 4) {
      throw new EOFException("the dump ends in the middle of a document");
    }
    int length = ByteBuffer.wrap(size).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (length < 5 || length > 16 * 1024 * 1024 + 16 * 1024) {
      throw new IOException("damaged dump: a document of " + length + " bytes");
    }
    byte[] bytes = new byte[length];
    System.arraycopy(size, 0, bytes, 0, 4);
    new DataInputStream(in).readFully(bytes, 4, length - 4);
    return java.util.Optional.of(new RawBsonDocument(bytes));
  }
}
