package dev.ferry.app;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A job file as written, before any rule is applied: the records Jackson databind reads a YAML or
 * JSON job file into ({@link JobFileReader}), each value with its dotted key and line so that every
 * rule applied later ({@link JobFileSections}) can name both.
 *
 * <p>Keys are snake_case ({@code password_env}); a key the records do not have is an error, and so
 * is a list or a mapping where a single value belongs and the reverse. Every single value is read
 * as its text ({@code 1000}, {@code true} and {@code "1000"} alike): what it means is judged later,
 * with a sentence fit for the user. A key left out is an empty {@link Optional}; a key given
 * without a value is a {@link Scalar} with empty text (a mapping without a value is an error).
 */
final class JobFileDocument {
  private JobFileDocument() {}

  /**
   * The first pass: the top-level keys and the version only, so that a file of a future version is
   * refused for its version and not for a key this Ferry does not know yet.
   */
  record Header(
      Optional<Scalar> version,
      Optional<JsonNode> source,
      Optional<JsonNode> mapping,
      Optional<JsonNode> target,
      Optional<JsonNode> rejects,
      Optional<JsonNode> timeouts) {}

  /** The whole document; its keys are {@link Header}'s. */
  record Document(
      Optional<Scalar> version,
      Optional<Located<SourceSection>> source,
      Optional<Located<MappingSection>> mapping,
      Optional<Located<TargetSection>> target,
      Optional<Located<RejectsSection>> rejects,
      Optional<Located<TimeoutsSection>> timeouts) {}

  /**
   * The {@code source} section. {@code password} is read only to be refused with a sentence that
   * says why; it is never listed among the known keys.
   */
  record SourceSection(
      Optional<Scalar> url,
      Optional<Scalar> user,
      Optional<Scalar> passwordEnv,
      Optional<Scalar> schema,
      Optional<Scalar> zone,
      Optional<Located<Map<String, Located<RoleSection>>>> roles,
      Optional<Scalar> password) {}

  /** One role of {@code source.roles}; its column keys are checked against the role's fields. */
  record RoleSection(Optional<Scalar> table, Optional<Located<Map<String, Scalar>>> columns) {}

  /** The {@code mapping} section. */
  record MappingSection(
      Optional<Scalar> moneyScale,
      Optional<Scalar> rounding,
      Optional<Scalar> taxRate,
      Optional<Scalar> weekdayNumbers,
      Optional<Located<Map<String, Located<OverrideSection>>>> promotionOverrides) {}

  /** One client's entry in {@code mapping.promotion_overrides}. */
  record OverrideSection(Optional<Scalar> value, Optional<Scalar> zone) {}

  /** The {@code target} section. */
  record TargetSection(
      Optional<Scalar> uri,
      Optional<Scalar> uriEnv,
      Optional<Scalar> database,
      Optional<Scalar> collection,
      Optional<Scalar> batchSize) {}

  /** The {@code rejects} section. */
  record RejectsSection(Optional<Scalar> policy, Optional<Scalar> max) {}

  /** The {@code timeouts} section. */
  record TimeoutsSection(
      Optional<Scalar> connect,
      Optional<Scalar> read,
      Optional<Scalar> serverSelection,
      Optional<Scalar> query) {}

  /**
   * A single value as written.
   *
   * @param key the dotted key, e.g. {@code source.roles.orders.table}
   * @param text the text as written (empty when the key has no value)
   * @param line the line of its key
   */
  @JsonDeserialize(using = ScalarDeserializer.class)
  record Scalar(String key, String text, int line) {}

  /**
   * A mapping with the key and line it was given under.
   *
   * @param key the dotted key, e.g. {@code mapping.promotion_overrides.42}
   * @param value what the mapping holds
   * @param line the line of its key
   */
  @JsonDeserialize(using = LocatedDeserializer.class)
  record Located<T>(String key, T value, int line) {}

