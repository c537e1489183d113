package dev.ferry.app;

import dev.ferry.core.MappingResult;
import dev.ferry.sink.OrderBsonMapper;
import dev.ferry.sink.RejectBsonMapper;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * A previewed order as the text a person reads: the exact BSON a run would write, rendered as JSON,
 * so that neither face needs to know how documents are encoded.
 *
 * <p>Contract: an accepted order is rendered from {@link OrderBsonMapper} — the very bytes a run
 * writes — so types show (Decimal128, dates, Int32); the rendering of a rejected order differs by
 * face: the Preview screen shows what the rejects collection would hold, the CLI a short {@code
 * {_id, rejected: true, reasons}} beside the documents it prints.
 */
public final class DocumentText {
  private static final JsonWriterSettings SHELL =
      JsonWriterSettings.builder().indent(true).outputMode(JsonMode.SHELL).build();

  private DocumentText() {}

  /**
   * The document (or, for a reject, the reject record's reasons and source rows) as indented shell
   * JSON ({@code NumberDecimal("10.50")}, {@code ISODate(...)}).
   */
  public static String shellJson(MappingResult result) {
    BsonDocument bson =
        result instanceof MappingResult.Accepted a
            ? OrderBsonMapper.toBson(a.document())
            : RejectBsonMapper.content((MappingResult.Rejected) result);
    return bson.toJson(SHELL);
  }

  /**
   * The document as relaxed Extended JSON, or for a reject {@code {_id, rejected: true, reasons}}.
   *
   * @param indent whether to indent (one line per document otherwise)
   */
  public static String relaxedJson(MappingResult result, boolean indent) {
    BsonDocument shown;
    if (result instanceof MappingResult.Accepted accepted) {
      shown = OrderBsonMapper.toBson(accepted.document());
    } else {
      MappingResult.Rejected r = (MappingResult.Rejected) result;
      BsonArray reasons = new BsonArray();
      r.reasons().forEach(reason -> reasons.add(new BsonString(reason)));
      shown =
          new BsonDocument("_id", new BsonString(r.uid()))
              .append("rejected", BsonBoolean.TRUE)
              .append("reasons", reasons);
    }
    return shown.toJson(
        JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).indent(indent).build());
  }
}
