package dev.ferry.source;

import dev.ferry.source.SourceSchema.Table;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which relations Ferry would read as clients, products, orders and order items, and what stops it.
 *
 * <p>Contract: the verdict is {@link SourceSchemaResolver}'s — {@code resolved} is its result and
 * is present exactly when {@code missing} is empty; otherwise {@code missing} holds its problems,
 * one per entry (a missing table or column, an unusable type, a missing privilege), as the resolver
 * lists them rather than split back out of its one-sentence message. {@code relations} marks every
 * role whose table was found, even when the source as a whole cannot be read, so a browser can
 * highlight what is there and what is not.
 *
 * @param schema the schema Ferry is configured to read (as configured)
 * @param relations the relation playing each role that was found
 * @param missing what is missing or unusable, in the resolver's words; empty when Ferry can read
 * @param resolved the resolved tables and columns, when Ferry can read the source
 */
public record CatalogRoles(
    String schema,
    Map<Table, CatalogRelationRef> relations,
    List<String> missing,
    Optional<SourceSchema> resolved) {

  public CatalogRoles {
    Objects.requireNonNull(schema, "schema");
    EnumMap<Table, CatalogRelationRef> copy = new EnumMap<>(Table.class);
    copy.putAll(relations);
    relations = Collections.unmodifiableMap(copy);
    missing = List.copyOf(missing);
    Objects.requireNonNull(resolved, "resolved");
    if (resolved.isPresent() != missing.isEmpty()) {
      throw new IllegalArgumentException(
          "resolved must be present exactly when nothing is missing");
    }
  }

  /** Whether Ferry can read the source as it stands. */
  public boolean ready() {
    return resolved.isPresent();
  }

  /** The role {@code relation} plays for Ferry, if any. */
  public Optional<Table> roleOf(CatalogRelationRef relation) {
    return relations.entrySet().stream()
        .filter(e -> e.getValue().equals(relation))
        .map(Map.Entry::getKey)
        .findFirst();
  }
}
