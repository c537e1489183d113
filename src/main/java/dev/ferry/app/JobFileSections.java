package dev.ferry.app;

import dev.ferry.app.JobFile.Placeholder;
import dev.ferry.app.JobFile.Source;
import dev.ferry.app.JobFile.Target;
import dev.ferry.app.JobFileDocument.Document;
import dev.ferry.app.JobFileDocument.Located;
import dev.ferry.app.JobFileDocument.MappingSection;
import dev.ferry.app.JobFileDocument.OverrideSection;
import dev.ferry.app.JobFileDocument.RejectsSection;
import dev.ferry.app.JobFileDocument.RoleSection;
import dev.ferry.app.JobFileDocument.Scalar;
import dev.ferry.app.JobFileDocument.SourceSection;
import dev.ferry.app.JobFileDocument.TargetSection;
import dev.ferry.app.JobFileDocument.TimeoutsSection;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.PromotionDay;
import dev.ferry.core.PromotionOverride;
import dev.ferry.core.TaxRateFormat;
import dev.ferry.core.WeekdayNumbering;
import dev.ferry.source.RoleMapping;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a {@link Document} into a {@link JobFile}, section by section, applying every rule: values
 * of the right kind, roles and columns Ferry knows, no password, settings that do not contradict
 * each other. Each violation is a {@link JobFileException} naming the file, the line and the key;
 * the records' own checks ({@link Source}, {@link MappingSettings}, ...) are reported on the line
 * of the key that contradicts.
 *
 * <p>Placeholders ({@code "<choose one of a, b>"}) are collected with their lines in {@link
 * #found()} and the settings they stand for left out; whether that is allowed is the caller's
 * decision.
 */
final class JobFileSections {

  /** A placeholder and the line it was found on. */
  record Found(Placeholder placeholder, int line) {}

  private final String name;
  private final List<Found> found = new ArrayList<>();

  /**
   * @param name the file name used in messages
   */
  JobFileSections(String name) {
    this.name = name;
  }

  /** The placeholders found so far, in file order. */
  List<Found> found() {
    return List.copyOf(found);
  }

  /**
   * Checks the version.
   *
   * @param rootLine the line the document starts on (where a missing version is reported)
   */
  void version(Optional<Scalar> version, int rootLine) {
    Scalar v =
        version.orElseThrow(
            () ->
                JobFileException.at(
                    name, rootLine, Optional.of("version"), "missing \"version: 1\""));
    String text = scalar(v);
    if (!text.equals(Integer.toString(JobFile.VERSION))) {
      throw error(v, "version " + text + " is not supported; this Ferry reads version 1");
    }
  }

  /** The job the document describes; a section left out takes its defaults. */
  JobFile job(Document document) {
    JobFile defaults = JobFile.defaults();
    Source source =
        document.source().map(s -> source(s, defaults.source())).orElse(defaults.source());
    ZoneId zone =
        document.source().flatMap(s -> s.value().zone()).map(this::zone).orElse(ZoneId.of("UTC"));
    MappingSettings mapping =
        document.mapping().map(m -> mapping(m, zone)).orElse(new MappingSettings(zone));
    Target target =
        document.target().map(t -> target(t, defaults.target())).orElse(defaults.target());
    RejectPolicy rejects = document.rejects().map(this::rejects).orElse(RejectPolicy.COLLECT);
    Timeouts timeouts = document.timeouts().map(this::timeouts).orElse(Timeouts.DEFAULTS);
    return new JobFile(
        source,
        mapping,
        target,
        rejects,
        timeouts,
        found.stream().map(Found::placeholder).toList());
  }

  private Source source(Located<SourceSection> section, Source defaults) {
    SourceSection s = section.value();
    if (s.password().isPresent()) {
      throw error(
          s.password().get(),
          "source.password is not allowed: a job file never holds a password; use"
              + " source.password_env (the name of an environment variable) or PGPASSWORD");
    }
    RoleMapping roles = s.roles().map(this::roles).orElse(RoleMapping.DETECT);
    return build(
        section,
        () ->
            new Source(
                text(s.url()),
                text(s.user()),
                text(s.passwordEnv()),
                text(s.schema()).orElse(defaults.schema()),
                roles),
        List.of(s.url(), s.schema()));
  }

  private RoleMapping roles(Located<Map<String, Located<RoleSection>>> section) {
    Map<Table, String> tables = new EnumMap<>(Table.class);
    Map<Field, String> columns = new EnumMap<>(Field.class);
    List<String> tableKeys = Arrays.stream(Table.values()).map(Table::defaultName).toList();
    section
        .value()
        .forEach(
            (roleKey, role) -> {
              Table table =
                  Table.byKey(roleKey)
                      .orElseThrow(() -> unknown(role.key(), role.line(), tableKeys));
              role.value()
                  .table()
                  .filter(t -> !placeholder(t, JobFile.key(table)))
                  .ifPresent(t -> tables.put(table, scalar(t)));
              role.value().columns().ifPresent(c -> columns(table, c, columns));
            });
    return build(section, () -> new RoleMapping(tables, columns), List.of());
  }

  private void columns(
      Table table, Located<Map<String, Scalar>> section, Map<Field, String> columns) {
    List<String> fieldKeys =
        Arrays.stream(Field.values()).filter(f -> f.table() == table).map(Field::key).toList();
    section
        .value()
        .forEach(
            (columnKey, column) -> {
              Field field =
                  Field.byKey(table, columnKey)
                      .orElseThrow(() -> unknown(column.key(), column.line(), fieldKeys));
              if (!placeholder(column, JobFile.key(field))) {
                columns.put(field, scalar(column));
              }
            });
  }

  private MappingSettings mapping(Located<MappingSection> section, ZoneId zone) {
    MappingSection m = section.value();
    int scale = m.moneyScale().map(this::integer).orElse(MappingSettings.DEFAULT_MONEY_SCALE);
    RoundingMode rounding =
        m.rounding().map(this::rounding).orElse(MappingSettings.DEFAULT_ROUNDING);
    TaxRateFormat tax =
        m.taxRate()
            .filter(t -> !placeholder(t, "mapping.tax_rate"))
            .map(t -> parse(t, TaxRateFormat::parse))
            .orElse(TaxRateFormat.FRACTION);
    WeekdayNumbering numbers =
        m.weekdayNumbers()
            .filter(n -> !placeholder(n, "mapping.weekday_numbers"))
            .map(n -> parse(n, WeekdayNumbering::parse))
            .orElse(WeekdayNumbering.NONE);
    Map<String, PromotionOverride> overrides = new TreeMap<>();
    m.promotionOverrides()
        .ifPresent(
            clients ->
                clients
                    .value()
                    .forEach((client, o) -> overrides.put(client, override(o, numbers))));
    return build(
        section,
        () -> new MappingSettings(zone, scale, rounding, tax, overrides, numbers),
        List.of(m.rounding(), m.moneyScale()));
  }

  private PromotionOverride override(Located<OverrideSection> entry, WeekdayNumbering numbers) {
    OverrideSection o = entry.value();
    Optional<String> value = text(o.value());
    if (value.isPresent()
        && PromotionDay.parse(value, numbers) instanceof PromotionDay.NotUnderstood) {
      throw error(
          o.value().get(),
          entry.key()
              + ".value \""
              + value.get()
              + "\" is neither a weekday (English, Spanish, Portuguese"
              + (numbers == WeekdayNumbering.NONE ? "" : ", or a number: " + numbers.meaning())
              + ") nor a date YYYY-MM-DD");
    }
    Optional<ZoneId> zone = o.zone().map(this::zone);
    return build(entry, () -> new PromotionOverride(value, zone), List.of());
  }

  private Target target(Located<TargetSection> section, Target defaults) {
    TargetSection t = section.value();
    int batch = t.batchSize().map(this::integer).orElse(defaults.batchSize());
    return build(
        section,
        () ->
            new Target(
                text(t.uri()),
                text(t.uriEnv()),
                text(t.database()),
                text(t.collection()).orElse(defaults.collection()),
                batch),
        List.of(t.uriEnv(), t.uri(), t.batchSize()));
  }

  private RejectPolicy rejects(Located<RejectsSection> section) {
    RejectsSection r = section.value();
    RejectPolicy.Mode mode =
        r.policy()
            .map(
                p ->
                    switch (scalar(p).toLowerCase(Locale.ROOT)) {
                      case "collect" -> RejectPolicy.Mode.COLLECT;
                      case "fail" -> RejectPolicy.Mode.FAIL;
                      default ->
                          throw error(
                              p,
                              "rejects.policy \""
                                  + scalar(p)
                                  + "\" is not a policy; use collect or fail");
                    })
            .orElse(RejectPolicy.Mode.COLLECT);
    OptionalLong max = r.max().map(m -> OptionalLong.of(integer(m))).orElse(OptionalLong.empty());
    return build(section, () -> new RejectPolicy(mode, max), List.of(r.max()));
  }

  private Timeouts timeouts(Located<TimeoutsSection> section) {
    TimeoutsSection t = section.value();
    Timeouts d = Timeouts.DEFAULTS;
    Duration connect = t.connect().map(this::duration).orElse(d.connect());
    Duration read = t.read().map(this::duration).orElse(d.read());
    Duration selection = t.serverSelection().map(this::duration).orElse(d.serverSelection());
    Duration query = t.query().map(this::duration).orElse(d.query());
    return build(section, () -> new Timeouts(connect, read, selection, query), List.of());
  }

  // ---- values

  /** Whether {@code value} is a placeholder for {@code key}; if so it is recorded. */
  private boolean placeholder(Scalar value, String key) {
    Optional<Placeholder> p = Placeholder.of(key, value.text());
    p.ifPresent(x -> found.add(new Found(x, value.line())));
    return p.isPresent();
  }

  private Optional<String> text(Optional<Scalar> value) {
    return value.map(this::scalar);
  }

  /** The value's text, stripped; a key without a value is an error. */
  private String scalar(Scalar value) {
    if (value.text().isBlank()) {
      throw error(value, value.key() + " has no value; give one or remove the key");
    }
    return value.text().strip();
  }

  private int integer(Scalar value) {
    String text = scalar(value);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw error(value, value.key() + " must be a whole number, not \"" + text + "\"");
    }
  }

  private RoundingMode rounding(Scalar value) {
    String text = scalar(value);
    try {
      return RoundingMode.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw error(
          value,
          value.key()
              + " \""
              + text
              + "\" is not a rounding mode; use HALF_UP, HALF_EVEN, HALF_DOWN, UP, DOWN,"
              + " CEILING or FLOOR");
    }
  }

  private ZoneId zone(Scalar value) {
    String text = scalar(value);
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw error(
          value,
          value.key()
              + " \""
              + text
              + "\" is not a time zone; use an id such as UTC or America/Bogota");
    }
  }

  private Duration duration(Scalar value) {
    Duration d = parse(value, Timeouts::parse);
    if (d.isZero()) {
      throw error(value, value.key() + " must be longer than 0; a bound of 0 is no bound");
    }
    return d;
  }

  /** Parses the value's text with {@code parser}, whose refusal names what is accepted. */
  private <T> T parse(Scalar value, Function<String, T> parser) {
    String text = scalar(value);
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw error(value, value.key() + ": " + e.getMessage());
    }
  }

  // ---- errors

  private JobFileException error(Scalar value, String message) {
    return JobFileException.at(name, value.line(), Optional.of(value.key()), message);
  }

  private JobFileException unknown(String key, int line, List<String> known) {
    int dot = key.lastIndexOf('.');
    return JobFileException.at(
        name,
        line,
        Optional.of(key),
        "unknown key \""
            + key.substring(dot + 1)
            + "\" in "
            + key.substring(0, dot)
            + "; known keys: "
            + String.join(", ", known));
  }

  /**
   * Builds a section's record; its refusal ({@link IllegalArgumentException}) is reported on the
   * line of the first of {@code keys} the section has (the key that contradicts), else on the
   * section's own line.
   */
  private <T> T build(Located<?> section, Supplier<T> factory, List<Optional<Scalar>> keys) {
    try {
      return factory.get();
    } catch (IllegalArgumentException e) {
      Optional<Scalar> at = keys.stream().flatMap(Optional::stream).findFirst();
      throw JobFileException.at(
          name,
          at.map(Scalar::line).orElse(section.line()),
          Optional.of(at.map(Scalar::key).orElse(section.key())),
          section.key() + ": " + e.getMessage());
    }
  }
}
