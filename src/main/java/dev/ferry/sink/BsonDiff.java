package dev.ferry.sink;

import dev.ferry.engine.FieldDifference;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Type-strict comparison of BSON documents.
 *
 * <p>Equality is byte equality of the encoded documents: that is the strictest notion there is —
 * field order, Int32 versus Int64, Decimal128 {@code 10.10} versus {@code 10.1} all differ — and it
 * does not depend on how the server itself compares values (mongo-java-server treats all of those
 * as equal). {@link #differences} explains a difference field by field for people.
 */
final class BsonDiff {
  static final String ABSENT = "(absent)";

  private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();
  private static final JsonWriterSettings JSON =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  private BsonDiff() {}

  /** {@code document} encoded once, so it can be compared and sent without re-encoding. */
  static RawBsonDocument raw(BsonDocument document) {
    return document instanceof RawBsonDocument raw ? raw : new RawBsonDocument(document, CODEC);
  }

  /** Whether both documents encode to exactly the same bytes. */
  static boolean identical(RawBsonDocument a, RawBsonDocument b) {
    return a.getByteBuffer().asNIO().equals(b.getByteBuffer().asNIO());
  }

  /**
   * The fields in which {@code actual} differs from {@code expected}, with dotted paths ({@code
   * order_items.1.price}); a pure field-order difference is reported on the document's path (or
   * {@code (field order)} at the top) listing both orders.
   */
  static List<FieldDifference> differences(BsonDocument expected, BsonDocument actual) {
    List<FieldDifference> out = new ArrayList<>();
    compareDocuments("", expected, actual, out);
    return out;
  }

  /** Relaxed Extended JSON of one value; Int32/Int64/double carry their type when it matters. */
  static String render(BsonValue value) {
    if (value == null) {
      return ABSENT;
    }
    String json = new BsonDocument("v", value).toJson(JSON);
    // {"v": <value>}
    return json.substring(json.indexOf(':') + 1, json.length() - 1).strip();
  }

  private static void compareDocuments(
      String path, BsonDocument expected, BsonDocument actual, List<FieldDifference> out) {
    int before = out.size();
    for (String key : expected.keySet()) {
      compareValues(join(path, key), expected.get(key), actual.get(key), out);
    }
    for (String key : actual.keySet()) {
      if (!expected.containsKey(key)) {
        compareValues(join(path, key), null, actual.get(key), out);
      }
    }
    if (out.size() == before
        && !new ArrayList<>(expected.keySet()).equals(new ArrayList<>(actual.keySet()))) {
      out.add(
          new FieldDifference(
              path.isEmpty() ? "(field order)" : path,
              "fields " + expected.keySet(),
              "fields " + actual.keySet()));
    }
  }

  private static void compareValues(
      String path, BsonValue expected, BsonValue actual, List<FieldDifference> out) {
    if (expected != null && actual != null) {
      if (expected.isDocument() && actual.isDocument()) {
        compareDocuments(path, expected.asDocument(), actual.asDocument(), out);
        return;
      }
      if (expected.isArray() && actual.isArray()) {
        compareArrays(path, expected.asArray(), actual.asArray(), out);
        return;
      }
      if (expected.equals(actual)) {
        return;
      }
    }
    String wanted = render(expected);
    String found = render(actual);
    if (wanted.equals(found) && expected != null && actual != null) {
      // e.g. Int32 2 and Int64 2 both print as 2 in relaxed JSON: name the types.
      wanted += " (" + typeName(expected) + ")";
      found += " (" + typeName(actual) + ")";
    }
    out.add(new FieldDifference(path, wanted, found));
  }

  private static void compareArrays(
      String path, BsonArray expected, BsonArray actual, List<FieldDifference> out) {
    int n = Math.max(expected.size(), actual.size());
    for (int i = 0; i < n; i++) {
      compareValues(
          join(path, Integer.toString(i)),
          i < expected.size() ? expected.get(i) : null,
          i < actual.size() ? actual.get(i) : null,
          out);
    }
  }

  private static String typeName(BsonValue value) {
    return value.getBsonType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
