package dev.ferry.ui.preview;

import dev.ferry.core.OrderExplanation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The explanation of a previewed order as titled sections — a summary, its items, the totals, the
 * most popular brand and the promotion day (or the reasons of a reject) — so that the pane shows
 * its structure instead of one block of wrapped sentences.
 *
 * <p>Contract: pure; the sections hold exactly {@link OrderExplanation#lines()}, in the same order,
 * each line once: nothing is said here that the core's explanation does not say.
 */
public final class ExplanationSections {
  /**
   * One visible section.
   *
   * @param title its heading
   * @param lines its sentences, one paragraph each
   */
  public record Section(String title, List<String> lines) {
    public Section {
      Objects.requireNonNull(title, "title");
      lines = List.copyOf(lines);
    }
  }

  private ExplanationSections() {}

  /** The sections of {@code explanation}. */
  public static List<Section> of(OrderExplanation explanation) {
    List<String> lines = explanation.lines();
    List<Section> sections = new ArrayList<>();
    sections.add(new Section("Summary", List.of(lines.get(0))));
    if (explanation instanceof OrderExplanation.Accepted accepted) {
      // An order without items says so in its first line; an empty section would only add noise.
      if (!accepted.items().isEmpty()) {
        sections.add(
            new Section(
                "Items (" + accepted.items().size() + ")",
                accepted.items().stream().map(OrderExplanation.Item::sentence).toList()));
      }
      sections.add(new Section("Totals", accepted.totals().sentences()));
      sections.add(new Section("Most popular brand", accepted.brands().sentences()));
      sections.add(new Section("Promotion day", accepted.promotion().sentences()));
    } else {
      sections.add(new Section("Reasons", lines.subList(1, lines.size())));
    }
    return List.copyOf(sections);
  }
}
