package dev.ferry.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.PromotionDay;
import dev.ferry.core.PromotionOverride;
import dev.ferry.core.Secret;
import dev.ferry.core.TaxRateFormat;
import dev.ferry.core.WeekdayNumbering;
import dev.ferry.engine.RunOptions;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import dev.ferry.source.RoleMapping;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.io.IOException;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

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
    String url =
        source.url().orElseThrow(() -> new JobFileException("The job file has no source.url."));
    String database =
        target
            .database()
            .orElseThrow(() -> new JobFileException("The job file has no target.database."));
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

  // ------------------------------------------------------------------ reading

  /**
   * Reads {@code file}: JSON when its name ends in {@code .json}, YAML otherwise.
   *
   * @throws JobFileException when it cannot be read, is invalid or still holds a placeholder (each
   *     named with its line)
   */
  public static JobFile read(Path file) {
    return parse(text(file), isJson(file), file.toString());
  }

  /**
   * Reads {@code file} like {@link #read}, but accepts placeholders: they are returned in {@link
   * #placeholders()}, and the settings they stand for are left out (detected, or at their
   * defaults).
   */
  public static JobFile readDraft(Path file) {
    return parseDraft(text(file), isJson(file), file.toString());
  }

  private static String text(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new JobFileException(
          "Cannot read the job file "
              + file
              + ": "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage(),
          e);
    }
    return text;
  }

  /**
   * Parses job-file text, refusing placeholders.
   *
   * @param json whether the text is JSON (else YAML)
   * @param name the file name used in messages
   */
  public static JobFile parse(String text, boolean json, String name) {
    Reader reader = new Reader(name);
    JobFile job = reader.read(root(text, json, name));
    if (!reader.found.isEmpty()) {
      throw new JobFileException(placeholderMessage(name, reader.found));
    }
    return job;
  }

  /** Parses job-file text, accepting placeholders (see {@link #readDraft}). */
  public static JobFile parseDraft(String text, boolean json, String name) {
    return new Reader(name).read(root(text, json, name));
  }

  private static String placeholderMessage(String name, List<FoundPlaceholder> found) {
    if (found.size() == 1) {
      FoundPlaceholder p = found.get(0);
      return name
          + " line "
          + p.line()
          + ": "
          + p.placeholder().key()
          + " is still a placeholder ("
          + describe(p.placeholder())
          + "); set it in the file (the comments above it rank the candidates) or in the mapping"
          + " editor.";
    }
    List<String> parts = new ArrayList<>();
    for (FoundPlaceholder p : found) {
      parts.add(
          "line "
              + p.line()
              + ": "
              + p.placeholder().key()
              + " ("
              + describe(p.placeholder())
              + ")");
    }
    return name
        + " still holds "
        + found.size()
        + " placeholders to be chosen: "
        + String.join("; ", parts)
        + ". Set them in the file (the comments above each rank the candidates) or in the mapping"
        + " editor.";
  }

  private static String describe(Placeholder p) {
    return p.choices().isEmpty()
        ? "choose a value"
        : "choose one of " + String.join(", ", p.choices());
  }

  private record FoundPlaceholder(Placeholder placeholder, int line) {}

  private static Node root(String text, boolean json, String name) {
    Node root;
    JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
    try (JsonParser parser = factory.createParser(text)) {
      if (parser.nextToken() == null) {
        throw new JobFileException(name + " is empty; a job file starts with \"version: 1\".");
      }
      root = Node.read(parser, name);
      if (parser.nextToken() != null) {
        throw new JobFileException(
            name + " line " + lineOf(parser) + ": only one document is allowed in a job file.");
      }
    } catch (JsonProcessingException e) {
      throw new JobFileException(
          name
              + " line "
              + e.getLocation().getLineNr()
              + ": not valid "
              + (json ? "JSON" : "YAML")
              + ": "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new JobFileException("Cannot read the job file " + name + ": " + e.getMessage(), e);
    }
    return root;
  }

  private static boolean isJson(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
  }

  private static int lineOf(JsonParser parser) {
    return parser.currentTokenLocation().getLineNr();
  }

  /** The parsed document, with the line of every value and key. */
  private sealed interface Node {
    int line();

    record Map(int line, LinkedHashMap<String, Entry> entries) implements Node {}

    record Scalar(int line, Optional<String> text) implements Node {}

    record Sequence(int line) implements Node {}

    record Entry(String key, int line, Node value) {}

    static Node read(JsonParser parser, String name) throws IOException {
      JsonToken token = parser.currentToken();
      int line = lineOf(parser);
      switch (token) {
        case START_OBJECT -> {
          LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = lineOf(parser);
            parser.nextToken();
            Node value = read(parser, name);
            Entry previous = entries.putIfAbsent(key, new Entry(key, keyLine, value));
            if (previous != null) {
              throw new JobFileException(
                  name
                      + " line "
                      + keyLine
                      + ": duplicate key \""
                      + key
                      + "\" (first given on line "
                      + previous.line()
                      + ").");
            }
          }
          return new Map(line, entries);
        }
        case START_ARRAY -> {
          parser.skipChildren();
          return new Sequence(line);
        }
        case VALUE_NULL -> {
          return new Scalar(line, Optional.empty());
        }
        default -> {
          return new Scalar(line, Optional.of(parser.getText()));
        }
      }
    }
  }

  /** Walks the tree, section by section, refusing anything it does not know. */
  private static final class Reader {
    private final String name;
    private final List<FoundPlaceholder> found = new ArrayList<>();

    Reader(String name) {
      this.name = name;
    }

    /** The placeholder {@code entry} holds, recorded with its line, if it holds one. */
    private boolean placeholder(Node.Entry entry, String key) {
      if (entry.value() instanceof Node.Scalar s && s.text().isPresent()) {
        Optional<Placeholder> p = Placeholder.of(key, s.text().get());
        p.ifPresent(x -> found.add(new FoundPlaceholder(x, entry.line())));
        return p.isPresent();
      }
      return false;
    }

    JobFile read(Node root) {
      Node.Map top = map(root, "the document");
      known(top, "", "version", "source", "mapping", "target", "rejects", "timeouts");
      Node.Entry version =
          Optional.ofNullable(top.entries().get("version"))
              .orElseThrow(
                  () ->
                      new JobFileException(
                          name + " line " + top.line() + ": missing \"version: 1\"."));
      String v = scalar(version, "version");
      if (!v.equals(Integer.toString(VERSION))) {
        throw error(version, "version " + v + " is not supported; this Ferry reads version 1");
      }
      JobFile defaults = defaults();
      Source source =
          section(top, "source").map(s -> source(s, defaults.source())).orElse(defaults.source());
      ZoneId zone =
          section(top, "source")
              .flatMap(s -> Optional.ofNullable(s.entries().get("zone")))
              .map(e -> zone(e, "source.zone"))
              .orElse(ZoneId.of("UTC"));
      MappingSettings mapping =
          section(top, "mapping").map(m -> mapping(m, zone)).orElse(new MappingSettings(zone));
      Target target =
          section(top, "target").map(t -> target(t, defaults.target())).orElse(defaults.target());
      RejectPolicy rejects =
          section(top, "rejects").map(this::rejects).orElse(RejectPolicy.COLLECT);
      Timeouts timeouts = section(top, "timeouts").map(this::timeouts).orElse(Timeouts.DEFAULTS);
      return new JobFile(
          source,
          mapping,
          target,
          rejects,
          timeouts,
          found.stream().map(FoundPlaceholder::placeholder).toList());
    }

    private Source source(Node.Map s, Source defaults) {
      known(s, "source", "url", "user", "password_env", "schema", "zone", "roles", "password");
      if (s.entries().containsKey("password")) {
        throw error(
            s.entries().get("password"),
            "source.password is not allowed: a job file never holds a password; use"
                + " source.password_env (the name of an environment variable) or PGPASSWORD");
      }
      RoleMapping roles =
          Optional.ofNullable(s.entries().get("roles"))
              .map(e -> roles(e))
              .orElse(RoleMapping.DETECT);
      return build(
          s,
          "source",
          () ->
              new Source(
                  optional(s, "url", "source"),
                  optional(s, "user", "source"),
                  optional(s, "password_env", "source"),
                  optional(s, "schema", "source").orElse(defaults.schema()),
                  roles),
          "url",
          "schema");
    }

    private RoleMapping roles(Node.Entry entry) {
      Node.Map roles = map(entry.value(), "source.roles");
      List<String> tableKeys = new ArrayList<>();
      for (Table table : Table.values()) {
        tableKeys.add(table.defaultName());
      }
      known(roles, "source.roles", tableKeys.toArray(String[]::new));
      Map<Table, String> tables = new EnumMap<>(Table.class);
      Map<Field, String> columns = new EnumMap<>(Field.class);
      for (Node.Entry roleEntry : roles.entries().values()) {
        Table table = Table.byKey(roleEntry.key()).orElseThrow();
        String path = "source.roles." + table.defaultName();
        Node.Map role = map(roleEntry.value(), path);
        known(role, path, "table", "columns");
        Optional<Node.Entry> tableEntry = optionalEntry(role, "table");
        if (tableEntry.isEmpty() || !placeholder(tableEntry.get(), key(table))) {
          optional(role, "table", path).ifPresent(t -> tables.put(table, t));
        }
        Node.Entry columnsEntry = role.entries().get("columns");
        if (columnsEntry != null) {
          Node.Map cols = map(columnsEntry.value(), path + ".columns");
          List<String> fieldKeys = new ArrayList<>();
          for (Field field : Field.values()) {
            if (field.table() == table) {
              fieldKeys.add(field.key());
            }
          }
          known(cols, path + ".columns", fieldKeys.toArray(String[]::new));
          for (Node.Entry col : cols.entries().values()) {
            Field field = Field.byKey(table, col.key()).orElseThrow();
            if (!placeholder(col, key(field))) {
              columns.put(field, scalar(col, path + ".columns." + col.key()));
            }
          }
        }
      }
      return build(entry, "source.roles", () -> new RoleMapping(tables, columns));
    }

    private MappingSettings mapping(Node.Map m, ZoneId zone) {
      known(
          m,
          "mapping",
          "money_scale",
          "rounding",
          "tax_rate",
          "weekday_numbers",
          "promotion_overrides");
      int scale =
          optionalEntry(m, "money_scale")
              .map(e -> integer(e, "mapping.money_scale"))
              .orElse(MappingSettings.DEFAULT_MONEY_SCALE);
      RoundingMode rounding =
          optionalEntry(m, "rounding")
              .map(e -> rounding(e))
              .orElse(MappingSettings.DEFAULT_ROUNDING);
      TaxRateFormat tax = TaxRateFormat.FRACTION;
      Optional<Node.Entry> taxEntry = optionalEntry(m, "tax_rate");
      if (taxEntry.isPresent() && !placeholder(taxEntry.get(), "mapping.tax_rate")) {
        String value = scalar(taxEntry.get(), "mapping.tax_rate");
        try {
          tax = TaxRateFormat.parse(value);
        } catch (IllegalArgumentException e) {
          throw error(taxEntry.get(), "mapping.tax_rate: " + e.getMessage());
        }
      }
      WeekdayNumbering numbers = WeekdayNumbering.NONE;
      Optional<Node.Entry> numbersEntry = optionalEntry(m, "weekday_numbers");
      if (numbersEntry.isPresent() && !placeholder(numbersEntry.get(), "mapping.weekday_numbers")) {
        String value = scalar(numbersEntry.get(), "mapping.weekday_numbers");
        try {
          numbers = WeekdayNumbering.parse(value);
        } catch (IllegalArgumentException e) {
          throw error(numbersEntry.get(), "mapping.weekday_numbers: " + e.getMessage());
        }
      }
      Map<String, PromotionOverride> overrides = new TreeMap<>();
      Optional<Node.Entry> overridesEntry = optionalEntry(m, "promotion_overrides");
      if (overridesEntry.isPresent()) {
        Node.Map clients = map(overridesEntry.get().value(), "mapping.promotion_overrides");
        for (Node.Entry client : clients.entries().values()) {
          String path = "mapping.promotion_overrides." + client.key();
          Node.Map o = map(client.value(), path);
          known(o, path, "value", "zone");
          Optional<String> value = optional(o, "value", path);
          if (value.isPresent()
              && PromotionDay.parse(value, numbers) instanceof PromotionDay.NotUnderstood) {
            throw error(
                o.entries().get("value"),
                path
                    + ".value \""
                    + value.get()
                    + "\" is neither a weekday (English, Spanish, Portuguese"
                    + (numbers == WeekdayNumbering.NONE
                        ? ""
                        : ", or a number: " + numbers.meaning())
                    + ") nor a date YYYY-MM-DD");
          }
          Optional<ZoneId> clientZone = optionalEntry(o, "zone").map(e -> zone(e, path + ".zone"));
          overrides.put(
              client.key(), build(client, path, () -> new PromotionOverride(value, clientZone)));
        }
      }
      int s = scale;
      RoundingMode r = rounding;
      TaxRateFormat t = tax;
      WeekdayNumbering n = numbers;
      return build(
          m,
          "mapping",
          () -> new MappingSettings(zone, s, r, t, overrides, n),
          "rounding",
          "money_scale");
    }

    private Target target(Node.Map t, Target defaults) {
      known(t, "target", "uri", "uri_env", "database", "collection", "batch_size");
      int batch =
          optionalEntry(t, "batch_size")
              .map(e -> integer(e, "target.batch_size"))
              .orElse(defaults.batchSize());
      return build(
          t,
          "target",
          () ->
              new Target(
                  optional(t, "uri", "target"),
                  optional(t, "uri_env", "target"),
                  optional(t, "database", "target"),
                  optional(t, "collection", "target").orElse(defaults.collection()),
                  batch),
          "uri_env",
          "uri",
          "batch_size");
    }

    private RejectPolicy rejects(Node.Map r) {
      known(r, "rejects", "policy", "max");
      RejectPolicy.Mode mode = RejectPolicy.Mode.COLLECT;
      Optional<Node.Entry> policy = optionalEntry(r, "policy");
      if (policy.isPresent()) {
        String value = scalar(policy.get(), "rejects.policy");
        mode =
            switch (value.toLowerCase(Locale.ROOT)) {
              case "collect" -> RejectPolicy.Mode.COLLECT;
              case "fail" -> RejectPolicy.Mode.FAIL;
              default ->
                  throw error(
                      policy.get(),
                      "rejects.policy \"" + value + "\" is not a policy; use collect or fail");
            };
      }
      OptionalLong max =
          optionalEntry(r, "max")
              .map(e -> OptionalLong.of(integer(e, "rejects.max")))
              .orElse(OptionalLong.empty());
      RejectPolicy.Mode m = mode;
      return build(r, "rejects", () -> new RejectPolicy(m, max), "max");
    }

    private Timeouts timeouts(Node.Map t) {
      known(t, "timeouts", "connect", "read", "server_selection", "query");
      Timeouts d = Timeouts.DEFAULTS;
      Duration connect = duration(t, "connect").orElse(d.connect());
      Duration read = duration(t, "read").orElse(d.read());
      Duration selection = duration(t, "server_selection").orElse(d.serverSelection());
      Duration query = duration(t, "query").orElse(d.query());
      return build(t, "timeouts", () -> new Timeouts(connect, read, selection, query));
    }

    private Optional<Duration> duration(Node.Map map, String key) {
      return optionalEntry(map, key)
          .map(
              e -> {
                String path = "timeouts." + key;
                String text = scalar(e, path);
                Duration value;
                try {
                  value = Timeouts.parse(text);
                } catch (IllegalArgumentException invalid) {
                  throw error(e, path + ": " + invalid.getMessage());
                }
                if (value.isZero()) {
                  throw error(e, path + " must be longer than 0; a bound of 0 is no bound");
                }
                return value;
              });
    }

    // ---- helpers

    private Optional<Node.Map> section(Node.Map parent, String key) {
      return Optional.ofNullable(parent.entries().get(key)).map(e -> map(e.value(), key));
    }

    private Node.Map map(Node node, String path) {
      if (node instanceof Node.Map m) {
        return m;
      }
      throw new JobFileException(
          name + " line " + node.line() + ": " + path + " must be a mapping of keys to values.");
    }

    private void known(Node.Map map, String path, String... keys) {
      Set<String> allowed = new LinkedHashSet<>(List.of(keys));
      for (Node.Entry entry : map.entries().values()) {
        if (!allowed.contains(entry.key())) {
          allowed.remove("password");
          throw new JobFileException(
              name
                  + " line "
                  + entry.line()
                  + ": unknown key \""
                  + entry.key()
                  + "\""
                  + (path.isEmpty() ? "" : " in " + path)
                  + "; known keys: "
                  + String.join(", ", allowed)
                  + ".");
        }
      }
    }

    private Optional<Node.Entry> optionalEntry(Node.Map map, String key) {
      return Optional.ofNullable(map.entries().get(key));
    }

    private Optional<String> optional(Node.Map map, String key, String path) {
      return optionalEntry(map, key).map(e -> scalar(e, path + "." + key));
    }

    private String scalar(Node.Entry entry, String path) {
      if (entry.value() instanceof Node.Scalar s) {
        if (s.text().isEmpty() || s.text().get().isBlank()) {
          throw error(entry, path + " has no value; give one or remove the key");
        }
        return s.text().get().strip();
      }
      throw error(entry, path + " must be a single value, not a list or a mapping");
    }

    private int integer(Node.Entry entry, String path) {
      String text = scalar(entry, path);
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw error(entry, path + " must be a whole number, not \"" + text + "\"");
      }
    }

    private RoundingMode rounding(Node.Entry entry) {
      String text = scalar(entry, "mapping.rounding");
      try {
        return RoundingMode.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw error(
            entry,
            "mapping.rounding \""
                + text
                + "\" is not a rounding mode; use HALF_UP, HALF_EVEN, HALF_DOWN, UP, DOWN,"
                + " CEILING or FLOOR");
      }
    }

    private ZoneId zone(Node.Entry entry, String path) {
      String text = scalar(entry, path);
      try {
        return ZoneId.of(text);
      } catch (DateTimeException e) {
        throw error(
            entry,
            path + " \"" + text + "\" is not a time zone; use an id such as UTC or America/Bogota");
      }
    }

    private JobFileException error(Node.Entry entry, String message) {
      return new JobFileException(
          name + " line " + entry.line() + ": " + message + (message.endsWith(".") ? "" : "."));
    }

    /**
     * Builds a section; a contradiction is reported on the line of the first of {@code keys} the
     * section has (the key that contradicts), else on the section's own line.
     */
    private <T> T build(
        Node.Map node, String path, java.util.function.Supplier<T> factory, String... keys) {
      int line = node.line();
      for (String key : keys) {
        if (node.entries().containsKey(key)) {
          line = node.entries().get(key).line();
          break;
        }
      }
      return build(new Node.Entry(path, line, node), path, factory);
    }

    private <T> T build(Node.Entry entry, String path, java.util.function.Supplier<T> factory) {
      try {
        return factory.get();
      } catch (IllegalArgumentException e) {
        throw error(entry, path + ": " + e.getMessage());
      }
    }
  }

  // ------------------------------------------------------------------ writing

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
    YAMLMapper yaml =
        YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();
    String body;
    try {
      body = yaml.writeValueAsString(tree());
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
    if (!placeholders.isEmpty()) {
      out.append(
          comment(
              "",
              placeholders.size()
                  + (placeholders.size() == 1 ? " setting needs" : " settings need")
                  + " your choice: search for \""
                  + Placeholder.MARK
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
  public String toJson() {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try {
      return json.writeValueAsString(tree()) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private Optional<String> placeholderText(String key) {
    return placeholders.stream()
        .filter(p -> p.key().equals(key))
        .findFirst()
        .map(Placeholder::text);
  }

  private Map<String, Object> tree() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", VERSION);

    Map<String, Object> src = new LinkedHashMap<>();
    source.url().ifPresent(u -> src.put("url", u));
    source.user().ifPresent(u -> src.put("user", u));
    source.passwordEnv().ifPresent(p -> src.put("password_env", p));
    src.put("schema", source.schema());
    src.put("zone", mapping.sourceZone().getId());
    Map<String, Object> roles = new LinkedHashMap<>();
    for (Table table : Table.values()) {
      Map<String, Object> role = new LinkedHashMap<>();
      source.roles().table(table).ifPresent(t -> role.put("table", t));
      placeholderText(key(table)).ifPresent(t -> role.put("table", t));
      Map<String, Object> columns = new LinkedHashMap<>();
      for (Field field : Field.values()) {
        if (field.table() == table) {
          source.roles().column(field).ifPresent(c -> columns.put(field.key(), c));
          placeholderText(key(field)).ifPresent(c -> columns.put(field.key(), c));
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
    map.put("money_scale", mapping.moneyScale());
    map.put("rounding", mapping.rounding().name());
    map.put("tax_rate", placeholderText("mapping.tax_rate").orElse(mapping.taxRate().label()));
    if (mapping.weekdayNumbers() != WeekdayNumbering.NONE
        || placeholder("mapping.weekday_numbers")) {
      map.put(
          "weekday_numbers",
          placeholderText("mapping.weekday_numbers").orElse(mapping.weekdayNumbers().label()));
    }
    if (!mapping.promotionOverrides().isEmpty()) {
      Map<String, Object> overrides = new LinkedHashMap<>();
      mapping
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
    target.uri().ifPresent(u -> tgt.put("uri", u));
    target.uriEnv().ifPresent(u -> tgt.put("uri_env", u));
    target.database().ifPresent(d -> tgt.put("database", d));
    tgt.put("collection", target.collection());
    tgt.put("batch_size", target.batchSize());
    root.put("target", tgt);

    Map<String, Object> rej = new LinkedHashMap<>();
    rej.put("policy", rejects.mode().label());
    rejects.max().ifPresent(m -> rej.put("max", m));
    root.put("rejects", rej);

    Map<String, Object> bounds = new LinkedHashMap<>();
    bounds.put("connect", Timeouts.format(timeouts.connect()));
    bounds.put("read", Timeouts.format(timeouts.read()));
    bounds.put("server_selection", Timeouts.format(timeouts.serverSelection()));
    bounds.put("query", Timeouts.format(timeouts.query()));
    root.put("timeouts", bounds);
    return root;
  }
}
