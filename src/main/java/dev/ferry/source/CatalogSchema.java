package dev.ferry.source;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One non-system schema and its relations.
 *
 * @param name the schema name, exact case
 * @param owner the owning role
 * @param usable whether the connected user has {@code USAGE} on it (without it, nothing in it can
 *     be read even with table privileges)
 * @param relations its tables, views, materialized views, partitioned and foreign tables, by name
 */
public record CatalogSchema(
    String name, String owner, boolean usable, List<CatalogRelation> relations) {
  public CatalogSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    relations = List.copyOf(relations);
  }

  /** The relation named exactly {@code relationName}, if any. */
  public Optional<CatalogRelation> relation(String relationName) {
    return relations.stream().filter(r -> r.name().equals(relationName)).findFirst();
  }
}
