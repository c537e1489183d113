package dev.ferry.source;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A table-like relation: a table, view, materialized view, partitioned table or foreign table.
 *
 * <p>Contract: {@code rowEstimate} and {@code sizeEstimate} are the planner's statistics from the
 * last {@code VACUUM}/{@code ANALYZE} ({@code pg_class.reltuples}/{@code relpages}), never a count:
 * counting a client's big table just to show a browser would be slow and would take locks. They are
 * empty when unknown — never analysed ({@code reltuples = -1}) or a relation without storage (a
 * view, a foreign table). Columns are in declaration order, indexes by name.
 *
 * @param ref the relation's schema and name
 * @param kind what it is
 * @param rowEstimate estimated number of rows, if known
 * @param sizeEstimate estimated bytes of the table, its TOAST data and its indexes, if known
 * @param selectable whether the connected user has {@code SELECT} on the whole relation
 * @param partitionOf the partitioned table this relation is a partition of, if it is one
 * @param comment the relation's comment, if any
 * @param columns its columns, in declaration order
 * @param indexes its indexes, by name
 */
public record CatalogRelation(
    CatalogRelationRef ref,
    Kind kind,
    OptionalLong rowEstimate,
    OptionalLong sizeEstimate,
    boolean selectable,
    Optional<CatalogRelationRef> partitionOf,
    Optional<String> comment,
    List<CatalogColumn> columns,
    List<CatalogIndex> indexes) {

  /** Shown for an estimate that is not known. */
  public static final String UNKNOWN = "unknown";

  public CatalogRelation {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(rowEstimate, "rowEstimate");
    Objects.requireNonNull(sizeEstimate, "sizeEstimate");
    Objects.requireNonNull(partitionOf, "partitionOf");
    Objects.requireNonNull(comment, "comment");
    columns = List.copyOf(columns);
    indexes = List.copyOf(indexes);
  }

  /** The relation's name (without schema). */
  public String name() {
    return ref.name();
  }

  /** The row estimate as text: the number, or {@value #UNKNOWN}. */
  public String rowEstimateText() {
    return rowEstimate.isPresent() ? Long.toString(rowEstimate.getAsLong()) : UNKNOWN;
  }

  /** The column named exactly {@code name}, if any. */
  public Optional<CatalogColumn> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The kinds of relation the catalog lists ({@code pg_class.relkind}). */
  public enum Kind {
    TABLE("r", "table"),
    VIEW("v", "view"),
    MATERIALIZED_VIEW("m", "materialized view"),
    PARTITIONED_TABLE("p", "partitioned table"),
    FOREIGN_TABLE("f", "foreign table");

    private final String relkind;
    private final String label;

    Kind(String relkind, String label) {
      this.relkind = relkind;
      this.label = label;
    }

    /** Lower-case words for display, e.g. {@code "materialized view"}. */
    public String label() {
      return label;
    }

    /** The kind for a {@code pg_class.relkind} value. */
    static Kind of(String relkind) {
      for (Kind kind : values()) {
        if (kind.relkind.equals(relkind)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("not a listed relkind: " + relkind);
    }
  }
}
