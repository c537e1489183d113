package dev.ferry.source;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SchemaCatalog#read} found: every non-system schema of the database with its
 * relations, columns and indexes, plus the relations Ferry would read.
 *
 * <p>Contract: immutable and detached from any connection (safe to hand to another thread);
 * everything was read in one read-only transaction, so relations, columns and roles agree with one
 * another. System schemas ({@code pg_catalog}, {@code information_schema}, {@code pg_toast*},
 * {@code pg_temp*}) are left out. Schemas and relations are sorted by name (code point order).
 *
 * @param database the database name
 * @param user the role the catalog was read as
 * @param serverVersion the server's {@code server_version}
 * @param schemas the non-system schemas, by name
 * @param ferry which relations play Ferry's roles, and what is missing
 */
public record CatalogSnapshot(
    String database,
    String user,
    String serverVersion,
    List<CatalogSchema> schemas,
    CatalogRoles ferry) {

  public CatalogSnapshot {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(serverVersion, "serverVersion");
    schemas = List.copyOf(schemas);
    Objects.requireNonNull(ferry, "ferry");
  }

  /** The schema named exactly {@code name}, if listed. */
  public Optional<CatalogSchema> schema(String name) {
    return schemas.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The relation {@code ref} names, if listed. */
  public Optional<CatalogRelation> relation(CatalogRelationRef ref) {
    return schema(ref.schema()).flatMap(s -> s.relation(ref.name()));
  }
}
