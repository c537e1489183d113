package dev.ferry.ui.analysis;

import dev.ferry.analysis.SourceAnalysis.RoleCandidate;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One role (a table) or field (a column of a role's table) of the mapping editor: what Ferry found,
 * how, and what the analyst picked.
 *
 * <p>Contract: {@link #choices()} are the catalog's relations of the chosen schema (for a table) or
 * the columns of the relation chosen for the field's table (for a field); {@link #value()} is ""
 * when nothing is picked. {@link #state()} says where the row stands as data; {@link #status()} is
 * the same in words.
 */
public final class RoleRow {
  /** Where a row stands. */
  public enum State {
    /** The pick is what Ferry found. */
    FOUND,
    /**
     * The editor picked it by name, as the resolver would: Ferry's analysis found nothing for it,
     * or the analyst chose another table or schema and the column was matched in it. Not the
     * analyst's own change.
     */
    MATCHED,
    /** The analyst picked something else than Ferry found (or the editor matched). */
    CHANGED,
    /** Nothing picked for an optional field: it is read as absent. */
    ABSENT,
    /** Ferry could not decide: the analyst must pick (from the candidates listed first). */
    CHOOSE,
    /** Nothing picked for a required role or field. */
    NOT_MAPPED;

    /** Whether the row holds Ferry back (nothing picked where something must be). */
    public boolean open() {
      return this == CHOOSE || this == NOT_MAPPED;
    }
  }

  private final Table table;
  private final Optional<Field> field;
  private final String detected;
  private final String detectedType;
  private final StringProperty type = new SimpleStringProperty(this, "type", "");
  private final String evidence;
  private final List<RoleCandidate> candidates;
  private final boolean needsChoice;
  private final StringProperty value = new SimpleStringProperty(this, "value", "");
  private final ObservableList<String> choices = FXCollections.observableArrayList();
  private final ObjectBinding<State> state;
  private final StringBinding status;

  /**
   * What the editor itself picked last (by name, after a table or schema change): the baseline
   * against which the analyst's own change is told apart. Starts at what Ferry found.
   */
  private String matched;

  RoleRow(
      Table table,
      Optional<Field> field,
      String detected,
      String type,
      String evidence,
      List<RoleCandidate> candidates,
      boolean needsChoice) {
    this.table = Objects.requireNonNull(table, "table");
    this.field = Objects.requireNonNull(field, "field");
    this.detected = Objects.requireNonNull(detected, "detected");
    this.detectedType = Objects.requireNonNull(type, "type");
    this.type.set(detectedType);
    this.evidence = Objects.requireNonNull(evidence, "evidence");
    this.candidates = List.copyOf(candidates);
    this.needsChoice = needsChoice;
    this.matched = detected;
    this.value.set(detected);
    this.state = Bindings.createObjectBinding(this::judge, value);
    this.status = Bindings.createStringBinding(this::describe, state);
  }

  private String picked() {
    return value.get() == null ? "" : value.get();
  }

  private State judge() {
    String picked = picked();
    if (picked.isEmpty()) {
      if (field.isPresent() && !field.get().required()) {
        return State.ABSENT;
      }
      return needsChoice ? State.CHOOSE : State.NOT_MAPPED;
    }
    if (picked.equals(detected)) {
      return State.FOUND;
    }
    return picked.equals(matched) ? State.MATCHED : State.CHANGED;
  }

  /**
   * Picks {@code name} on the editor's behalf (matched by name, as the resolver would): the row
   * then reads as matched, not as changed by the analyst.
   */
  void match(String name) {
    matched = name == null ? "" : name;
    value.set(matched);
    state.invalidate();
  }

  /** Shows {@code columnType} as the type of the picked column ("" for none or a table). */
  void showType(String columnType) {
    type.set(columnType == null ? "" : columnType);
  }

  private String describe() {
    return switch (state.get()) {
      case ABSENT -> "absent (optional)";
      case CHOOSE ->
          "CHOOSE: "
              + (candidates.isEmpty()
                  ? "Ferry found no candidate; pick one"
                  : "Ferry is not sure; candidates are listed first");
      case NOT_MAPPED ->
          detected.isEmpty() ? "NOT MAPPED: pick one" : "NOT MAPPED (Ferry found " + detected + ")";
      // "mapped" is the analysis' word for a role the session's settings name (the mapping was
      // applied): say so, rather than "found by mapped".
      case FOUND ->
          "mapped".equals(evidence) ? "as applied (your mapping)" : "found by " + evidence;
      case MATCHED ->
          "matched by name"
              + (detected.isEmpty()
                  ? " (the analysis named none)"
                  : " in the table you chose (Ferry found " + detected + ")");
      case CHANGED -> {
        String picked = picked();
        Optional<RoleCandidate> candidate =
            candidates.stream().filter(c -> c.name().equals(picked)).findFirst();
        yield "changed by you"
            + (detected.isEmpty()
                ? candidate.map(c -> " (a candidate: " + c.percent() + ")").orElse("")
                : " (Ferry found " + detected + ")");
      }
    };
  }

  /** The ranked candidates with their confidence, e.g. {@code 95 %; runners-up: x 3 %}. */
  public String candidatesText() {
    List<String> others =
        candidates.stream()
            .filter(c -> !c.name().equals(detected))
            .filter(c -> needsChoice || c.confidence() >= 0.05)
            .limit(4)
            .map(c -> c.name() + " " + c.percent())
            .toList();
    Optional<RoleCandidate> chosen =
        candidates.stream().filter(c -> c.name().equals(detected)).findFirst();
    String head = chosen.map(RoleCandidate::percent).orElse(needsChoice ? "choose" : "");
    if (others.isEmpty()) {
      return head;
    }
    return (head.isEmpty() ? "" : head + "; ")
        + (needsChoice ? "" : "runners-up: ")
        + String.join(", ", others);
  }

  /** The ranked candidates (best first) with their evidence. */
  public List<RoleCandidate> candidates() {
    return candidates;
  }

  /** Whether Ferry could not decide and the analyst must pick. */
  public boolean needsChoice() {
    return needsChoice;
  }

  /** The role key, e.g. {@code orders} or {@code orders.date_of_order}. */
  public String key() {
    return field.map(Field::qualifiedKey).orElse(table.defaultName());
  }

  /**
   * The key a row shows: a field's own key (its column's key in the job file), else the table's.
   */
  public String shortKey() {
    return field.map(Field::key).orElse(table.defaultName());
  }

  /** Whether this row is a table (else a column). */
  public boolean isTable() {
    return field.isEmpty();
  }

  /** The table role. */
  public Table table() {
    return table;
  }

  /** The field; empty for a table row. */
  public Optional<Field> field() {
    return field;
  }

  /** Whether Ferry cannot read the source without it. */
  public boolean required() {
    return field.map(Field::required).orElse(true);
  }

  /** What Ferry resolved, or "". */
  public String detected() {
    return detected;
  }

  /** The type of the column Ferry found, or "". */
  String detectedType() {
    return detectedType;
  }

  /** The picked column's type ("" for a table or when nothing is picked). */
  public StringProperty type() {
    return type;
  }

  /** How Ferry found it ({@code name}, {@code synonym x}, {@code foreign key to t}, ...). */
  public String evidence() {
    return evidence;
  }

  /** The analyst's pick ("" for none). */
  public StringProperty value() {
    return value;
  }

  /** What may be picked. */
  public ObservableList<String> choices() {
    return choices;
  }

  /** Where the row stands. */
  public ObjectBinding<State> state() {
    return state;
  }

  /** "found by …", "changed by you …", "CHOOSE: …" or "NOT MAPPED …". */
  public StringBinding status() {
    return status;
  }

  /** Whether this row flags a problem (a required role with nothing picked). */
  public boolean unmapped() {
    return required() && picked().isEmpty();
  }
}
