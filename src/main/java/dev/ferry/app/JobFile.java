package dev.ferry.app;

import dev.ferry.core.MappingSettings;
import dev.ferry.core.Secret;
import dev.ferry.engine.RunOptions;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import dev.ferry.source.RoleMapping;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A job file: where to read, which table and column plays which role, the mapping rules, where to
 * write and what to do with rejects — shared by the GUI and the CLI, in YAML or JSON.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Reading is strict: an unknown key, a duplicate key, a value of the wrong shape, an invalid
 *       value or two settings that contradict each other is a {@link JobFileException} naming the
 *       file, the line and the key. A key left out takes the documented default (schema {@code
 *       public}, zone UTC, money scale 2, {@code HALF_UP}, tax rates as fractions, collection
 *       {@code orders}, batch size 1000, rejects collected, the {@link Timeouts#DEFAULTS}); nothing
 *       else is ever filled in.
 *   <li>A job file never holds a password: a URL or URI carrying one ({@link
 *       PostgresSettings#carriesPassword}, {@link MongoSettings#carriesSecret}), or a {@code
 *       password} key, is refused. {@code source.password_env} and {@code target.uri_env} name
 *       environment variables instead.
 *   <li>{@code version: 1} is required, so a future format is never misread.
 *   <li>{@link #toYaml()}/{@link #toJson()} write every setting explicitly, and reading what they
 *       wrote gives an equal {@link JobFile}.
 *   <li>A setting Ferry could not decide ({@code inspect --write-job}) is written as a {@link
 *       Placeholder}, {@code "<choose one of a, b>"}, with the ranked candidates: {@link #read}
 *       refuses a file that still holds one, naming each with its line, so a run never starts on a
 *       guess; {@link #readDraft} accepts it (for {@code inspect --job} and the mapping editor).
 * </ul>
 *
 * <p>Reading is {@link JobFileReader}'s (Jackson databind into {@link JobFileDocument}'s records,
 * the rules in {@link JobFileSections}); writing is {@link JobFileWriter}'s.
 *
 * @param source where and how to read
 * @param mapping the transformation rules (the source zone is written as {@code source.zone})
 * @param target where to write
 * @param rejects what to do with invalid orders
 * @param timeouts the bounds on every wait (the {@code timeouts} section)
 * @param placeholders the settings still to be chosen, in file order
 */
public record JobFile(
    Source source,
    MappingSettings mapping,
    Target target,
    RejectPolicy rejects,
    Timeouts timeouts,
    List<Placeholder> placeholders) {

  /** The only format version so far. */
  public static final int VERSION = 1;

  /** The settings a placeholder may stand for, besides the roles' tables and columns. */
  public static final List<String> PLACEHOLDER_SETTINGS =
      List.of("mapping.tax_rate", "mapping.weekday_numbers");

  public JobFile {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(rejects, "rejects");
    Objects.requireNonNull(timeouts, "timeouts");
    // In file order, whatever order they were given in, so that a file read back is equal.
    placeholders =
        placeholders.stream()
            .sorted(java.util.Comparator.comparingInt(p -> placeholderOrder().indexOf(p.key())))
            .toList();
    Set<String> keys = new LinkedHashSet<>();
    for (Placeholder p : placeholders) {
      if (!keys.add(p.key())) {
        throw new IllegalArgumentException("two placeholders for " + p.key());
      }
      roleOf(p.key())
          .ifPresent(
              role -> {
                boolean mapped =
                    role instanceof Table t
                        ? source.roles().table(t).isPresent()
                        : source.roles().column((Field) role).isPresent();
                if (mapped) {
                  throw new IllegalArgumentException(
                      p.key() + " is both set and a placeholder; keep one of them");
                }
              });
    }
  }

  /** Every key a placeholder may have, in the order a job file lists them. */
  private static List<String> placeholderOrder() {
    List<String> keys = new ArrayList<>();
    for (Table table : Table.values()) {
      keys.add(key(table));
      for (Field field : Field.values()) {
        if (field.table() == table) {
          keys.add(key(field));
        }
      }
    }
    keys.addAll(PLACEHOLDER_SETTINGS);
    return keys;
  }

  /** A job with the default timeouts and without placeholders. */
  public JobFile(Source source, MappingSettings mapping, Target target, RejectPolicy rejects) {
    this(source, mapping, target, rejects, Timeouts.DEFAULTS, List.of());
  }

  /** A job without placeholders. */
  public JobFile(
      Source source,
      MappingSettings mapping,
      Target target,
      RejectPolicy rejects,
      Timeouts timeouts) {
    this(source, mapping, target, rejects, timeouts, List.of());
  }

  /**
   * A setting still to be chosen.
   *
   * @param key the dotted key, e.g. {@code source.roles.orders.columns.date_of_order} or {@code
   *     mapping.weekday_numbers}
   * @param choices the ranked candidates (may be empty: any name of the right kind)
   */
  public record Placeholder(String key, List<String> choices) {
    /** How a placeholder value starts. */
    public static final String MARK = "<choose";

    public Placeholder {
      Objects.requireNonNull(key, "key");
      choices = List.copyOf(choices);
      if (roleOf(key).isEmpty() && !PLACEHOLDER_SETTINGS.contains(key)) {
        throw new IllegalArgumentException(key + " cannot be a placeholder");
      }
    }

    /** The value written in the file, e.g. {@code <choose one of ts_a, ts_b>}. */
    public String text() {
      return choices.isEmpty() ? MARK + ">" : MARK + " one of " + String.join(", ", choices) + ">";
    }

    /** The placeholder a written value stands for, if it is one. */
    static Optional<Placeholder> of(String key, String text) {
      String t = text.strip();
      if (!t.startsWith(MARK) || !t.endsWith(">")) {
        return Optional.empty();
      }
      String inner = t.substring(MARK.length(), t.length() - 1).strip();
      List<String> choices =
          inner.startsWith("one of ")
              ? List.of(inner.substring("one of ".length()).split(",\\s*"))
              : List.of();
      return Optional.of(new Placeholder(key, choices));
    }
  }

  /** The role ({@link Table}) or field ({@link Field}) a roles key names, if it names one. */
  static Optional<Object> roleOf(String key) {
    String[] parts = key.split("\\.");
    if (parts.length < 4 || !parts[0].equals("source") || !parts[1].equals("roles")) {
      return Optional.empty();
    }
    Optional<Table> table = Table.byKey(parts[2]);
    if (table.isEmpty()) {
      return Optional.empty();
    }
    if (parts.length == 4 && parts[3].equals("table")) {
      return Optional.of(table.get());
    }
    if (parts.length == 5 && parts[3].equals("columns")) {
      return Field.byKey(table.get(), parts[4]).map(f -> (Object) f);
    }
    return Optional.empty();
  }

  /** The key of {@code table}'s relation in a job file, e.g. {@code source.roles.orders.table}. */
  public static String key(Table table) {
    return "source.roles." + table.defaultName() + ".table";
  }

  /** The key of {@code field}'s column, e.g. {@code source.roles.orders.columns.status}. */
  public static String key(Field field) {
    return "source.roles." + field.table().defaultName() + ".columns." + field.key();
  }

  /** Whether a setting is still to be chosen. */
  public boolean placeholder(String key) {
    return placeholders.stream().anyMatch(p -> p.key().equals(key));
  }

  /**
   * The {@code source} section.
   *
   * @param url the PostgreSQL URL, without a password
   * @param user the user, when not in the URL
   * @param passwordEnv the environment variable holding the password
   * @param schema the schema holding the tables
   * @param roles the tables and columns named for Ferry's roles
   */
  public record Source(
      Optional<String> url,
      Optional<String> user,
      Optional<String> passwordEnv,
      String schema,
      RoleMapping roles) {
    public Source {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(passwordEnv, "passwordEnv");
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(roles, "roles");
      if (url.isPresent() && PostgresSettings.carriesPassword(url.get())) {
        throw new IllegalArgumentException(
            "the URL carries a password; a job file never holds one: use source.password_env"
                + " or PGPASSWORD");
      }
      if (schema.isBlank()) {
        throw new IllegalArgumentException("the schema must not be blank");
      }
    }
  }

  /**
   * The {@code target} section.
   *
   * @param uri the MongoDB connection string, without a password
   * @param uriEnv the environment variable holding a connection string with a password
   * @param database the target database
   * @param collection the target collection (rejects go to {@code <collection>_rejects})
   * @param batchSize orders per batch
   */
  public record Target(
      Optional<String> uri,
      Optional<String> uriEnv,
      Optional<String> database,
      String collection,
      int batchSize) {
    public Target {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(uriEnv, "uriEnv");
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(collection, "collection");
      if (uri.isPresent() && uriEnv.isPresent()) {
        throw new IllegalArgumentException(
            "target.uri and target.uri_env contradict each other; give one of them");
      }
      if (uri.isPresent() && MongoSettings.carriesSecret(uri.get())) {
        throw new IllegalArgumentException(
            "the URI carries a password; a job file never holds one: use target.uri_env");
      }
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException(
            "the batch size must be between 1 and 10000, not " + batchSize);
      }
    }
  }

  /** A job file with every default and nothing else: detect everything, no connection. */
  public static JobFile defaults() {
    return new JobFile(
        new Source(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            PostgresSettings.DEFAULT_SCHEMA,
            RoleMapping.DETECT),
        MappingSettings.defaults(),
        new Target(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "orders",
            RunOptions.DEFAULT_BATCH_SIZE),
        RejectPolicy.COLLECT);
  }

  /** A copy with another source section. */
  public JobFile withSource(Source newSource) {
    return new JobFile(newSource, mapping, target, rejects, timeouts, placeholders);
  }

  /** A copy with other mapping rules. */
  public JobFile withMapping(MappingSettings newMapping) {
    return new JobFile(source, newMapping, target, rejects, timeouts, placeholders);
  }

  /** A copy with another target section. */
  public JobFile withTarget(Target newTarget) {
    return new JobFile(source, mapping, newTarget, rejects, timeouts, placeholders);
  }

  /** A copy with another reject policy. */
  public JobFile withRejects(RejectPolicy policy) {
    return new JobFile(source, mapping, target, policy, timeouts, placeholders);
  }

  /** A copy with other timeouts. */
  public JobFile withTimeouts(Timeouts newTimeouts) {
    return new JobFile(source, mapping, target, rejects, newTimeouts, placeholders);
  }

  /** A copy with these placeholders instead. */
  public JobFile withPlaceholders(List<Placeholder> newPlaceholders) {
    return new JobFile(source, mapping, target, rejects, timeouts, newPlaceholders);
  }

  /**
   * The job this file describes, with {@code password} for the source.
   *
   * @throws JobFileException when the source URL or the target database is missing
   */
  public JobSettings toJobSettings(Optional<Secret> password, String targetUri) {
    String url = source.url().orElseThrow(() -> missing("source.url"));
    String database = target.database().orElseThrow(() -> missing("target.database"));
    PostgresSettings pg =
        new PostgresSettings(
                url,
                source.user().orElse(null),
                password,
                source.schema(),
                PostgresSettings.DEFAULT_CONNECT_TIMEOUT)
            .withRoles(source.roles());
    return timeouts.applyTo(
        JobSettings.of(pg, MongoSettings.of(targetUri, database, target.collection()), mapping)
            .withBatchSize(target.batchSize()));
  }

  private static JobFileException missing(String key) {
    return new JobFileException(
        "The job file has no " + key + ".",
        Optional.empty(),
        OptionalInt.empty(),
        Optional.of(key));
  }

  // ------------------------------------------------------------------ reading and writing

  /**
   * Reads {@code file}: JSON when its name ends in {@code .json}, YAML otherwise.
   *
   * @throws JobFileException when it cannot be read, is invalid or still holds a placeholder (each
   *     named with its line)
   */
  public static JobFile read(Path file) {
    return JobFileReader.read(file, false);
  }

  /**
   * Reads {@code file} like {@link #read}, but accepts placeholders: they are returned in {@link
   * #placeholders()}, and the settings they stand for are left out (detected, or at their
   * defaults).
   */
  public static JobFile readDraft(Path file) {
    return JobFileReader.read(file, true);
  }

  /**
   * Parses job-file text, refusing placeholders.
   *
   * @param json whether the text is JSON (else YAML)
   * @param name the file name used in messages
   */
  public static JobFile parse(String text, boolean json, String name) {
    return JobFileReader.parse(text, json, name, false);
  }

  /** Parses job-file text, accepting placeholders (see {@link #readDraft}). */
  public static JobFile parseDraft(String text, boolean json, String name) {
    return JobFileReader.parse(text, json, name, true);
  }

  /** Whether {@code file} is read and written as JSON (else YAML). */
  static boolean isJson(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
  }

  /** Writes this job to {@code file}: JSON when its name ends in {@code .json}, YAML otherwise. */
  public void write(Path file) throws IOException {
    write(file, Map.of());
  }

  /**
   * Writes this job to {@code file} with {@code comments} (YAML only: JSON has no comments; its
   * placeholders still carry their candidates).
   */
  public void write(Path file, Map<String, List<String>> comments) throws IOException {
    Files.writeString(file, isJson(file) ? toJson() : toYaml(comments), StandardCharsets.UTF_8);
  }

  /** The job as YAML, every setting explicit, with a short header. */
  public String toYaml() {
    return toYaml(Map.of());
  }

  /**
   * The job as YAML with comments: each list of {@code comments} goes above the key it is filed
   * under (a dotted key such as {@code source.roles.orders.table}, or {@code ""} for the header).
   */
  public String toYaml(Map<String, List<String>> comments) {
    return JobFileWriter.yaml(this, comments);
  }

  /** The job as pretty-printed JSON, every setting explicit. */
  public String toJson() {
    return JobFileWriter.json(this);
  }
}
