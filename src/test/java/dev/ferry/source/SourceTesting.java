package dev.ferry.source;

import dev.ferry.app.Workers;
import dev.ferry.core.Secret;
import dev.ferry.core.SourceOrder;
import dev.ferry.engine.OrderReader;
import dev.ferry.engine.OrderSelection;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Shortcuts for the source tests. */
final class SourceTesting {
  private SourceTesting() {}

  static PostgresSettings settings(TestDatabase db) {
    return PostgresSettings.of(db.jdbcUrl(), db.user(), Optional.of(Secret.of(db.password())));
  }

  static PostgresOrderSource source(TestDatabase db) {
    return new PostgresOrderSource(settings(db), Workers.watchdogs());
  }

  static List<SourceOrder> readAll(TestDatabase db, OrderSelection selection) {
    try (PostgresOrderSource source = source(db);
        OrderReader reader = source.open(selection)) {
      return drain(reader);
    }
  }

  static List<SourceOrder> drain(OrderReader reader) {
    List<SourceOrder> orders = new ArrayList<>();
    for (Optional<SourceOrder> next = reader.next(); next.isPresent(); next = reader.next()) {
      orders.add(next.get());
    }
    return orders;
  }

  static SourceOrder byUid(List<SourceOrder> orders, String uid) {
    return orders.stream()
        .filter(o -> o.uid().equals(uid))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no order " + uid + " in " + orders));
  }

  /** Compares strings by Unicode code point, as MongoDB orders string ids. */
  static int byCodePoint(String a, String b) {
    return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }
}
