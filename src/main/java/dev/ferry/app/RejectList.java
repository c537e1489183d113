package dev.ferry.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * The rejects of a session's target, for display: each rejected order's uid and reasons.
 *
 * <p>Contract: read-only; returns at most {@code limit} rejects ordered by uid, read over the
 * session's own target client (its connection pool and its timeouts: the Run screen refreshes the
 * list every second while a run goes on, and a client per read opened a connection each time).
 * Blocking: call it off the UI thread.
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

  /** The first {@code limit} rejects of the session's target. */
  public static List<Reject> read(FerrySession session, int limit) {
    List<Reject> rejects = new ArrayList<>();
    for (BsonDocument d : session.target().firstRejects(limit)) {
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
