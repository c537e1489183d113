package dev.ferry.ui.analysis;

import dev.ferry.app.JobDraft;
import dev.ferry.app.JobFile;
import dev.ferry.app.JobFileException;
import dev.ferry.ui.analysis.MappingEditorViewModel.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.value.ObservableStringValue;

/**
 * The mapping editor's parts read together as one job file: what is still open, the job-file
 * document they make, and the part of the form a job file's complaint is about.
 *
 * <p>Contract: values are taken as typed and judged by {@link JobFile} ({@link JobDraft}), so the
 * editor and the CLI give the same message for the same file; nothing here holds state of its own.
 */
final class EditedJob {
  private final RolesViewModel roles;
  private final RulesViewModel rules;
  private final OverridesViewModel overrides;
  private final EndpointsViewModel endpoints;

  EditedJob(
      RolesViewModel roles,
      RulesViewModel rules,
      OverridesViewModel overrides,
      EndpointsViewModel endpoints) {
    this.roles = Objects.requireNonNull(roles, "roles");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.overrides = Objects.requireNonNull(overrides, "overrides");
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
  }

  /**
   * What the analyst must still choose or map, in words (with the resolver's own words while
   * something is open); "" when nothing is.
   */
  String openChoices() {
    List<String> asked = new ArrayList<>(roles.asked());
    asked.addAll(rules.open());
    List<String> missing = roles.missing();
    StringBuilder flags = new StringBuilder();
    if (!asked.isEmpty()) {
      flags
          .append("Ferry cannot decide these; choose them: ")
          .append(String.join(", ", asked))
          .append(". ");
    }
    if (!missing.isEmpty()) {
      flags.append("Not mapped: ").append(String.join(", ", missing)).append(". ");
    }
    // The resolver's words explain what is still open; once the analyst has settled it, they go.
    if (!roles.problems().isEmpty() && flags.length() > 0) {
      flags.append("Ferry's resolver said: ").append(String.join(" ", roles.problems()));
    }
    return flags.toString().strip();
  }

  /**
   * The job file the parts describe.
   *
   * @param draft whether a choice still open is kept as its placeholder (else it is an error)
   * @throws JobFileException with JobFile's message, without a line number
   */
  JobFile parse(boolean draft) {
    Map<String, Object> document = document();
    return draft ? JobDraft.parseDraft(document) : JobDraft.parse(document);
  }

  /** The part of the form a job-file problem is about, from the key it names. */
  static Section section(JobFileException problem) {
    String key = problem.key().orElse("");
    if (key.startsWith("source.roles")) {
      return Section.ROLES;
    }
    if (key.startsWith("mapping.promotion_overrides")) {
      return Section.OVERRIDES;
    }
    if (key.startsWith("mapping") || key.equals("source.zone")) {
      return Section.MAPPING;
    }
    if (key.startsWith("target")) {
      return Section.TARGET;
    }
    if (key.startsWith("rejects")) {
      return Section.REJECTS;
    }
    return Section.SOURCE;
  }

  /** The parts' values as a job-file document (values as typed; JobFile judges them). */
  private Map<String, Object> document() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", JobFile.VERSION);
    Map<String, Object> src = new LinkedHashMap<>();
    endpoints.putSource(src);
    src.put("schema", text(roles.schemaProperty()));
    src.put("zone", text(rules.zoneProperty()));
    Map<String, Object> roleMap = roles.jobFileRoles();
    if (!roleMap.isEmpty()) {
      src.put("roles", roleMap);
    }
    root.put("source", src);

    Map<String, Object> map = new LinkedHashMap<>();
    rules.putInto(map);
    Map<String, Object> clients = overrides.jobFileOverrides();
    if (!clients.isEmpty()) {
      map.put("promotion_overrides", clients);
    }
    root.put("mapping", map);

    Map<String, Object> tgt = new LinkedHashMap<>();
    endpoints.putTarget(tgt);
    root.put("target", tgt);

    Map<String, Object> rej = new LinkedHashMap<>();
    endpoints.putRejects(rej);
    root.put("rejects", rej);

    Map<String, Object> bounds = new LinkedHashMap<>();
    endpoints.putTimeouts(bounds);
    root.put("timeouts", bounds);
    return root;
  }

  /** Puts {@code value}, stripped, unless it is blank. */
  static void putIfSet(Map<String, Object> map, String key, String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value.strip());
    }
  }

  /** The text as typed, stripped ("" for none). */
  static String text(ObservableStringValue property) {
    return property.get() == null ? "" : property.get().strip();
  }
}
