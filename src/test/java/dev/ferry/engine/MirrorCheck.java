package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.Workers;
import dev.ferry.core.MappingResult;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.OrderDocumentMapper;
import dev.ferry.core.SourceOrder;
import dev.ferry.sink.OrderBsonMapper;
import dev.ferry.source.PostgresOrderSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bson.RawBsonDocument;

/**
 * Checks a target against the rules, not against Ferry's counts: every source order read afresh and
 * mapped by the core rules must be in the target as exactly those bytes (or in the rejects), and
 * nothing else may be there except the orders named as kept although gone from the source.
 */
final class MirrorCheck {
  private MirrorCheck() {}

  /** What the rules give for the source now. */
  record Expected(Map<String, RawBsonDocument> documents, Set<String> rejects) {}

  static Expected expected(EngineFixture f, MappingSettings settings) {
    Map<String, RawBsonDocument> documents = new HashMap<>();
    Set<String> rejects = new HashSet<>();
    OrderDocumentMapper mapper = new OrderDocumentMapper(settings);
    try (PostgresOrderSource source =
            new PostgresOrderSource(f.job(100).source(), Workers.watchdogs());
        OrderReader reader = source.open(OrderSelection.all())) {
      Optional<SourceOrder> order;
      while ((order = reader.next()).isPresent()) {
        MappingResult result = mapper.map(order.get());
        if (result instanceof MappingResult.Accepted accepted) {
          documents.put(result.uid(), OrderBsonMapper.toRaw(accepted.document()));
        } else {
          rejects.add(result.uid());
        }
      }
    }
    return new Expected(documents, rejects);
  }

  /** The target mirrors the source exactly (default settings), plus {@code keptGone}. */
  static void assertMirrors(EngineFixture f, Set<String> keptGone) {
    assertMirrors(f, MappingSettings.defaults(), keptGone);
  }

  static void assertMirrors(EngineFixture f, MappingSettings settings, Set<String> keptGone) {
    Expected expected = expected(f, settings);
    Map<String, RawBsonDocument> actual = new HashMap<>();
    f.rawDocuments("orders").forEach(d -> actual.put(d.getString("_id").getValue(), d));
    Set<String> actualRejects = new TreeSet<>();
    f.rawDocuments("orders_rejects").forEach(d -> actualRejects.add(d.getString("_id").getValue()));

    Set<String> extraDocuments = new TreeSet<>(actual.keySet());
    extraDocuments.removeAll(expected.documents().keySet());
    Set<String> extraRejects = new TreeSet<>(actualRejects);
    extraRejects.removeAll(expected.rejects());
    Set<String> extras = new TreeSet<>(extraDocuments);
    extras.addAll(extraRejects);
    assertThat(extras).as("entries without a source order").isEqualTo(new TreeSet<>(keptGone));
    assertThat(actual.keySet()).containsAll(expected.documents().keySet());
    assertThat(actualRejects).containsAll(expected.rejects());
    expected
        .documents()
        .forEach(
            (uid, document) ->
                assertThat(actual.get(uid).getByteBuffer().asNIO())
                    .as("bytes of " + uid)
                    .isEqualTo(document.getByteBuffer().asNIO()));
    Set<String> both = new TreeSet<>(actual.keySet());
    both.retainAll(actualRejects);
    assertThat(both).as("orders both in the target and in the rejects").isEmpty();
  }
}
