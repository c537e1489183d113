package dev.ferry.source;

import java.util.Objects;

/**
 * The exact name of a relation: its schema and its own name, both exact case as stored in the
 * catalog.
 *
 * <p>Contract: {@link #toString()} is the plain {@code schema.name} for display; {@link #quoted()}
 * is the SQL form with both parts double-quoted (embedded quotes doubled), so any name — mixed
 * case, blanks, quotes — can be used in a statement without being reinterpreted.
 *
 * @param schema the schema name, exact case
 * @param name the relation name, exact case
 */
public record CatalogRelationRef(String schema, String name) {
  public CatalogRelationRef {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
  }

  /** {@code "schema"."name"}, safe to splice into SQL. */
  public String quoted() {
    return quoteIdentifier(schema) + "." + quoteIdentifier(name);
  }

  /** {@code schema.name}, unquoted, for people. */
  @Override
  public String toString() {
    return schema + "." + name;
  }

  /** {@code identifier} in double quotes with embedded double quotes doubled. */
  static String quoteIdentifier(String identifier) {
    if (identifier.indexOf('\0') >= 0) {
      // PostgreSQL identifiers cannot contain NUL; refusing beats sending a truncated name.
      throw new IllegalArgumentException("An identifier cannot contain a NUL character.");
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
