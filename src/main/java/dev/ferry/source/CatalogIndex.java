package dev.ferry.source;

import java.util.Objects;

/**
 * An index of a relation, as the server describes it.
 *
 * @param name the index name, exact case
 * @param definition the {@code CREATE INDEX} statement from {@code pg_get_indexdef}
 * @param unique whether the index enforces uniqueness
 * @param primary whether it is the primary key's index
 */
public record CatalogIndex(String name, String definition, boolean unique, boolean primary) {
  public CatalogIndex {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(definition, "definition");
  }
}
