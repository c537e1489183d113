package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.MappingSettings;
import dev.ferry.core.OrderDocumentMapper;
import dev.ferry.core.OrderTimestamp;
import dev.ferry.core.SourceClient;
import dev.ferry.core.SourceLine;
import dev.ferry.core.SourceOrder;
import dev.ferry.core.SourceProduct;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The run's tally notes what it reports from the small notes a prepared batch carries, not from the
 * batch's orders: promotion values not understood (and cleared once understood), orders gone.
 */
class RunTallyTest {
  private static final OrderDocumentMapper MAPPER =
      new OrderDocumentMapper(MappingSettings.defaults());

  @Test
  void notesClientsWhosePromotionIsNotUnderstoodAndClearsThemOnceUnderstood() {
    RunTally tally = new RunTally();
    note(tally, mapped("o-1", "c-1", "Funday"));
    note(tally, mapped("o-2", "c-2", "Monday"));
    note(tally, mapped("o-3", "c-3", "someday"));
    assertThat(tally.issues())
        .containsExactly(new PromotionIssue("c-1", "Funday"), new PromotionIssue("c-3", "someday"));
    assertThat(tally.understood()).containsExactly("c-2");

    // The same client read again with a value fixed at the source.
    note(tally, mapped("o-4", "c-1", "Tuesday"));
    assertThat(tally.issues()).containsExactly(new PromotionIssue("c-3", "someday"));
    assertThat(tally.understood()).containsExactly("c-2", "c-1");
  }

  @Test
  void notesOrdersGoneFromTheSourceAndNothingForRejectsOrUnchangedOrders() {
    TargetEntry stored =
        new TargetEntry("o-9", TargetEntry.Kind.DOCUMENT, new Fingerprint(1, 2), 1);
    SyncEvent gone = new SyncEvent.Gone(stored, false);
    SyncEvent unchanged = new SyncEvent.Unchanged(stored);
    SyncEvent rejected = SyncEvent.Mapped.of(undated("o-5"), MAPPER, Optional.empty());

    assertThat(RunTally.noteOf(gone)).contains(new RunTally.Note.Gone("o-9"));
    assertThat(RunTally.noteOf(unchanged)).isEmpty();
    assertThat(RunTally.noteOf(rejected)).isEmpty();

    RunTally tally = new RunTally();
    note(tally, gone);
    note(tally, unchanged);
    note(tally, rejected);
    assertThat(tally.gone()).containsExactly("o-9");
    assertThat(tally.issues()).isEmpty();
    assertThat(tally.understood()).isEmpty();
  }

  private static void note(RunTally tally, SyncEvent event) {
    RunTally.noteOf(event).ifPresent(tally::note);
  }

  private static SyncEvent mapped(String uid, String client, String promotion) {
    SourceOrder order =
        order(uid, Optional.of(new OrderTimestamp.Absolute(Instant.parse("2024-03-04T12:00:00Z"))))
            .withClient(client, promotion);
    return SyncEvent.Mapped.of(order, MAPPER, Optional.empty());
  }

  private static SourceOrder undated(String uid) {
    return order(uid, Optional.empty()).withClient("c-1", "Monday");
  }

  private static Order order(String uid, Optional<OrderTimestamp> at) {
    return new Order(uid, at);
  }

  /** An order of one valid line, for one client. */
  private record Order(String uid, Optional<OrderTimestamp> at) {
    SourceOrder withClient(String client, String promotion) {
      SourceProduct product =
          new SourceProduct(
              "p-1",
              Optional.of("Galletas"),
              Optional.of("Gamesa"),
              Optional.of(new BigDecimal("10.00")),
              Optional.of(new BigDecimal("0.16")));
      SourceLine line =
          new SourceLine(
              Optional.of(uid + "-1"),
              Optional.of("p-1"),
              Optional.of(BigDecimal.ONE),
              Optional.of(product));
      return new SourceOrder(
          uid,
          at,
          Optional.of(client),
          Optional.of(
              new SourceClient(
                  client, Optional.of("Tienda"), Optional.of("Calle 1"), Optional.of(promotion))),
          Optional.of("19.4"),
          Optional.of("-99.1"),
          Optional.of("delivered"),
          List.of(line));
    }
  }
}
