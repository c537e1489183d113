package dev.ferry.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-line JSON objects the CLI prints with {@code --json}: a tiny writer, because the shape is
 * small and fixed and a JSON library would be the only reason to ship one.
 */
final class Json {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  /** Adds a field; values may be strings, numbers, booleans, nested {@link Json}, lists or null. */
  Json put(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  /** A list value. */
  static List<Object> list() {
    return new ArrayList<>();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    write(this, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Json json) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : json.fields.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString());
    } else {
      string(value.toString(), out);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
