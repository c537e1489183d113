package dev.ferry.source;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What role detection knows about a source: every relation with its columns as the catalog
 * describes them, optionally a profile of each column's values, and which reference columns were
 * found to hold only values of another table's key ("inclusion").
 *
 * <p>Contract: immutable, detached from any connection, and built either by {@link
 * SourceFactsReader} from a database or by hand (the detection's unit tests describe databases as
 * tables of these facts). Nothing in it is interpreted: {@link RoleDetector} weighs it.
 *
 * @param relations every relation that may play a role, in any schema
 * @param inclusions the inclusion checks made, each with how many values were checked and found
 */
public record SourceFacts(List<RelationFacts> relations, List<Inclusion> inclusions) {

  public SourceFacts {
    relations = List.copyOf(relations);
    inclusions = List.copyOf(inclusions);
  }

  /** The relations of {@code schema}, in the order given. */
  public List<RelationFacts> relations(String schema) {
    return relations.stream().filter(r -> r.schema().equals(schema)).toList();
  }

  /** The schemas that hold at least one relation, in the order first met. */
  public List<String> schemas() {
    List<String> schemas = new ArrayList<>();
    for (RelationFacts r : relations) {
      if (!schemas.contains(r.schema())) {
        schemas.add(r.schema());
      }
    }
    return schemas;
  }

  /** The relation {@code name} of {@code schema}, if known. */
  public Optional<RelationFacts> relation(String schema, String name) {
    return relations.stream()
        .filter(r -> r.schema().equals(schema) && r.name().equals(name))
        .findFirst();
  }

  /** The inclusion check of {@code from} in {@code to}, if one was made. */
  public Optional<Inclusion> inclusion(ColumnRef from, ColumnRef to) {
    return inclusions.stream().filter(i -> i.from().equals(from) && i.to().equals(to)).findFirst();
  }

  /** A copy with {@code more} inclusion checks and the relations replaced by {@code profiled}. */
  public SourceFacts with(List<RelationFacts> profiled, List<Inclusion> more) {
    List<RelationFacts> merged = new ArrayList<>();
    for (RelationFacts r : relations) {
      merged.add(
          profiled.stream()
              .filter(p -> p.schema().equals(r.schema()) && p.name().equals(r.name()))
              .findFirst()
              .orElse(r));
    }
    List<Inclusion> all = new ArrayList<>(inclusions);
    all.addAll(more);
    return new SourceFacts(merged, all);
  }

  /**
   * One table, view, materialized view, partitioned or foreign table.
   *
   * @param schema its schema, exact case
   * @param name its name, exact case
   * @param rowEstimate the planner's estimate, if known
   * @param columns its columns in declaration order
   */
  public record RelationFacts(
      String schema, String name, OptionalLong rowEstimate, List<ColumnFacts> columns) {
    public RelationFacts {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(rowEstimate, "rowEstimate");
      columns = List.copyOf(columns);
    }

    /** The column {@code name} (exact case), if any. */
    public Optional<ColumnFacts> column(String columnName) {
      return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** {@code schema.name}. */
    public String qualifiedName() {
      return schema + "." + name;
    }

    /** Whether any column's values were profiled. */
    public boolean profiled() {
      return columns.stream().anyMatch(c -> c.values().isPresent());
    }
  }

  /**
   * One column.
   *
   * @param name the column name, exact case
   * @param type the type as {@code format_type} renders it (a domain's base type)
   * @param baseType the base type's internal name, e.g. {@code int8}, {@code timestamptz}
   * @param enumType whether the type is an enum (its labels are text)
   * @param primaryKey whether it alone is the relation's primary key
   * @param unique whether a unique index or constraint covers it alone
   * @param references the columns its declared single-column foreign keys point at
   * @param readable whether the user may {@code SELECT} it
   * @param values a profile of its values, when they were read
   */
  public record ColumnFacts(
      String name,
      String type,
      String baseType,
      boolean enumType,
      boolean primaryKey,
      boolean unique,
      List<ColumnRef> references,
      boolean readable,
      Optional<ValueFacts> values) {
    public ColumnFacts {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(baseType, "baseType");
      references = List.copyOf(references);
      Objects.requireNonNull(values, "values");
    }

    /** The column as a resolved {@link SourceSchema.Column}. */
    public SourceSchema.Column column() {
      return new SourceSchema.Column(name, type, baseType);
    }

    /** A copy with a profile of its values. */
    public ColumnFacts withValues(ValueFacts profile) {
      return new ColumnFacts(
          name,
          type,
          baseType,
          enumType,
          primaryKey,
          unique,
          references,
          readable,
          Optional.of(profile));
    }
  }

  /**
   * A profile of one column's values, over all rows or a sample.
   *
   * @param rows rows looked at
   * @param nulls of those, NULL
   * @param distinct distinct non-null values (compared as text)
   * @param min the smallest value, for number types
   * @param max the largest value, for number types
   * @param top the most frequent values as text, most frequent first (a bounded number)
   */
  public record ValueFacts(
      long rows,
      long nulls,
      long distinct,
      Optional<BigDecimal> min,
      Optional<BigDecimal> max,
      List<ValueCount> top) {
    public ValueFacts {
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      top = List.copyOf(top);
    }

    /** Non-null values looked at. */
    public long present() {
      return rows - nulls;
    }
  }

  /**
   * A value and how often it occurs.
   *
   * @param value the value as PostgreSQL renders it as text
   * @param count its occurrences
   */
  public record ValueCount(String value, long count) {
    public ValueCount {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A column of a relation.
   *
   * @param schema the schema
   * @param table the relation
   * @param column the column
   */
  public record ColumnRef(String schema, String table, String column) {
    public ColumnRef {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(column, "column");
    }

    @Override
    public String toString() {
      return table + "." + column;
    }
  }

  /**
   * Whether the values of one column exist among the values of another (an undeclared foreign key).
   *
   * @param from the referencing column
   * @param to the referenced (key) column
   * @param checked distinct non-null values of {@code from} checked (a sample when large)
   * @param found of those, how many exist in {@code to}
   */
  public record Inclusion(ColumnRef from, ColumnRef to, long checked, long found) {
    public Inclusion {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (found > checked || found < 0) {
        throw new IllegalArgumentException("found must be between 0 and checked");
      }
    }

    /** The share of checked values found (0 when none were checked). */
    public double share() {
      return checked == 0 ? 0 : (double) found / checked;
    }
  }
}
