package dev.ferry.source;

import dev.ferry.source.SourceFacts.ColumnFacts;
import dev.ferry.source.SourceFacts.ColumnRef;
import dev.ferry.source.SourceFacts.Inclusion;
import dev.ferry.source.SourceFacts.RelationFacts;
import dev.ferry.source.SourceFacts.ValueCount;
import dev.ferry.source.SourceFacts.ValueFacts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Databases described as tables of profiles, for the detection's unit tests: no server involved.
 *
 * <p>A relation starts at an unindented line {@code schema.name}; each indented line below it is a
 * column: {@code name type [pk] [unique] [fk=schema.table.column] [noread] [rows=N] [nulls=N]
 * [distinct=N] [range=MIN..MAX] [top=a:3|b:2]}. A line {@code include s.t.c -> s.t.c FOUND/CHECKED}
 * records an inclusion check. Types are internal names: {@code int8 int4 int2 numeric float8 text
 * varchar uuid timestamptz timestamp date enum}.
 */
final class ProfileTables {
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("int8", "bigint"),
          Map.entry("int4", "integer"),
          Map.entry("int2", "smallint"),
          Map.entry("numeric", "numeric"),
          Map.entry("float8", "double precision"),
          Map.entry("text", "text"),
          Map.entry("varchar", "character varying"),
          Map.entry("uuid", "uuid"),
          Map.entry("timestamptz", "timestamp with time zone"),
          Map.entry("timestamp", "timestamp without time zone"),
          Map.entry("date", "date"),
          Map.entry("bool", "boolean"),
          Map.entry("enum", "order_state"));

  private ProfileTables() {}

  static SourceFacts parse(String text) {
    List<RelationFacts> relations = new ArrayList<>();
    List<Inclusion> inclusions = new ArrayList<>();
    String schema = "";
    String name = "";
    List<ColumnFacts> columns = new ArrayList<>();
    for (String raw : text.split("\n")) {
      if (raw.isBlank()) {
        continue;
      }
      String line = raw.strip();
      if (line.startsWith("include ")) {
        String[] parts = line.substring("include ".length()).split("\\s+");
        String[] counts = parts[3].split("/");
        inclusions.add(
            new Inclusion(
                ref(parts[0]),
                ref(parts[2]),
                Long.parseLong(counts[1]),
                Long.parseLong(counts[0])));
        continue;
      }
      if (!Character.isWhitespace(raw.charAt(0))) {
        if (!name.isEmpty()) {
          relations.add(new RelationFacts(schema, name, OptionalLong.empty(), columns));
        }
        String[] qualified = line.split("\\.", 2);
        schema = qualified[0];
        name = qualified[1];
        columns = new ArrayList<>();
        continue;
      }
      columns.add(column(line));
    }
    if (!name.isEmpty()) {
      relations.add(new RelationFacts(schema, name, OptionalLong.empty(), columns));
    }
    return new SourceFacts(relations, inclusions);
  }

  private static ColumnRef ref(String text) {
    String[] p = text.split("\\.");
    return new ColumnRef(p[0], p[1], p[2]);
  }

  private static ColumnFacts column(String line) {
    String[] parts = line.split("\\s+");
    String base = parts[1];
    boolean pk = false;
    boolean unique = false;
    boolean readable = true;
    List<ColumnRef> references = new ArrayList<>();
    long rows = -1;
    long nulls = 0;
    long distinct = -1;
    Optional<BigDecimal> min = Optional.empty();
    Optional<BigDecimal> max = Optional.empty();
    List<ValueCount> top = new ArrayList<>();
    for (int i = 2; i < parts.length; i++) {
      String p = parts[i];
      if (p.equals("pk")) {
        pk = true;
      } else if (p.equals("unique")) {
        unique = true;
      } else if (p.equals("noread")) {
        readable = false;
      } else if (p.startsWith("fk=")) {
        references.add(ref(p.substring(3)));
      } else if (p.startsWith("rows=")) {
        rows = Long.parseLong(p.substring(5));
      } else if (p.startsWith("nulls=")) {
        nulls = Long.parseLong(p.substring(6));
      } else if (p.startsWith("distinct=")) {
        distinct = Long.parseLong(p.substring(9));
      } else if (p.startsWith("range=")) {
        String[] r = p.substring(6).split("\\.\\.");
        min = Optional.of(new BigDecimal(r[0]));
        max = Optional.of(new BigDecimal(r[1]));
      } else if (p.startsWith("top=")) {
        for (String v : p.substring(4).split("\\|")) {
          int colon = v.lastIndexOf(':');
          top.add(
              new ValueCount(
                  v.substring(0, colon).replace('_', ' '), Long.parseLong(v.substring(colon + 1))));
        }
      } else {
        throw new IllegalArgumentException("unknown column attribute " + p + " in: " + line);
      }
    }
    Optional<ValueFacts> values = Optional.empty();
    if (rows >= 0 || !top.isEmpty() || min.isPresent()) {
      long topTotal = top.stream().mapToLong(ValueCount::count).sum();
      long r = rows >= 0 ? rows : topTotal + nulls;
      long d = distinct >= 0 ? distinct : top.size();
      values = Optional.of(new ValueFacts(r, nulls, d, min, max, top));
    }
    String type = TYPES.getOrDefault(base, base);
    return new ColumnFacts(
        parts[0],
        type,
        base.equals("enum") ? "order_state" : base,
        base.equals("enum"),
        pk,
        unique,
        references,
        readable,
        values);
  }
}
