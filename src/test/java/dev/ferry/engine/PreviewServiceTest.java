package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.ferry.app.FerrySession;
import dev.ferry.core.MappingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The preview on its own: the documents a run would write, and what loading would do. */
class PreviewServiceTest {

  @Test
  void showsNewChangedUnchangedAndRejectedWithoutWritingAnything() {
    EngineFixture f = new EngineFixture().withDemoData(120);
    List<PreviewEntry> fresh;
    try (FerrySession session = f.session(50)) {
      fresh = session.preview().preview(OrderSelection.first(40), new CancellationToken());
    }
    assertThat(fresh).hasSize(40);
    assertThat(fresh)
        .allSatisfy(
            e ->
                assertThat(e.target().state())
                    .isEqualTo(
                        e.result() instanceof MappingResult.Accepted
                            ? TargetState.NEW
                            : TargetState.REJECTED));
    assertThat(f.rawDocuments("orders")).isEmpty();

    f.migrate(50);
    String changed =
        fresh.stream()
            .filter(e -> e.result() instanceof MappingResult.Accepted)
            .findFirst()
            .orElseThrow()
            .result()
            .uid();
    f.onCollection(
        "orders", c -> c.updateOne(Filters.eq("_id", changed), Updates.set("status", "x")));
    List<PreviewEntry> after;
    try (FerrySession session = f.session(50)) {
      after = session.preview().preview(OrderSelection.first(40), new CancellationToken());
    }
    PreviewEntry entry =
        after.stream().filter(e -> e.result().uid().equals(changed)).findFirst().orElseThrow();
    assertThat(entry.target().state()).isEqualTo(TargetState.CHANGED);
    assertThat(entry.target().differences()).extracting(FieldDifference::path).contains("status");
    assertThat(after)
        .filteredOn(
            e -> e.result() instanceof MappingResult.Accepted && !e.result().uid().equals(changed))
        .allSatisfy(e -> assertThat(e.target().state()).isEqualTo(TargetState.UNCHANGED));
  }

  @Test
  void aPreviewIsCappedAndFollowsTheSelection() {
    EngineFixture f = new EngineFixture().withDemoData(60);
    try (FerrySession session = f.session(50)) {
      List<PreviewEntry> all =
          session.preview().preview(OrderSelection.all(), new CancellationToken());
      assertThat(all).hasSize(60);
      String one = all.get(7).result().uid();
      assertThat(
              session
                  .preview()
                  .preview(OrderSelection.byUids(List.of(one)), new CancellationToken()))
          .extracting(e -> e.result().uid())
          .containsExactly(one);
    }
  }
}
