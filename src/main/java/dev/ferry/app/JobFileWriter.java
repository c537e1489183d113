package dev.ferry.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ferry.core.WeekdayNumbering;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes a {@link JobFile} as YAML (with a header, the evidence comments above their keys and the
 * placeholders still to be chosen) or as JSON. Every setting is written explicitly, so that reading
 * what was written gives an equal {@link JobFile}.
 */
final class JobFileWriter {
  private JobFileWriter() {}

  /**
   * The job as YAML with comments: each list of {@code comments} goes above the key it is filed
   * under (a dotted key such as {@code source.roles.orders.table}, or {@code ""} for the header).
   */
  static String yaml(JobFile job, Map<String, List<String>> comments) {
    YAMLMapper yaml =
        YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();
    String body;
    try {
      body = yaml.writeValueAsString(tree(job));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML", e);
    }
    StringBuilder out = new StringBuilder();
    out.append(
            "# Ferry job file (see README, \"Job files\"). It never holds a password: the source\n")
        .append("# password comes from source.password_env or PGPASSWORD.\n");
    for (String line : comments.getOrDefault("", List.of())) {
      out.append(comment("", line));
    }
    if (!job.placeholders().isEmpty()) {
      out.append(
          comment(
              "",
              job.placeholders().size()
                  + (job.placeholders().size() == 1 ? " setting needs" : " settings need")
                  + " your choice: search for \""
                  + JobFile.Placeholder.MARK
                  + "\". migrate, preview and verify refuse this file until each is set."));
    }
    List<String> path = new ArrayList<>();
    for (String line : body.split("\n", -1)) {
      java.util.regex.Matcher m = YAML_KEY.matcher(line);
      if (m.matches()) {
        int depth = m.group(1).length() / 2;
        while (path.size() > depth) {
          path.remove(path.size() - 1);
        }
        String key = m.group(2);
        if (key.length() >= 2 && (key.startsWith("\"") || key.startsWith("'"))) {
          key = key.substring(1, key.length() - 1);
        }
        path.add(key);
        for (String text : comments.getOrDefault(String.join(".", path), List.of())) {
          out.append(comment(m.group(1), text));
        }
      }
      out.append(line).append('\n');
    }
    return out.toString().stripTrailing() + "\n";
  }

  private static final Pattern YAML_KEY =
      Pattern.compile("^( *)(\"[^\"]*\"|'[^']*'|[^\\s:#\"'][^:#]*?):( .*)?$");

  /** A comment line (or lines) at {@code indent}, never breaking the YAML. */
  private static String comment(String indent, String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n")) {
      out.append(indent).append("# ").append(line.replace("\r", "")).append('\n');
    }
    return out.toString();
  }

  /** The job as pretty-printed JSON, every setting explicit. */
  static String json(JobFile job) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try {
      return json.writeValueAsString(tree(job)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static Optional<String> placeholderText(JobFile job, String key) {
    return job.placeholders().stream()
        .filter(p -> p.key().equals(key))
        .findFirst()
        .map(JobFile.Placeholder::text);
  }

  private static Map<String, Object> tree(JobFile job) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", JobFile.VERSION);

    Map<String, Object> src = new LinkedHashMap<>();
    job.source().url().ifPresent(u -> src.put("url", u));
    job.source().user().ifPresent(u -> src.put("user", u));
    job.source().passwordEnv().ifPresent(p -> src.put("password_env", p));
    src.put("schema", job.source().schema());
    src.put("zone", job.mapping().sourceZone().getId());
    Map<String, Object> roles = new LinkedHashMap<>();
    for (Table table : Table.values()) {
      Map<String, Object> role = new LinkedHashMap<>();
      job.source().roles().table(table).ifPresent(t -> role.put("table", t));
      placeholderText(job, JobFile.key(table)).ifPresent(t -> role.put("table", t));
      Map<String, Object> columns = new LinkedHashMap<>();
      for (Field field : Field.values()) {
        if (field.table() == table) {
          job.source().roles().column(field).ifPresent(c -> columns.put(field.key(), c));
          placeholderText(job, JobFile.key(field)).ifPresent(c -> columns.put(field.key(), c));
        }
      }
      if (!columns.isEmpty()) {
        role.put("columns", columns);
      }
      if (!role.isEmpty()) {
        roles.put(table.defaultName(), role);
      }
    }
    if (!roles.isEmpty()) {
      src.put("roles", roles);
    }
    root.put("source", src);

    Map<String, Object> map = new LinkedHashMap<>();
    map.put("money_scale", job.mapping().moneyScale());
    map.put("rounding", job.mapping().rounding().name());
    map.put(
        "tax_rate",
        placeholderText(job, "mapping.tax_rate").orElse(job.mapping().taxRate().label()));
    if (job.mapping().weekdayNumbers() != WeekdayNumbering.NONE
        || job.placeholder("mapping.weekday_numbers")) {
      map.put(
          "weekday_numbers",
          placeholderText(job, "mapping.weekday_numbers")
              .orElse(job.mapping().weekdayNumbers().label()));
    }
    if (!job.mapping().promotionOverrides().isEmpty()) {
      Map<String, Object> overrides = new LinkedHashMap<>();
      job.mapping()
          .promotionOverrides()
          .forEach(
              (client, o) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                o.value().ifPresent(v -> entry.put("value", v));
                o.zone().ifPresent(z -> entry.put("zone", z.getId()));
                overrides.put(client, entry);
              });
      map.put("promotion_overrides", overrides);
    }
    root.put("mapping", map);

    Map<String, Object> tgt = new LinkedHashMap<>();
    job.target().uri().ifPresent(u -> tgt.put("uri", u));
    job.target().uriEnv().ifPresent(u -> tgt.put("uri_env", u));
    job.target().database().ifPresent(d -> tgt.put("database", d));
    tgt.put("collection", job.target().collection());
    tgt.put("batch_size", job.target().batchSize());
    root.put("target", tgt);

    Map<String, Object> rej = new LinkedHashMap<>();
    rej.put("policy", job.rejects().mode().label());
    job.rejects().max().ifPresent(m -> rej.put("max", m));
    root.put("rejects", rej);

    Map<String, Object> bounds = new LinkedHashMap<>();
    bounds.put("connect", Timeouts.format(job.timeouts().connect()));
    bounds.put("read", Timeouts.format(job.timeouts().read()));
    bounds.put("server_selection", Timeouts.format(job.timeouts().serverSelection()));
    bounds.put("query", Timeouts.format(job.timeouts().query()));
    root.put("timeouts", bounds);
    return root;
  }
}
