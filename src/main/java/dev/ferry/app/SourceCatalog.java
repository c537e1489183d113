package dev.ferry.app;

import dev.ferry.source.SourceSchema.Table;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The source's catalog as a database browser shows it: schemas, relations, columns, indexes, and
 * the relations Ferry would read with what stops it — read by {@link SchemaBrowser}.
 *
 * <p>Contract: immutable and detached from any connection; everything was read in one read-only
 * transaction. Schemas and relations are sorted by name (code point order); estimates are the
 * planner's, never a count. {@code missing} holds the resolver's problems one per entry (as data,
 * not one sentence to split) and is empty exactly when Ferry can read the source.
 *
 * @param database the database name
 * @param user the role the catalog was read as
 * @param serverVersion the server's {@code server_version}
 * @param ferrySchema the schema Ferry is configured to read
 * @param schemas the non-system schemas
 * @param roles the relation playing each of Ferry's roles that was found
 * @param missing what is missing or unusable, in the resolver's words; empty when Ferry can read
 */
public record SourceCatalog(
    String database,
    String user,
    String serverVersion,
    String ferrySchema,
    List<Schema> schemas,
    Map<Table, RelationName> roles,
    List<String> missing) {

  public SourceCatalog {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(ferrySchema, "ferrySchema");
    schemas = List.copyOf(schemas);
    EnumMap<Table, RelationName> copy = new EnumMap<>(Table.class);
    copy.putAll(roles);
    roles = Collections.unmodifiableMap(copy);
    missing = List.copyOf(missing);
  }

  /** Whether Ferry can read the source as it stands. */
  public boolean ready() {
    return missing.isEmpty();
  }

  /** The role {@code relation} plays for Ferry, if any. */
  public Optional<Table> roleOf(RelationName relation) {
    return roles.entrySet().stream()
        .filter(e -> e.getValue().equals(relation))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /**
   * The exact name of a relation.
   *
   * @param schema its schema, exact case
   * @param name its own name, exact case
   */
  public record RelationName(String schema, String name) {
    public RelationName {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(name, "name");
    }

    /** {@code schema.name}, unquoted, for people. */
    @Override
    public String toString() {
      return schema + "." + name;
    }
  }

  /**
   * One schema and its relations.
   *
   * @param name the schema name
   * @param relations its tables, views, materialized views, partitioned and foreign tables
   */
  public record Schema(String name, List<Relation> relations) {
    public Schema {
      Objects.requireNonNull(name, "name");
      relations = List.copyOf(relations);
    }
  }

  /**
   * A table-like relation.
   *
   * @param ref its schema and name
   * @param kind what it is, in words ({@code table}, {@code materialized view}, ...)
   * @param rowEstimate the planner's row estimate as text, or {@code unknown}
   * @param selectable whether the connected user may read it
   * @param columns its columns, in declaration order
   * @param indexes its indexes, by name
   */
  public record Relation(
      RelationName ref,
      String kind,
      String rowEstimate,
      boolean selectable,
      List<Column> columns,
      List<Index> indexes) {
    public Relation {
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(rowEstimate, "rowEstimate");
      columns = List.copyOf(columns);
      indexes = List.copyOf(indexes);
    }

    /** The relation's own name (without schema). */
    public String name() {
      return ref.name();
    }
  }

  /**
   * One column.
   *
   * @param name its name
   * @param type its declared type as the server renders it
   * @param nullable whether it accepts NULL
   * @param primaryKey whether it is part of the primary key
   * @param references the columns its foreign keys point at
   * @param defaultValue its default (or identity/generation clause), if any
   */
  public record Column(
      String name,
      String type,
      boolean nullable,
      boolean primaryKey,
      List<Reference> references,
      Optional<String> defaultValue) {
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      references = List.copyOf(references);
      Objects.requireNonNull(defaultValue, "defaultValue");
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
  }

  /**
   * One index.
   *
   * @param name its name
   * @param definition its {@code CREATE INDEX} statement
   * @param unique whether it enforces uniqueness
   */
  public record Index(String name, String definition, boolean unique) {
    public Index {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(definition, "definition");
    }
  }

  /**
   * The first rows of a relation as display text ({@code [NULL]} for SQL NULL, long values cut).
   *
   * @param relation the relation sampled
   * @param columns the columns the user may read
   * @param rows one text per column in each row
   */
  public record Sample(RelationName relation, List<String> columns, List<List<String>> rows) {
    public Sample {
      Objects.requireNonNull(relation, "relation");
      columns = List.copyOf(columns);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }
}
