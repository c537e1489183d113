package dev.ferry.cli;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.util.Locale;

/**
 * The one-line JSON objects the CLI prints with {@code --json}, written by Jackson from records
 * that spell out each line's shape (see {@link Summaries}).
 *
 * <p>Contract: keys are the records' components in snake_case, in declaration order; an empty
 * {@link java.util.Optional} is {@code null}; a {@link java.math.BigDecimal} is written exactly as
 * its plain digits ({@code 1234.50}, never {@code 1.2345E+3} or a double); strings escape {@code
 * "}, {@code \}, {@code \n}, {@code \r}, {@code \t} and every other control character as {@code
 * \}{@code u00xx}, and nothing else.
 */
final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              new JsonFactoryBuilder()
                  .characterEscapes(new Escapes())
                  .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                  .build())
          .addModule(new Jdk8Module())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .build();

  private Json() {}

  /** {@code value} (a record) as one line of JSON. */
  static String line(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * The escapes of Ferry's {@code --json} lines since the first version: Jackson's, except that
   * backspace and form feed are not shortened and the hex digits are lower case.
   */
  private static final class Escapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;

    private final int[] codes = standardAsciiEscapesForJSON();

    Escapes() {
      for (int c = 0; c < 0x20; c++) {
        if (c != '\n' && c != '\r' && c != '\t') {
          codes[c] = ESCAPE_CUSTOM;
        }
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return codes;
    }

    /** Called for control characters and for every non-ASCII one ({@code null}: written as is). */
    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch < 0x20 ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch)) : null;
    }
  }
}
