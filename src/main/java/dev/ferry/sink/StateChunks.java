package dev.ferry.sink;

import dev.ferry.engine.Fingerprint;
import dev.ferry.engine.TargetEntry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

/**
 * How the sync state is stored: chunks of entries, one MongoDB document per about {@link #TARGET}
 * orders, beside a {@code meta} document.
 *
 * <p>A chunk {@code {_id: "c" + generation (16 hex digits) + ":" + hex(UTF-8 of its first uid),
 * first (where its range starts), n, d, r, u: [uids], k: kinds (1 byte each), f: fingerprints (16
 * bytes each), l: line counts (4 bytes each)}} covers the uids from its own {@code first} up to
 * (not including) the next chunk's: entries outside that range are ignored when read, which is what
 * makes splitting a chunk safe at any moment (the upper half is written first and shadows the lower
 * chunk's copy). Ids are hexadecimal so that every server sorts them alike, and sorting them sorts
 * their first uids by code point. One state document per chunk rather than per order keeps a run's
 * state reads and writes to a few hundred small round trips per million orders.
 */
final class StateChunks {
  /** Entries a chunk is cut to. */
  static final int TARGET = 1000;

  /** The meta document's id (chunks' ids start with "c"). */
  static final String META_ID = "meta";

  /** The layout version of meta and chunks. */
  static final int FORMAT = 1;

  private StateChunks() {}

  /** What is read of a chunk without its entries. */
  record Header(String id, String first, long documents, long rejects) {}

  /** The first id of a generation's chunks (inclusive). */
  static String lowest(long generation) {
    return "c" + String.format("%016x", generation) + ":";
  }

  /** Just past the last id of a generation's chunks (exclusive). */
  static String highest(long generation) {
    return "c" + String.format("%016x", generation) + ";";
  }

  static String id(long generation, String first) {
    return lowest(generation) + HexFormat.of().formatHex(first.getBytes(StandardCharsets.UTF_8));
  }

  /** A chunk whose range starts at {@code first} (its entries all sort at or after it). */
  static BsonDocument encode(String id, String first, List<TargetEntry> entries) {
    int n = entries.size();
    BsonArray uids = new BsonArray(new ArrayList<>(n));
    byte[] kinds = new byte[n];
    ByteBuffer prints = ByteBuffer.allocate(16 * n);
    ByteBuffer lines = ByteBuffer.allocate(4 * n);
    long documents = 0;
    for (int i = 0; i < n; i++) {
      TargetEntry entry = entries.get(i);
      uids.add(new BsonString(entry.uid()));
      kinds[i] = (byte) (entry.kind() == TargetEntry.Kind.DOCUMENT ? 0 : 1);
      documents += entry.kind() == TargetEntry.Kind.DOCUMENT ? 1 : 0;
      prints.putLong(entry.fingerprint().high()).putLong(entry.fingerprint().low());
      lines.putInt(entry.lines());
    }
    return new BsonDocument("_id", new BsonString(id))
        .append("first", new BsonString(first))
        .append("n", new BsonInt32(n))
        .append("d", new BsonInt64(documents))
        .append("r", new BsonInt64(n - documents))
        .append("u", uids)
        .append("k", new BsonBinary(kinds))
        .append("f", new BsonBinary(prints.array()))
        .append("l", new BsonBinary(lines.array()));
  }

  static List<TargetEntry> decode(RawBsonDocument chunk) {
    BsonArray uids = chunk.getArray("u");
    int n = uids.size();
    byte[] kinds = chunk.getBinary("k").getData();
    ByteBuffer prints = ByteBuffer.wrap(chunk.getBinary("f").getData());
    ByteBuffer lines = ByteBuffer.wrap(chunk.getBinary("l").getData());
    if (kinds.length != n || prints.capacity() != 16 * n || lines.capacity() != 4 * n) {
      throw new IllegalStateException(
          "the sync state chunk " + chunk.getString("_id").getValue() + " is damaged");
    }
    List<TargetEntry> out = new ArrayList<>(n);
    int i = 0;
    // Iterated, not indexed: a raw array finds its i-th element by scanning from the start.
    for (BsonValue uid : uids) {
      out.add(
          new TargetEntry(
              uid.asString().getValue(),
              kinds[i] == 0 ? TargetEntry.Kind.DOCUMENT : TargetEntry.Kind.REJECT,
              new Fingerprint(prints.getLong(), prints.getLong()),
              lines.getInt()));
      i++;
    }
    return out;
  }

  static Header header(RawBsonDocument chunk) {
    return new Header(
        chunk.getString("_id").getValue(),
        chunk.getString("first").getValue(),
        chunk.getNumber("d").longValue(),
        chunk.getNumber("r").longValue());
  }

  /** The fingerprint of exact bytes: the first 128 bits of their SHA-256. */
  static Fingerprint fingerprint(RawBsonDocument document) {
    MessageDigest digest = sha256();
    digest.update(document.getByteBuffer().asNIO());
    ByteBuffer hash = ByteBuffer.wrap(digest.digest());
    Fingerprint print = new Fingerprint(hash.getLong(), hash.getLong());
    // UNKNOWN is reserved; a real hash equal to it (2^-128) is nudged rather than mistaken.
    return print.known() ? print : new Fingerprint(0, 1);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
