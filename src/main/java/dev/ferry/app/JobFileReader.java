package dev.ferry.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.ferry.app.JobFileDocument.Document;
import dev.ferry.app.JobFileDocument.Header;
import dev.ferry.app.JobFileDocument.KeyLines;
import dev.ferry.app.JobFileDocument.Scalar;
import dev.ferry.app.JobFileSections.Found;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads job files (see {@link JobFile}) with Jackson databind into {@link JobFileDocument}'s
 * records, then applies the rules with {@link JobFileSections}.
 *
 * <p>Jackson does the strict part: unknown keys ({@link
 * DeserializationFeature#FAIL_ON_UNKNOWN_PROPERTIES}), duplicate keys ({@link
 * StreamReadFeature#STRICT_DUPLICATE_DETECTION}), lists or mappings where they do not belong,
 * malformed YAML or JSON; each of its exceptions becomes one {@link JobFileException} naming the
 * file, the line (from Jackson's location) and the key.
 */
final class JobFileReader {
  private static final ObjectMapper YAML = configured(YAMLMapper.builder());
  private static final ObjectMapper JSON = configured(JsonMapper.builder());

  private final String text;
  private final boolean json;
  private final String name;

  /** The parser of the current pass. */
  private KeyLines keys;

  private JobFileReader(String text, boolean json, String name) {
    this.text = Objects.requireNonNull(text, "text");
    this.json = json;
    this.name = Objects.requireNonNull(name, "name");
  }

  private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> M configured(B builder) {
    return builder
        .addModule(new Jdk8Module())
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /**
   * Reads {@code file}: JSON when its name ends in {@code .json}, YAML otherwise.
   *
   * @param draft whether placeholders are accepted
   */
  static JobFile read(Path file, boolean draft) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw unreadable(file.toString(), e.getClass().getSimpleName() + " " + e.getMessage(), e);
    }
    return parse(text, JobFile.isJson(file), file.toString(), draft);
  }

  /**
   * Parses job-file text.
   *
   * @param json whether the text is JSON (else YAML)
   * @param name the file name used in messages
   * @param draft whether placeholders are accepted
   */
  static JobFile parse(String text, boolean json, String name, boolean draft) {
    JobFileReader reader = new JobFileReader(text, json, name);
    JobFileSections sections = new JobFileSections(name);
    JobFile job = sections.job(reader.document(sections));
    if (!draft && !sections.found().isEmpty()) {
      throw reader.placeholders(sections.found());
    }
    return job;
  }

  /**
   * Reads the document in three passes, so that problems are reported in the order a reader meets
   * them: the syntax of the whole document, then the top-level keys and the version, then the
   * sections.
   */
  private Document document(JobFileSections sections) {
    try {
      int rootLine = wellFormed();
      try (JsonParser parser = open()) {
        parser.nextToken();
        sections.version(mapper().readValue(parser, Header.class).version(), rootLine);
      }
      try (JsonParser parser = open()) {
        parser.nextToken();
        return mapper().readValue(parser, Document.class);
      }
    } catch (JsonProcessingException e) {
      throw translate(e);
    } catch (IOException e) {
      throw unreadable(name, e.getMessage(), e);
    }
  }

  /**
   * The first pass: one document, a mapping, well-formed YAML or JSON without duplicate keys.
   *
   * @return the line the document starts on
   */
  private int wellFormed() throws IOException {
    try (JsonParser parser = open()) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new JobFileException(
            name + " is empty; a job file starts with \"version: 1\".",
            Optional.of(name),
            OptionalInt.empty(),
            Optional.empty());
      }
      int rootLine = parser.currentTokenLocation().getLineNr();
      if (first != JsonToken.START_OBJECT) {
        throw JobFileException.at(
            name, rootLine, Optional.empty(), "the document must be a mapping of keys to values");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw JobFileException.at(
            name,
            parser.currentTokenLocation().getLineNr(),
            Optional.empty(),
            "only one document is allowed in a job file");
      }
      return rootLine;
    }
  }

  private static JobFileException unreadable(String file, String detail, IOException cause) {
    JobFileException error =
        new JobFileException(
            "Cannot read the job file " + file + ": " + detail,
            Optional.of(file),
            OptionalInt.empty(),
            Optional.empty());
    error.initCause(cause);
    return error;
  }

  private ObjectMapper mapper() {
    return json ? JSON : YAML;
  }

  /** A parser over the text that records the line of every key (see {@link #keyLine}). */
  private JsonParser open() throws IOException {
    keys = new KeyLines(mapper().createParser(text));
    return keys;
  }

  // ---- Jackson's exceptions as sentences

  private JobFileException translate(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamReadException syntax) {
        return malformed(syntax);
      }
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      List<String> path = path(unknown);
      List<String> parent = path.subList(0, path.size() - 1);
      return JobFileException.at(
          name,
          keyLine(unknown),
          Optional.of(String.join(".", path)),
          "unknown key \""
              + unknown.getPropertyName()
              + "\""
              + (parent.isEmpty() ? "" : " in " + String.join(".", parent))
              + "; known keys: "
              + String.join(", ", knownKeys(unknown.getReferringClass())));
    }
    if (e instanceof MismatchedInputException mismatch) {
      List<String> path = path(mismatch);
      String key = path.isEmpty() ? "the document" : String.join(".", path);
      boolean single = mismatch.getTargetType() == Scalar.class;
      return JobFileException.at(
          name,
          single ? keyLine(mismatch) : mismatch.getLocation().getLineNr(),
          path.isEmpty() ? Optional.empty() : Optional.of(key),
          key
              + (single
                  ? " must be a single value, not a list or a mapping"
                  : " must be a mapping of keys to values"));
    }
    throw new IllegalStateException("cannot read the job file's records", e);
  }

  /**
   * The line of the key at fault: Jackson's own location is that of the value, or the end of the
   * mapping for an unknown key.
   */
  private int keyLine(JsonMappingException e) {
    return keys.lineOf(String.join(".", path(e))).orElse(e.getLocation().getLineNr());
  }

  /** Malformed YAML or JSON, or a duplicate key (which Jackson reports as malformed). */
  private JobFileException malformed(StreamReadException e) {
    int line = e.getLocation().getLineNr();
    Optional<Duplicate> duplicate = firstDuplicate().filter(d -> d.line() == line);
    JobFileException error =
        duplicate
            .map(
                d ->
                    JobFileException.at(
                        name,
                        line,
                        Optional.of(d.key()),
                        "duplicate key \""
                            + d.name()
                            + "\" (first given on line "
                            + d.firstLine()
                            + ")"))
            .orElseGet(
                () ->
                    // Jackson's own words end the sentence (a YAML parser's span several lines).
                    new JobFileException(
                        name
                            + " line "
                            + line
                            + ": not valid "
                            + (json ? "JSON" : "YAML")
                            + ": "
                            + e.getOriginalMessage(),
                        Optional.of(name),
                        OptionalInt.of(line),
                        Optional.empty()));
    error.initCause(e);
    return error;
  }

  /** A key given twice in one mapping. */
  private record Duplicate(String key, String name, int line, int firstLine) {}

  /**
   * The first key given twice in one mapping, found with a parser that allows duplicates (Jackson
   * names the key and its second line, not the first); empty when the text is malformed before.
   */
  private Optional<Duplicate> firstDuplicate() {
    JsonFactory lenient = json ? new JsonFactory() : new YAMLFactory();
    try (JsonParser parser = lenient.createParser(text)) {
      Deque<Map<String, Integer>> mappings = new ArrayDeque<>();
      for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
        if (t == JsonToken.START_OBJECT) {
          mappings.push(new HashMap<>());
        } else if (t == JsonToken.END_OBJECT) {
          mappings.pop();
        } else if (t == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          int line = parser.currentTokenLocation().getLineNr();
          Map<String, Integer> keys = mappings.element();
          if (keys.containsKey(key)) {
            return Optional.of(
                new Duplicate(JobFileDocument.keyOf(parser), key, line, keys.get(key)));
          }
          keys.put(key, line);
        }
      }
    } catch (IOException malformed) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The keys leading to the value at fault, e.g. {@code [source, roles, orders]}. */
  private static List<String> path(JsonMappingException e) {
    List<String> keys = new ArrayList<>();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        keys.add(r.getFieldName());
      }
    }
    return keys;
  }

  /** The keys a record of {@link JobFileDocument} has, in order; never {@code password}. */
  private static List<String> knownKeys(Class<?> section) {
    PropertyNamingStrategies.NamingBase naming =
        (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    return Arrays.stream(section.getRecordComponents())
        .map(c -> naming.translate(c.getName()))
        .filter(k -> !k.equals("password"))
        .toList();
  }

  // ---- placeholders

  private JobFileException placeholders(List<Found> found) {
    Found first = found.get(0);
    if (found.size() == 1) {
      return JobFileException.at(
          name,
          first.line(),
          Optional.of(first.placeholder().key()),
          first.placeholder().key()
              + " is still a placeholder ("
              + describe(first.placeholder())
              + "); set it in the file (the comments above it rank the candidates) or in the"
              + " mapping editor.");
    }
    List<String> parts = new ArrayList<>();
    for (Found p : found) {
      parts.add(
          "line "
              + p.line()
              + ": "
              + p.placeholder().key()
              + " ("
              + describe(p.placeholder())
              + ")");
    }
    return new JobFileException(
        name
            + " still holds "
            + found.size()
            + " placeholders to be chosen: "
            + String.join("; ", parts)
            + ". Set them in the file (the comments above each rank the candidates) or in the"
            + " mapping editor.",
        Optional.of(name),
        OptionalInt.of(first.line()),
        Optional.of(first.placeholder().key()));
  }

  private static String describe(JobFile.Placeholder p) {
    return p.choices().isEmpty()
        ? "choose a value"
        : "choose one of " + String.join(", ", p.choices());
  }
}
