package dev.ferry.source;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One column of a relation, as the catalog describes it; nothing is read from the rows.
 *
 * <p>Contract: {@code type} is always present and is the declared type exactly as {@code
 * format_type} renders it (a domain shows its own name, an array {@code integer[]}), so no type —
 * enum, domain, range, tsvector, a type from an extension — can make the catalog unreadable; {@code
 * detail} adds what the name alone hides (a domain's base type, an enum's labels).
 *
 * @param name the column name, exact case
 * @param type the declared type as {@code format_type} renders it, e.g. {@code numeric(12,2)}
 * @param category what sort of type it is
 * @param detail for a domain {@code "domain over <base type>"}, for an enum {@code "enum ('a',
 *     'b')"}; empty otherwise
 * @param nullable whether the column accepts NULL (no {@code NOT NULL}; views always do)
 * @param defaultValue the default expression, or the identity/generation clause; empty if none
 * @param primaryKey whether the column is part of the relation's primary key
 * @param references the columns its foreign keys point at (usually none or one)
 * @param selectable whether the connected user may {@code SELECT} it
 * @param comment the column's comment, if any
 */
public record CatalogColumn(
    String name,
    String type,
    TypeCategory category,
    Optional<String> detail,
    boolean nullable,
    Optional<String> defaultValue,
    boolean primaryKey,
    List<Reference> references,
    boolean selectable,
    Optional<String> comment) {

  public CatalogColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(defaultValue, "defaultValue");
    references = List.copyOf(references);
    Objects.requireNonNull(comment, "comment");
  }

  /** What sort of type a column has ({@code pg_type.typtype}, arrays told apart). */
  public enum TypeCategory {
    /** A plain base type: integer, text, numeric, json, bytea, tsvector, ... */
    BASE,
    /** An array of any element type. */
    ARRAY,
    /** A domain (a base type with constraints). */
    DOMAIN,
    /** An enum type. */
    ENUM,
    /** A range type. */
    RANGE,
    /** A multirange type. */
    MULTIRANGE,
    /** A composite (row) type. */
    COMPOSITE,
    /** A pseudo-type; rare in a column, possible in views. */
    PSEUDO;

    /** The category for {@code pg_type.typtype} and {@code typcategory} (either may be null). */
    static TypeCategory of(String typtype, String typcategory) {
      // A domain copies its base type's category, so a domain over an array must be seen first.
      if ("d".equals(typtype)) {
        return DOMAIN;
      }
      if ("A".equals(typcategory)) {
        return ARRAY;
      }
      return switch (typtype == null ? "b" : typtype) {
        case "e" -> ENUM;
        case "r" -> RANGE;
        case "m" -> MULTIRANGE;
        case "c" -> COMPOSITE;
        case "p" -> PSEUDO;
        default -> BASE;
      };
    }
  }

  /**
   * A column a foreign key points at.
   *
   * @param schema the referenced relation's schema
   * @param table the referenced relation
   * @param column the referenced column
   */
  public record Reference(String schema, String table, String column) {
    public Reference {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(column, "column");
    }

    /** {@code schema.table(column)}. */
    @Override
    public String toString() {
      return schema + "." + table + "(" + column + ")";
    }
  }
}
