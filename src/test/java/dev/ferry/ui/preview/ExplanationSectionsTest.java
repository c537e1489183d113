package dev.ferry.ui.preview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.MappingResult;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.OrderDocumentMapper;
import dev.ferry.core.OrderExplanation;
import dev.ferry.core.OrderTimestamp;
import dev.ferry.core.SourceClient;
import dev.ferry.core.SourceLine;
import dev.ferry.core.SourceOrder;
import dev.ferry.core.SourceProduct;
import dev.ferry.ui.preview.ExplanationSections.Section;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The preview's explanation as visible sections: every line of the core's, each in its place. */
class ExplanationSectionsTest {

  private static SourceLine line(String quantity, String uid, String brand, String price) {
    SourceProduct product =
        new SourceProduct(
            uid,
            Optional.of("Product " + uid),
            Optional.of(brand),
            Optional.of(new BigDecimal(price)),
            Optional.of(new BigDecimal("0.16")));
    return new SourceLine(
        Optional.empty(),
        Optional.of(uid),
        Optional.of(new BigDecimal(quantity)),
        Optional.of(product));
  }

  private static OrderExplanation explain(Optional<Instant> at, List<SourceLine> lines) {
    SourceOrder order =
        new SourceOrder(
            "o1",
            at.map(OrderTimestamp.Absolute::new),
            Optional.of("c1"),
            Optional.of(
                new SourceClient(
                    "c1", Optional.of("Ana"), Optional.of("Calle 1"), Optional.of("Mon"))),
            Optional.empty(),
            Optional.empty(),
            Optional.of("delivered"),
            lines);
    MappingResult result = new OrderDocumentMapper(MappingSettings.defaults()).map(order);
    return OrderExplanation.of(result, ZoneOffset.UTC);
  }

  private static List<String> allLines(List<Section> sections) {
    return sections.stream().flatMap(s -> s.lines().stream()).toList();
  }

  @Test
  void anAcceptedOrderIsExplainedPerItemThenTotalsBrandAndPromotion() {
    OrderExplanation explained =
        explain(
            Optional.of(Instant.parse("2026-11-23T10:15:30Z")),
            List.of(line("2", "p1", "Acme", "10.50"), line("1", "p2", "Zeta", "3.25")));

    List<Section> sections = ExplanationSections.of(explained);

    assertThat(sections)
        .extracting(Section::title)
        .containsExactly("Summary", "Items (2)", "Totals", "Most popular brand", "Promotion day");
    assertThat(sections.get(1).lines())
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).startsWith("Item ").contains(" × "));
    assertThat(sections.get(2).lines()).anyMatch(l -> l.startsWith("Total = "));
    assertThat(sections.get(3).lines()).anyMatch(l -> l.startsWith("Most popular brand: Acme"));
    assertThat(sections.get(4).lines()).anyMatch(l -> l.startsWith("is_promotion_day is true"));
    assertThat(allLines(sections)).containsExactlyElementsOf(explained.lines());
  }

  @Test
  void anOrderWithoutItemsHasNoEmptyItemsSection() {
    OrderExplanation explained =
        explain(Optional.of(Instant.parse("2026-11-24T10:15:30Z")), List.of());

    List<Section> sections = ExplanationSections.of(explained);

    assertThat(sections)
        .extracting(Section::title)
        .containsExactly("Summary", "Totals", "Most popular brand", "Promotion day");
    assertThat(allLines(sections)).containsExactlyElementsOf(explained.lines());
  }

  @Test
  void aRejectedOrderListsItsReasonsInASectionOfTheirOwn() {
    OrderExplanation explained = explain(Optional.empty(), List.of(line("0", "p1", "Acme", "1")));

    List<Section> sections = ExplanationSections.of(explained);

    assertThat(sections).extracting(Section::title).containsExactly("Summary", "Reasons");
    assertThat(sections.get(1).lines()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(allLines(sections)).containsExactlyElementsOf(explained.lines());
  }
}
