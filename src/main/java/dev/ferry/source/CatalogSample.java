package dev.ferry.source;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The first rows of a relation, as display text.
 *
 * <p>Contract: {@code columns} are the columns the user may read, in declaration order, and each
 * row has exactly one {@link Cell} per column. "First" means the first rows the server returns
 * without {@code ORDER BY} — sorting a large table just to preview it would be expensive. Values
 * are PostgreSQL's own text rendering, shortened for display: text longer than {@value
 * SchemaCatalog#MAX_TEXT} characters is cut, {@code bytea} is shown in hex ({@code \x…}) with at
 * most {@value SchemaCatalog#MAX_BYTES} bytes and its full length.
 *
 * @param relation the relation sampled
 * @param columns the names of the columns shown
 * @param rows at most the requested number of rows
 * @param more whether the relation has more rows than shown
 * @param unreadableColumns columns left out because the user has no {@code SELECT} on them
 */
public record CatalogSample(
    CatalogRelationRef relation,
    List<String> columns,
    List<List<Cell>> rows,
    boolean more,
    List<String> unreadableColumns) {

  public CatalogSample {
    Objects.requireNonNull(relation, "relation");
    columns = List.copyOf(columns);
    rows = rows.stream().map(List::copyOf).toList();
    unreadableColumns = List.copyOf(unreadableColumns);
    for (List<Cell> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("every row needs one cell per column");
      }
    }
  }

  /**
   * One value.
   *
   * @param text the display text; empty for SQL NULL
   * @param truncated whether {@code text} was shortened
   */
  public record Cell(Optional<String> text, boolean truncated) {
    /** Shown for SQL NULL by {@link #display()}. */
    public static final String NULL_MARKER = "[NULL]";

    /** The SQL NULL cell. */
    public static final Cell NULL = new Cell(Optional.empty(), false);

    public Cell {
      Objects.requireNonNull(text, "text");
    }

    /** Whether the value is SQL NULL. */
    public boolean isNull() {
      return text.isEmpty();
    }

    /**
     * The text, or {@value #NULL_MARKER} for SQL NULL (a GUI should style it by {@link #isNull}).
     */
    public String display() {
      return text.orElse(NULL_MARKER);
    }
  }
}
