package dev.ferry.ui.view;

import java.util.Optional;
import java.util.function.BiFunction;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/**
 * A table cell that shows its text and a tooltip about it, so that a cell cut short by its column's
 * width (at 1280×800 some are) still says everything on hover.
 *
 * @param <S> the table's row type
 */
public final class TooltipCell<S> extends TableCell<S, String> {
  private final BiFunction<S, String, Optional<String>> tooltip;

  /**
   * @param tooltip the tooltip for a row and its cell's text, if any (asked only for a cell with
   *     text)
   */
  public TooltipCell(BiFunction<S, String, Optional<String>> tooltip) {
    this.tooltip = tooltip;
  }

  /** A cell whose tooltip is its own text. */
  public static <S> TooltipCell<S> ofText() {
    return new TooltipCell<>((row, text) -> Optional.of(text));
  }

  @Override
  protected void updateItem(String item, boolean empty) {
    super.updateItem(item, empty);
    setText(empty ? null : item);
    S row = empty || getTableRow() == null ? null : getTableRow().getItem();
    setTooltip(
        row == null || item == null || item.isEmpty()
            ? null
            : tooltip.apply(row, item).map(Tooltip::new).orElse(null));
  }
}