  /**
   * A parser that remembers the line of every key it reads, so that a value is reported on the line
   * of its key (a block mapping starts on the line below its key) and an unknown key on its own
   * line (Jackson reports those once the whole mapping has been read).
   */
  static final class KeyLines extends JsonParserDelegate {
    private final Map<String, Integer> lines = new HashMap<>();
    private int line = 1;

    KeyLines(JsonParser parser) {
      super(parser);
    }

    private <T> T seen(T result) {
      if (delegate.currentToken() == JsonToken.FIELD_NAME) {
        line = delegate.currentTokenLocation().getLineNr();
        lines.putIfAbsent(keyOf(delegate), line);
      }
      return result;
    }

    /** The line of the dotted {@code key}, if it has been read. */
    OptionalInt lineOf(String key) {
      return lines.containsKey(key) ? OptionalInt.of(lines.get(key)) : OptionalInt.empty();
    }

    @Override
    public JsonToken nextToken() throws IOException {
      return seen(delegate.nextToken());
    }

    @Override
    public JsonToken nextValue() throws IOException {
      return seen(delegate.nextValue());
    }

    @Override
    public String nextFieldName() throws IOException {
      return seen(delegate.nextFieldName());
    }

    @Override
    public boolean nextFieldName(SerializableString name) throws IOException {
      return seen(delegate.nextFieldName(name));
    }

    /** The line of the key {@code parser} last read (else of its current token). */
    static int of(JsonParser parser) {
      return parser instanceof KeyLines k ? k.line : parser.currentTokenLocation().getLineNr();
    }
  }

  /** The dotted key of the value or key {@code parser} is at, e.g. {@code source.url}. */
  static String keyOf(JsonParser parser) {
    Deque<String> names = new ArrayDeque<>();
    for (JsonStreamContext c = parser.getParsingContext(); c != null; c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        names.addFirst(c.getCurrentName());
      }
    }
    return String.join(".", names);
  }

  /** Reads any single value as its text; a list or a mapping is a mismatch. */
  static final class ScalarDeserializer extends StdDeserializer<Scalar> {
    private static final long serialVersionUID = 1L;

    ScalarDeserializer() {
      super(Scalar.class);
    }

    @Override
    public Scalar deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.currentToken().isScalarValue()) {
        return (Scalar) ctxt.handleUnexpectedToken(Scalar.class, p);
      }
      return new Scalar(keyOf(p), p.getText(), KeyLines.of(p));
    }

    /** A key without a value is an empty text; a key left out stays out ({@code null}). */
    @Override
    public Scalar getNullValue(DeserializationContext ctxt) {
      JsonParser p = ctxt.getParser();
      return p.hasToken(JsonToken.VALUE_NULL) ? new Scalar(keyOf(p), "", KeyLines.of(p)) : null;
    }
  }

  /** Reads what a {@link Located} holds with its own deserializer; no value is a mismatch. */
  static final class LocatedDeserializer extends StdDeserializer<Located<?>>
      implements ContextualDeserializer {
    private static final long serialVersionUID = 1L;

    private final JavaType type;
    private final JsonDeserializer<Object> values;

    LocatedDeserializer() {
      this(null, null);
    }

    private LocatedDeserializer(JavaType type, JsonDeserializer<Object> values) {
      super(Located.class);
      this.type = type;
      this.values = values;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
        throws JsonMappingException {
      JavaType held = ctxt.getContextualType().containedType(0);
      return new LocatedDeserializer(held, ctxt.findContextualValueDeserializer(held, property));
    }

    @Override
    public Located<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String key = keyOf(p);
      int line = KeyLines.of(p);
      return new Located<>(key, values.deserialize(p, ctxt), line);
    }

    /** A key given without a value is a mismatch; a key left out stays out ({@code null}). */
    @Override
    public Located<?> getNullValue(DeserializationContext ctxt) throws JsonMappingException {
      if (ctxt.getParser().hasToken(JsonToken.VALUE_NULL)) {
        return (Located<?>) ctxt.reportInputMismatch(type, "a mapping without a value");
      }
      return null;
    }
  }
}
