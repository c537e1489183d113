package dev.ferry.app;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Sorts;
import dev.ferry.sink.MongoSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Reads the rejects collection for display: each rejected order's uid and reasons.
 *
 * <p>Contract: read-only; returns at most {@code limit} rejects ordered by uid. It opens its own
 * short-lived client so that the run's sink stays untouched. Blocking: call it off the UI thread.
 */
public final class RejectList {
  private RejectList() {}

  /**
   * One rejected order.
   *
   * @param uid the order uid
   * @param reasons why it was rejected, one sentence each
   */
  public record Reject(String uid, List<String> reasons) {
    public Reject {
      Objects.requireNonNull(uid, "uid");
      reasons = List.copyOf(reasons);
    }
  }

  /** The first {@code limit} rejects of the target described by {@code settings}. */
  public static List<Reject> read(MongoSettings settings, int limit) {
    try (MongoClient client = MongoClients.create(settings.connectionString().revealAsString())) {
      List<Reject> rejects = new ArrayList<>();
      for (BsonDocument d :
          client
              .getDatabase(settings.database())
              .getCollection(settings.rejectsCollection(), BsonDocument.class)
              .find()
              .sort(Sorts.ascending("_id"))
              .limit(limit)) {
        List<String> reasons = new ArrayList<>();
        BsonValue stored = d.get("reasons");
        if (stored instanceof BsonArray array) {
          array.forEach(r -> reasons.add(r.isString() ? r.asString().getValue() : r.toString()));
        }
        BsonValue id = d.get("_id");
        rejects.add(new Reject(id.isString() ? id.asString().getValue() : id.toString(), reasons));
      }
      return rejects;
    }
  }
}
