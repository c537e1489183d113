package dev.ferry.source;

import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link RoleDetector} concluded: per role (a table) and per field (a column), the ranked
 * candidates with their evidence and confidence, and the one chosen when the evidence is strong
 * enough.
 *
 * <p>Contract: a role or field is {@link Ranking#chosen() chosen} only when it was mapped or when
 * its best candidate's confidence reaches {@link RoleDetector#CONFIDENT} with evidence of its own;
 * otherwise it is unresolved and its candidates are what an analyst picks from. Candidates are
 * ranked best first; confidences are shares (0 to 1) of the evidence among the candidates. A field
 * of an unresolved table is ranked on that table's best candidate, so the analyst sees what picking
 * it would mean.
 *
 * @param schema the schema holding the chosen (or best) candidates
 * @param schemaEvidence why that schema: {@code configured}, or {@code detected (...)}
 * @param tables the ranking of every table role
 * @param fields the ranking of every field
 */
public record RoleDetection(
    String schema, String schemaEvidence, Map<Table, Ranking> tables, Map<Field, Ranking> fields) {

  public RoleDetection {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(schemaEvidence, "schemaEvidence");
    EnumMap<Table, Ranking> tableCopy = new EnumMap<>(Table.class);
    tableCopy.putAll(tables);
    EnumMap<Field, Ranking> fieldCopy = new EnumMap<>(Field.class);
    fieldCopy.putAll(fields);
    for (Table table : Table.values()) {
      if (!tableCopy.containsKey(table)) {
        throw new IllegalArgumentException("no ranking for " + table);
      }
    }
    for (Field field : Field.values()) {
      if (!fieldCopy.containsKey(field)) {
        throw new IllegalArgumentException("no ranking for " + field);
      }
    }
    tables = Collections.unmodifiableMap(tableCopy);
    fields = Collections.unmodifiableMap(fieldCopy);
  }

  /**
   * One candidate for a role.
   *
   * @param name the relation or column name, exact case
   * @param type the column's type ("" for a relation)
   * @param confidence its share of the evidence, 0 to 1
   * @param evidence the signals that speak for (or against) it, in words
   */
  public record Candidate(String name, String type, double confidence, List<String> evidence) {
    public Candidate {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      evidence = List.copyOf(evidence);
    }

    /** The confidence as a whole percentage, e.g. {@code 87 %}. */
    public String percent() {
      return Math.round(confidence * 100) + " %";
    }

    /** E.g. {@code order_lines (87 %: name "order_lines" reads as order items; ...)}. */
    public String describe() {
      return name
          + " ("
          + percent()
          + (evidence.isEmpty() ? ": no evidence" : ": " + String.join("; ", evidence))
          + ")";
    }
  }

  /**
   * The ranking of one role or field.
   *
   * @param key the role's key, e.g. {@code order_items} or {@code orders.date_of_order}
   * @param candidates best first
   * @param chosen the name chosen, when mapped or confident
   * @param mapped whether a mapping named it (then it is the only candidate)
   * @param required whether Ferry cannot read the source without it
   * @param note why nothing was chosen, or a caveat (e.g. a column of the wrong type), or ""
   */
  public record Ranking(
      String key,
      List<Candidate> candidates,
      Optional<String> chosen,
      boolean mapped,
      boolean required,
      String note) {
    public Ranking {
      Objects.requireNonNull(key, "key");
      candidates = List.copyOf(candidates);
      Objects.requireNonNull(chosen, "chosen");
      Objects.requireNonNull(note, "note");
    }

    /** The chosen candidate, when one is chosen. */
    public Optional<Candidate> chosenCandidate() {
      return chosen.flatMap(n -> candidates.stream().filter(c -> c.name().equals(n)).findFirst());
    }

    /** The candidates other than the chosen one, best first. */
    public List<Candidate> runnersUp() {
      return candidates.stream().filter(c -> chosen.filter(c.name()::equals).isEmpty()).toList();
    }

    /** Whether the role needs the analyst: required and nothing chosen. */
    public boolean unresolved() {
      return required && chosen.isEmpty();
    }

    /** The chosen candidate's confidence (1 when mapped, 0 when nothing is chosen). */
    public double confidence() {
      if (mapped) {
        return 1;
      }
      return chosenCandidate().map(Candidate::confidence).orElse(0.0);
    }

    /** How it was found, in one line: {@code mapped}, or the chosen candidate's evidence. */
    public String evidence() {
      if (mapped) {
        return "mapped";
      }
      return chosenCandidate()
          .map(c -> String.join("; ", c.evidence()) + " (" + c.percent() + ")")
          .orElse(note);
    }
  }

  /** Whether every table and every required field is chosen. */
  public boolean complete() {
    return unresolved().isEmpty();
  }

  /** The keys of the roles and required fields that need the analyst, tables first. */
  public List<String> unresolved() {
    List<String> keys = new ArrayList<>();
    tables.values().stream().filter(Ranking::unresolved).forEach(r -> keys.add(r.key()));
    fields.values().stream().filter(Ranking::unresolved).forEach(r -> keys.add(r.key()));
    return keys;
  }

  /** The chosen tables and columns as a mapping (for a job file); unresolved roles are left out. */
  public RoleMapping chosenMapping() {
    Map<Table, String> tableNames = new EnumMap<>(Table.class);
    tables.forEach((t, r) -> r.chosen().ifPresent(n -> tableNames.put(t, n)));
    Map<Field, String> columns = new EnumMap<>(Field.class);
    fields.forEach(
        (f, r) -> {
          if (tableNames.containsKey(f.table())) {
            r.chosen().ifPresent(n -> columns.put(f, n));
          }
        });
    return new RoleMapping(tableNames, columns);
  }

  /** A summary for logs, e.g. {@code schema sales: orders=orders (95 %), ... unresolved: x}. */
  public String summary() {
    List<String> parts = new ArrayList<>();
    tables.forEach(
        (t, r) ->
            parts.add(
                t.defaultName()
                    + "="
                    + r.chosen().orElse("?")
                    + String.format(Locale.ROOT, " (%.0f %%)", r.confidence() * 100)));
    return "schema "
        + schema
        + ": "
        + String.join(", ", parts)
        + (complete() ? "" : "; unresolved: " + String.join(", ", unresolved()));
  }
}
