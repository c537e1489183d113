package dev.ferry.source;

import dev.ferry.core.PromotionDay;
import dev.ferry.source.RoleDetection.Candidate;
import dev.ferry.source.RoleDetection.Ranking;
import dev.ferry.source.SourceFacts.ColumnFacts;
import dev.ferry.source.SourceFacts.ColumnRef;
import dev.ferry.source.SourceFacts.Inclusion;
import dev.ferry.source.SourceFacts.RelationFacts;
import dev.ferry.source.SourceFacts.ValueCount;
import dev.ferry.source.SourceFacts.ValueFacts;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Kind;
import dev.ferry.source.SourceSchema.Table;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which relation plays each of Ferry's roles and which column holds each field, from
 * evidence — never from one word list.
 *
 * <p>Contract: pure and deterministic (no I/O): the same {@link SourceFacts} always give the same
 * {@link RoleDetection}. Signals are combined additively per candidate:
 *
 * <ul>
 *   <li><b>names</b> ({@link RoleNames}): English, Spanish, Portuguese, abbreviations, prefixes and
 *       suffixes; one signal among the others;
 *   <li><b>keys</b>: declared primary keys, unique indexes and foreign keys, and — where none are
 *       declared — inclusion of values ({@code every order_lines.order_id value exists in
 *       orders.uid});
 *   <li><b>types</b>: a field's column must have a type Ferry can read for it (numbers for money
 *       and quantities, timestamps or dates for the order date), and the order table is the one
 *       with a timestamp;
 *   <li><b>values</b>, when profiled: weekday names or dates for the promotion field, rates in [0,
 *       1] or (1, 100] for the tax, coordinates within [-90, 90] and [-180, 180], positive whole
 *       quantities, unique ids, few distinct statuses.
 * </ul>
 *
 * Tables are chosen together, as the assignment of four distinct relations with the highest total
 * (each relation's own evidence plus the references between them: items → orders, items → products,
 * orders → clients), per schema; the configured schema is searched first and wins ties, and other
 * schemas are searched only when allowed. Columns are then assigned per table, strongest evidence
 * first, one column per field. A candidate's confidence is its share of the evidence (a softmax of
 * the scores, with a little weight left for "something else"); the best candidate is chosen when
 * its confidence reaches {@value #CONFIDENT} and it has evidence of its own — otherwise the role is
 * left for the analyst, with the ranked candidates. A mapping ({@link RoleMapping}) names tables
 * and columns outright.
 */
public final class RoleDetector {

  /** The confidence at which the best candidate is chosen without asking. */
  public static final double CONFIDENT = 0.7;

  /** The least evidence of its own a chosen candidate must have. */
  private static final double MIN_OWN_SCORE = 1.0;

  /** How many relations per role take part in the assignment. */
  private static final int TABLE_CANDIDATES = 7;

  /** Preference for the configured schema when two schemas are equally good. */
  private static final double CONFIGURED_BONUS = 0.75;

  private static final Set<String> INTEGERS = Set.of("int2", "int4", "int8");
  private static final Set<String> DECIMALS = Set.of("numeric", "float4", "float8", "money");
  private static final Set<String> TEXTS =
      Set.of("text", "varchar", "bpchar", "name", "citext", "char");
  private static final Set<String> TIMESTAMPS = Set.of("timestamptz", "timestamp");

  private static final List<Reference> REFERENCES =
      List.of(
          new Reference(Table.ORDER_ITEMS, Table.ORDERS, Field.ITEM_ORDER_UID, Field.ORDER_UID),
          new Reference(
              Table.ORDER_ITEMS, Table.PRODUCTS, Field.ITEM_PRODUCT_UID, Field.PRODUCT_UID),
          new Reference(Table.ORDERS, Table.CLIENTS, Field.ORDER_CLIENT_UID, Field.CLIENT_UID));

  private static final Map<Table, Field> UIDS =
      Map.of(
          Table.CLIENTS, Field.CLIENT_UID,
          Table.PRODUCTS, Field.PRODUCT_UID,
          Table.ORDERS, Field.ORDER_UID,
          Table.ORDER_ITEMS, Field.ITEM_UID);

  /** A reference between two roles: which field of which table points at which key. */
  private record Reference(Table from, Table to, Field field, Field key) {}

  /** A score with the reasons behind it. */
  private record Scored(double score, List<String> reasons) {
    static Scored of(double score, List<String> reasons) {
      return new Scored(score, List.copyOf(reasons));
    }
  }

  private RoleDetector() {}

  /**
   * Ranks every role and field.
   *
   * @param facts what is known about the source
   * @param configuredSchema the schema the settings name (searched first; matched exactly, else
   *     ignoring case)
   * @param mapping tables and columns named outright
   * @param otherSchemas whether the other schemas may hold Ferry's tables
   */
  public static RoleDetection detect(
      SourceFacts facts, String configuredSchema, RoleMapping mapping, boolean otherSchemas) {
    List<String> schemas = new ArrayList<>();
    Optional<String> configured = sameName(configuredSchema, facts.schemas());
    configured.ifPresent(schemas::add);
    if (otherSchemas) {
      facts.schemas().stream().filter(s -> !schemas.contains(s)).forEach(schemas::add);
    }
    if (schemas.isEmpty()) {
      return empty(configuredSchema, "configured (it holds no relation this user can read)");
    }

    String bestSchema = schemas.get(0);
    Assignment best = null;
    double bestValue = Double.NEGATIVE_INFINITY;
    double configuredScore = 0;
    for (String schema : schemas) {
      Assignment a = assign(facts, schema, mapping);
      boolean isConfigured = configured.filter(schema::equals).isPresent();
      if (isConfigured) {
        configuredScore = a.bestScore;
      }
      double value = a.bestScore + (isConfigured ? CONFIGURED_BONUS : 0);
      if (value > bestValue + 1e-9) {
        bestValue = value;
        best = a;
        bestSchema = schema;
      }
    }
    String schemaEvidence;
    if (configured.filter(bestSchema::equals).isPresent()) {
      schemaEvidence = "configured";
    } else if (configured.isPresent()) {
      schemaEvidence =
          String.format(
              Locale.ROOT,
              "detected (schema %s holds a better match for Ferry's tables: evidence %.1f against"
                  + " %.1f in the configured schema %s)",
              bestSchema,
              best.bestScore,
              configuredScore,
              configured.get());
    } else {
      schemaEvidence =
          "detected (the configured schema "
              + configuredSchema
              + " does not exist or holds nothing this user can read)";
    }
    return rank(facts, best, mapping, bestSchema, schemaEvidence);
  }

  private static RoleDetection empty(String schema, String evidence) {
    Map<Table, Ranking> tables = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      tables.put(
          t,
          new Ranking(
              t.defaultName(), List.of(), Optional.empty(), false, true, "no relation to choose"));
    }
    Map<Field, Ranking> fields = new EnumMap<>(Field.class);
    for (Field f : Field.values()) {
      fields.put(
          f,
          new Ranking(
              f.qualifiedKey(), List.of(), Optional.empty(), false, f.required(), "no table"));
    }
    return new RoleDetection(schema, evidence, tables, fields);
  }

  // ------------------------------------------------------------------ tables

  /** The best assignment of relations to roles within one schema, and every role's options. */
  private static final class Assignment {
    final String schema;
    final List<RelationFacts> relations;
    final Map<Table, List<RelationFacts>> candidates = new EnumMap<>(Table.class);
    final Map<Table, Map<String, Scored>> own = new EnumMap<>(Table.class);
    final Map<Table, Map<String, Double>> bestWith = new EnumMap<>(Table.class);
    final Map<Table, Double> bestWithout = new EnumMap<>(Table.class);
    final Map<Table, Map<String, List<String>>> edgeReasons = new EnumMap<>(Table.class);
    final Map<Table, Map<String, Double>> edgeScores = new EnumMap<>(Table.class);
    final Map<Table, String> mappedMissing = new EnumMap<>(Table.class);
    final Map<String, Scored> edges = new HashMap<>();
    double bestScore = 0;

    Assignment(String schema, List<RelationFacts> relations) {
      this.schema = schema;
      this.relations = relations;
      for (Table t : Table.values()) {
        bestWith.put(t, new HashMap<>());
        bestWithout.put(t, Double.NEGATIVE_INFINITY);
        edgeReasons.put(t, new HashMap<>());
        edgeScores.put(t, new HashMap<>());
      }
    }
  }

  private static Assignment assign(SourceFacts facts, String schema, RoleMapping mapping) {
    List<RelationFacts> relations = facts.relations(schema);
    Assignment a = new Assignment(schema, relations);
    for (Table t : Table.values()) {
      Map<String, Scored> scores = new HashMap<>();
      for (RelationFacts r : relations) {
        scores.put(r.name(), tableScore(t, r));
      }
      a.own.put(t, scores);
      Optional<String> mapped = mapping.table(t);
      if (mapped.isPresent()) {
        Optional<RelationFacts> found =
            sameName(mapped.get(), relations.stream().map(RelationFacts::name).toList())
                .flatMap(n -> relations.stream().filter(r -> r.name().equals(n)).findFirst());
        found.ifPresentOrElse(
            r -> a.candidates.put(t, List.of(r)),
            () -> {
              a.candidates.put(t, List.of());
              a.mappedMissing.put(t, mapped.get());
            });
      } else {
        List<RelationFacts> ranked = new ArrayList<>(relations);
        ranked.sort(
            Comparator.comparingDouble(
                    (RelationFacts r) ->
                        -scores.get(r.name()).score() - edgePotential(facts, t, r, relations))
                .thenComparing(RelationFacts::name));
        a.candidates.put(t, ranked.subList(0, Math.min(TABLE_CANDIDATES, ranked.size())));
      }
    }

    // Every assignment of distinct relations (or none) to the four roles.
    Table[] roles = Table.values();
    RelationFacts[] pick = new RelationFacts[roles.length];
    enumerate(facts, a, roles, pick, 0, mapping);
    for (Table t : roles) {
      a.bestScore = Math.max(a.bestScore, a.bestWithout.get(t));
      a.bestWith.get(t).values().forEach(v -> a.bestScore = Math.max(a.bestScore, v));
    }
    return a;
  }

  private static void enumerate(
      SourceFacts facts,
      Assignment a,
      Table[] roles,
      RelationFacts[] pick,
      int index,
      RoleMapping mapping) {
    if (index == roles.length) {
      double total = 0;
      Map<Table, List<String>> reasons = new EnumMap<>(Table.class);
      Map<Table, Double> edgeShare = new EnumMap<>(Table.class);
      for (int i = 0; i < roles.length; i++) {
        if (pick[i] != null) {
          total += a.own.get(roles[i]).get(pick[i].name()).score();
          reasons.put(roles[i], new ArrayList<>());
          edgeShare.put(roles[i], 0.0);
        }
      }
      for (Reference ref : REFERENCES) {
        RelationFacts from = pick[ref.from().ordinal()];
        RelationFacts to = pick[ref.to().ordinal()];
        if (from == null || to == null) {
          continue;
        }
        Scored edge =
            a.edges.computeIfAbsent(from.name() + "\u0000" + to.name(), k -> edge(facts, from, to));
        total += edge.score();
        if (edge.score() != 0) {
          reasons.get(ref.from()).addAll(edge.reasons());
          reasons.get(ref.to()).addAll(edge.reasons());
          edgeShare.merge(ref.from(), edge.score(), Double::sum);
          edgeShare.merge(ref.to(), edge.score(), Double::sum);
        }
      }
      for (int i = 0; i < roles.length; i++) {
        Table t = roles[i];
        if (pick[i] == null) {
          if (total > a.bestWithout.get(t)) {
            a.bestWithout.put(t, total);
          }
        } else {
          String name = pick[i].name();
          Double previous = a.bestWith.get(t).get(name);
          if (previous == null || total > previous) {
            a.bestWith.get(t).put(name, total);
            a.edgeReasons.get(t).put(name, reasons.get(t));
            a.edgeScores.get(t).put(name, edgeShare.get(t));
          }
        }
      }
      return;
    }
    Table role = roles[index];
    List<RelationFacts> options = a.candidates.get(role);
    boolean mapped = mapping.table(role).isPresent() && !options.isEmpty();
    for (RelationFacts r : options) {
      boolean taken = false;
      for (int i = 0; i < index; i++) {
        if (pick[i] == r) {
          taken = true;
        }
      }
      if (taken) {
        continue;
      }
      pick[index] = r;
      enumerate(facts, a, roles, pick, index + 1, mapping);
    }
    if (!mapped) {
      pick[index] = null;
      enumerate(facts, a, roles, pick, index + 1, mapping);
    }
    pick[index] = null;
  }

  /** How much a relation could gain from references, to keep it among the candidates. */
  private static double edgePotential(
      SourceFacts facts, Table t, RelationFacts r, List<RelationFacts> relations) {
    double best = 0;
    for (Reference ref : REFERENCES) {
      for (RelationFacts other : relations) {
        if (other == r) {
          continue;
        }
        if (ref.from() == t) {
          best = Math.max(best, edge(facts, r, other).score());
        } else if (ref.to() == t) {
          best = Math.max(best, edge(facts, other, r).score());
        }
      }
    }
    return best / 2;
  }

  /** A relation's own evidence for a role: its name and what its columns look like. */
  static Scored tableScore(Table t, RelationFacts r) {
    List<String> reasons = new ArrayList<>();
    double score = 0;
    RoleNames.Match name = RoleNames.table(t, r.name());
    if (name.found()) {
      score += name.score();
      reasons.add(name.why());
    }
    switch (t) {
      case ORDERS -> {
        if (r.columns().stream().anyMatch(c -> isTimestamp(c) || isDate(c))) {
          score += 1;
          reasons.add("has a timestamp column");
        }
      }
      case CLIENTS -> {
        Optional<ColumnFacts> promo =
            r.columns().stream()
                .filter(
                    c ->
                        RoleNames.field(Field.CLIENT_PROMOTION, c.name()).score() >= 2
                            || promotionShare(c) >= 0.8)
                .findFirst();
        if (promo.isPresent()) {
          score += 1;
          reasons.add("has a promotion-like column (" + promo.get().name() + ")");
        }
      }
      case PRODUCTS -> {
        long numbers = r.columns().stream().filter(RoleDetector::isNumber).count();
        if (numbers >= 2) {
          score += 1;
          reasons.add("has " + numbers + " number columns (price and tax?)");
        }
      }
      case ORDER_ITEMS -> {
        if (r.columns().size() >= 3 && r.columns().stream().anyMatch(RoleDetector::isNumber)) {
          score += 0.3;
          reasons.add("has a number column (quantity?)");
        }
      }
    }
    return Scored.of(score, reasons);
  }

  /**
   * How strongly {@code from} references {@code to}: a declared foreign key, else the inclusion of
   * one of its columns' values in a column of {@code to}.
   */
  static Scored edge(SourceFacts facts, RelationFacts from, RelationFacts to) {
    for (ColumnFacts c : from.columns()) {
      for (ColumnRef target : c.references()) {
        if (target.schema().equals(to.schema()) && target.table().equals(to.name())) {
          return Scored.of(
              3,
              List.of(
                  from.name()
                      + "."
                      + c.name()
                      + " → "
                      + to.name()
                      + "."
                      + target.column()
                      + " (declared foreign key)"));
        }
      }
    }
    Inclusion best = null;
    for (Inclusion i : facts.inclusions()) {
      if (i.from().schema().equals(from.schema())
          && i.from().table().equals(from.name())
          && i.to().schema().equals(to.schema())
          && i.to().table().equals(to.name())
          && i.checked() > 0
          && (best == null || i.share() > best.share())) {
        best = i;
      }
    }
    if (best == null || best.share() < 0.8) {
      return Scored.of(0, List.of());
    }
    return Scored.of(
        (best.share() >= 0.98 ? 2.5 : 1.5) * weight(best), List.of(inclusionWords(best)));
  }

  /**
   * How much an inclusion proves: a handful of distinct values (one customer id repeated) fits
   * almost any key column by chance, so fewer than {@value #CONVINCING_VALUES} count for less.
   */
  private static double weight(Inclusion i) {
    return Math.min(1.0, (double) i.checked() / CONVINCING_VALUES);
  }

  /** Distinct values an inclusion check needs to count fully. */
  private static final int CONVINCING_VALUES = 10;

  private static String inclusionWords(Inclusion i) {
    return (i.found() == i.checked()
            ? "every"
            : String.format(Locale.ROOT, "%d of %d", i.found(), i.checked()))
        + " sampled value of "
        + i.from()
        + " exists in "
        + i.to()
        + (i.found() == i.checked() ? " (" + i.found() + " of " + i.checked() + ")" : "");
  }

  // ------------------------------------------------------------------ ranking

  private static RoleDetection rank(
      SourceFacts facts, Assignment a, RoleMapping mapping, String schema, String schemaEvidence) {
    Map<Table, Ranking> tables = new EnumMap<>(Table.class);
    Map<Table, RelationFacts> chosenOrBest = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      Optional<String> mapped = mapping.table(t);
      if (mapped.isPresent()) {
        Optional<RelationFacts> r = a.candidates.get(t).stream().findFirst();
        if (r.isPresent()) {
          chosenOrBest.put(t, r.get());
          tables.put(
              t,
              new Ranking(
                  t.defaultName(),
                  List.of(new Candidate(r.get().name(), "", 1, List.of("mapped"))),
                  Optional.of(r.get().name()),
                  true,
                  true,
                  ""));
        } else {
          tables.put(
              t,
              new Ranking(
                  t.defaultName(),
                  List.of(),
                  Optional.empty(),
                  true,
                  true,
                  "no table "
                      + mapped.get()
                      + " (mapped as "
                      + t.defaultName()
                      + "; found: "
                      + names(a.relations)
                      + ")"));
        }
        continue;
      }
      Map<String, Double> with = a.bestWith.get(t);
      double without = a.bestWithout.get(t);
      double max =
          Math.max(without, with.values().stream().mapToDouble(d -> d).max().orElse(without));
      double sum = Math.exp(without - max);
      for (double v : with.values()) {
        sum += Math.exp(v - max);
      }
      List<Candidate> candidates = new ArrayList<>();
      for (Map.Entry<String, Double> e : with.entrySet()) {
        List<String> evidence = new ArrayList<>(a.own.get(t).get(e.getKey()).reasons());
        for (String reason : a.edgeReasons.get(t).getOrDefault(e.getKey(), List.of())) {
          if (!evidence.contains(reason)) {
            evidence.add(reason);
          }
        }
        candidates.add(new Candidate(e.getKey(), "", Math.exp(e.getValue() - max) / sum, evidence));
      }
      candidates.sort(
          Comparator.comparingDouble((Candidate c) -> -c.confidence())
              .thenComparing(Candidate::name));
      Optional<String> chosen = Optional.empty();
      String note;
      if (candidates.isEmpty()) {
        note = "no relation in schema " + schema + " to choose from";
      } else {
        Candidate top = candidates.get(0);
        double own =
            a.own.get(t).get(top.name()).score()
                + a.edgeScores.get(t).getOrDefault(top.name(), 0.0);
        if (top.confidence() >= CONFIDENT && own >= MIN_OWN_SCORE) {
          chosen = Optional.of(top.name());
          note = "";
        } else if (own < MIN_OWN_SCORE) {
          note = "no relation of schema " + schema + " has evidence for " + t.defaultName();
        } else {
          note =
              "not sure: "
                  + top.name()
                  + " has only "
                  + top.percent()
                  + (candidates.size() > 1
                      ? ", " + candidates.get(1).name() + " " + candidates.get(1).percent()
                      : "");
        }
        facts.relation(schema, top.name()).ifPresent(r -> chosenOrBest.put(t, r));
      }
      tables.put(t, new Ranking(t.defaultName(), trim(candidates), chosen, false, true, note));
    }
    // Two roles must not share their best relation when neither is chosen confidently.
    Map<Field, Ranking> fields = rankFields(facts, tables, chosenOrBest, mapping);
    return new RoleDetection(schema, schemaEvidence, tables, fields);
  }

  /** The candidates worth showing: those with some share, at most eight. */
  private static List<Candidate> trim(List<Candidate> candidates) {
    List<Candidate> shown = new ArrayList<>();
    for (Candidate c : candidates) {
      if (shown.size() < 8 && (shown.isEmpty() || c.confidence() >= 0.005)) {
        shown.add(c);
      }
    }
    return shown;
  }

  private static String names(List<RelationFacts> relations) {
    return String.join(", ", relations.stream().map(RelationFacts::name).sorted().toList());
  }

  // ------------------------------------------------------------------ fields

  private static Map<Field, Ranking> rankFields(
      SourceFacts facts,
      Map<Table, Ranking> tables,
      Map<Table, RelationFacts> relations,
      RoleMapping mapping) {
    // The key of each table first: references are judged against it.
    Map<Table, ColumnFacts> keys = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      RelationFacts r = relations.get(t);
      if (r == null) {
        continue;
      }
      Field uid = UIDS.get(t);
      Optional<String> mapped = mapping.column(uid);
      if (mapped.isPresent()) {
        sameColumn(r, mapped.get()).ifPresent(c -> keys.put(t, c));
        continue;
      }
      r.columns().stream()
          .filter(c -> compatible(uid.kind(), c))
          .max(
              Comparator.comparingDouble(
                      (ColumnFacts c) -> fieldScore(uid, c, r, facts, relations, keys).score())
                  .thenComparing(ColumnFacts::name, Comparator.reverseOrder()))
          .filter(c -> fieldScore(uid, c, r, facts, relations, keys).score() > 0)
          .ifPresent(c -> keys.put(t, c));
    }

    Map<Field, Ranking> fields = new EnumMap<>(Field.class);
    for (Table t : Table.values()) {
      RelationFacts r = relations.get(t);
      List<Field> tableFields =
          List.of(Field.values()).stream().filter(f -> f.table() == t).toList();
      if (r == null) {
        for (Field f : tableFields) {
          fields.put(
              f,
              new Ranking(
                  f.qualifiedKey(),
                  List.of(),
                  Optional.empty(),
                  false,
                  f.required(),
                  "no table for " + t.defaultName()));
        }
        continue;
      }
      boolean tableChosen = tables.get(t).chosen().isPresent();
      fields.putAll(rankTable(facts, r, tableFields, relations, keys, mapping, tableChosen));
    }
    return fields;
  }

  private static Map<Field, Ranking> rankTable(
      SourceFacts facts,
      RelationFacts r,
      List<Field> tableFields,
      Map<Table, RelationFacts> relations,
      Map<Table, ColumnFacts> keys,
      RoleMapping mapping,
      boolean tableChosen) {
    Map<Field, Ranking> result = new EnumMap<>(Field.class);
    Map<Field, String> assigned = new EnumMap<>(Field.class);
    Set<String> taken = new LinkedHashSet<>();
    // Mapped columns first: they are not available to the other fields.
    for (Field f : tableFields) {
      mapping
          .column(f)
          .ifPresent(
              name -> {
                Optional<ColumnFacts> c = sameColumn(r, name);
                if (c.isPresent()) {
                  assigned.put(f, c.get().name());
                  taken.add(c.get().name());
                }
              });
    }
    Map<Field, Map<String, Scored>> scores = new EnumMap<>(Field.class);
    List<Object[]> pairs = new ArrayList<>();
    for (Field f : tableFields) {
      Map<String, Scored> byColumn = new LinkedHashMap<>();
      for (ColumnFacts c : r.columns()) {
        if (!compatible(f.kind(), c) || taken.contains(c.name())) {
          continue;
        }
        Scored s = fieldScore(f, c, r, facts, relations, keys);
        byColumn.put(c.name(), s);
        if (mapping.column(f).isEmpty() && s.score() > 0) {
          pairs.add(new Object[] {f, c.name(), s.score()});
        }
      }
      scores.put(f, byColumn);
    }
    // Strongest evidence first; each column holds one field.
    pairs.sort(
        Comparator.comparingDouble((Object[] p) -> -(double) p[2])
            .thenComparing(p -> ((Field) p[0]).ordinal())
            .thenComparing(p -> (String) p[1]));
    for (Object[] p : pairs) {
      Field f = (Field) p[0];
      String column = (String) p[1];
      if (!assigned.containsKey(f) && !taken.contains(column)) {
        assigned.put(f, column);
        taken.add(column);
      }
    }

    for (Field f : tableFields) {
      Optional<String> mapped = mapping.column(f);
      if (mapped.isPresent()) {
        Optional<ColumnFacts> c = sameColumn(r, mapped.get());
        result.put(
            f,
            c.isPresent()
                ? new Ranking(
                    f.qualifiedKey(),
                    List.of(new Candidate(c.get().name(), c.get().type(), 1, List.of("mapped"))),
                    Optional.of(c.get().name()),
                    true,
                    f.required(),
                    "")
                : new Ranking(
                    f.qualifiedKey(),
                    List.of(),
                    Optional.empty(),
                    true,
                    f.required(),
                    "table "
                        + r.name()
                        + " has no column "
                        + mapped.get()
                        + " (mapped as "
                        + f.qualifiedKey()
                        + "; it has: "
                        + columnNames(r)
                        + ")"));
        continue;
      }
      Map<String, Scored> byColumn = scores.get(f);
      Set<String> others = new LinkedHashSet<>();
      assigned.forEach(
          (g, c) -> {
            if (g != f) {
              others.add(c);
            }
          });
      double sum = 1; // "something else"
      if (!f.required()) {
        sum += Math.exp(2.0); // "none": an optional field needs clear evidence
      }
      for (Map.Entry<String, Scored> e : byColumn.entrySet()) {
        if (!others.contains(e.getKey()) && e.getValue().score() > 0) {
          sum += Math.exp(e.getValue().score());
        }
      }
      List<Candidate> candidates = new ArrayList<>();
      for (Map.Entry<String, Scored> e : byColumn.entrySet()) {
        if (others.contains(e.getKey())) {
          continue;
        }
        double s = e.getValue().score();
        double confidence = s > 0 ? Math.exp(s) / sum : 0;
        ColumnFacts c = r.column(e.getKey()).orElseThrow();
        candidates.add(new Candidate(c.name(), c.type(), confidence, e.getValue().reasons()));
      }
      candidates.sort(
          Comparator.comparingDouble((Candidate c) -> -c.confidence())
              .thenComparing(c -> -byColumn.get(c.name()).score())
              .thenComparing(Candidate::name));
      Optional<String> chosen = Optional.empty();
      String note = "";
      Optional<String> pick = Optional.ofNullable(assigned.get(f));
      if (pick.isPresent()) {
        Candidate top =
            candidates.stream().filter(c -> c.name().equals(pick.get())).findFirst().orElseThrow();
        double own = byColumn.get(pick.get()).score();
        if (top.confidence() >= CONFIDENT && own >= MIN_OWN_SCORE && tableChosen) {
          chosen = pick;
        } else if (!tableChosen) {
          note = "the table for " + f.table().defaultName() + " is not chosen yet";
        } else {
          note = "not sure: " + top.name() + " has only " + top.percent();
        }
      } else {
        note =
            candidates.isEmpty()
                ? "no column of " + r.name() + " fits"
                : "no column of " + r.name() + " has evidence for it";
      }
      String wrongType = wrongTypes(f, r);
      if (chosen.isEmpty() && !wrongType.isEmpty()) {
        note = note + "; " + wrongType;
      }
      result.put(
          f, new Ranking(f.qualifiedKey(), trim(candidates), chosen, false, f.required(), note));
    }
    return result;
  }

  /** Columns whose name says they are the field but whose type Ferry cannot read for it. */
  private static String wrongTypes(Field f, RelationFacts r) {
    List<String> wrong = new ArrayList<>();
    for (ColumnFacts c : r.columns()) {
      if (!compatible(f.kind(), c) && RoleNames.field(f, c.name()).score() >= 2.5) {
        wrong.add(
            r.name()
                + "."
                + c.name()
                + " is "
                + c.type()
                + ", expected "
                + (f.kind() == Kind.NUMBER
                    ? "a number type (numeric, integer, ...)"
                    : f.kind() == Kind.TIMESTAMP
                        ? "timestamp with time zone, timestamp without time zone or date"
                        : "text"));
      }
    }
    return String.join("; ", wrong);
  }

  private static String columnNames(RelationFacts r) {
    return String.join(", ", r.columns().stream().map(ColumnFacts::name).toList());
  }

  /** A column's evidence for a field: name, keys, type and values. */
  static Scored fieldScore(
      Field f,
      ColumnFacts c,
      RelationFacts r,
      SourceFacts facts,
      Map<Table, RelationFacts> relations,
      Map<Table, ColumnFacts> keys) {
    List<String> reasons = new ArrayList<>();
    double score = 0;
    RoleNames.Match name = RoleNames.field(f, c.name());
    if (name.found()) {
      score += name.score();
      reasons.add(name.why());
    }
    Optional<ValueFacts> values = c.values().filter(v -> v.present() > 0);
    switch (f) {
      case CLIENT_UID, PRODUCT_UID, ORDER_UID, ITEM_UID -> {
        if (c.primaryKey()) {
          score += 3;
          reasons.add("primary key");
        } else if (c.unique()) {
          score += 2;
          reasons.add("unique");
        }
        if (values.isPresent()) {
          ValueFacts v = values.get();
          if (v.distinct() == v.present() && v.nulls() == 0 && !c.primaryKey() && !c.unique()) {
            score += 1;
            reasons.add("values are unique (" + v.distinct() + " of " + v.present() + ")");
          } else if (v.distinct() < v.present()) {
            score -= 2;
            reasons.add("values repeat (" + v.distinct() + " distinct of " + v.present() + ")");
          }
        }
        if (!c.references().isEmpty()) {
          score -= 1.5;
          reasons.add("references " + c.references().get(0) + " (a reference, not its own id)");
        }
      }
      case ORDER_CLIENT_UID, ITEM_ORDER_UID, ITEM_PRODUCT_UID -> {
        Reference ref = REFERENCES.stream().filter(x -> x.field() == f).findFirst().orElseThrow();
        RelationFacts target = relations.get(ref.to());
        if (target != null) {
          Scored link = link(facts, r, c, target, keys.get(ref.to()));
          score += link.score();
          reasons.addAll(link.reasons());
        }
        if (c.primaryKey()) {
          score -= 1;
          reasons.add("primary key of " + r.name() + " (its own id, rarely a reference)");
        }
      }
      case CLIENT_PROMOTION -> {
        if (isDate(c)) {
          score += 1;
          reasons.add("a date column");
        }
        if (values.isPresent()) {
          double share = promotionShare(c);
          if (isInteger(c)) {
            ValueFacts v = values.get();
            if (v.min().isPresent()
                && v.min().get().signum() >= 0
                && v.max().orElseThrow().compareTo(BigDecimal.valueOf(7)) <= 0) {
              score += 2;
              reasons.add(
                  "values are weekday numbers ("
                      + v.min().get().toPlainString()
                      + " to "
                      + v.max().get().toPlainString()
                      + ")");
            } else {
              score -= 1;
              reasons.add("numbers beyond 0–7, not weekdays");
            }
          } else if (!isDate(c) && !values.get().top().isEmpty()) {
            if (share >= 0.8) {
              score += 3;
              reasons.add(
                  String.format(
                      Locale.ROOT, "values read as weekdays or dates (%.0f %%)", share * 100));
            } else if (share < 0.2) {
              score -= 1;
              reasons.add("values do not read as weekdays or dates");
            }
          }
        }
      }
      case PRODUCT_TAX_RATE -> {
        if (values.isPresent() && values.get().min().isPresent()) {
          ValueFacts v = values.get();
          BigDecimal min = v.min().get();
          BigDecimal max = v.max().orElseThrow();
          if (min.signum() >= 0 && max.compareTo(BigDecimal.ONE) <= 0) {
            score += 2;
            reasons.add("values lie in [0, 1] (fractions)");
          } else if (min.signum() >= 0 && max.compareTo(BigDecimal.valueOf(100)) <= 0) {
            score += 1.5;
            reasons.add("values lie in [0, 100] (percents)");
          } else {
            score -= 2;
            reasons.add("values reach " + max.toPlainString() + ", not a rate");
          }
          if (v.distinct() <= 10) {
            score += 0.5;
            reasons.add("few distinct values (" + v.distinct() + ")");
          }
        }
      }
      case PRODUCT_UNIT_PRICE -> {
        if (values.isPresent() && values.get().min().isPresent()) {
          ValueFacts v = values.get();
          if (v.min().get().signum() >= 0 && v.distinct() > 10) {
            score += 1;
            reasons.add("many distinct non-negative amounts (" + v.distinct() + ")");
          } else if (v.min().get().signum() < 0) {
            score -= 1;
            reasons.add("negative values");
          }
        }
      }
      case ITEM_QUANTITY -> {
        if (values.isPresent() && values.get().min().isPresent()) {
          ValueFacts v = values.get();
          boolean whole = v.top().stream().allMatch(x -> whole(x.value()));
          if (whole
              && v.min().get().signum() >= 0
              && v.max().orElseThrow().compareTo(BigDecimal.valueOf(10_000)) <= 0) {
            score += 1.5;
            reasons.add(
                "whole numbers from "
                    + v.min().get().toPlainString()
                    + " to "
                    + v.max().get().toPlainString());
          }
        }
      }
      case ORDER_LATITUDE, ORDER_LONGITUDE -> {
        if (values.isPresent() && values.get().min().isPresent()) {
          ValueFacts v = values.get();
          BigDecimal abs = v.min().get().abs().max(v.max().orElseThrow().abs());
          if (f == Field.ORDER_LATITUDE) {
            if (abs.compareTo(BigDecimal.valueOf(90)) <= 0) {
              score += 1.5;
              reasons.add("values within [-90, 90]");
            } else {
              score -= 3;
              reasons.add("values beyond ±90, not a latitude");
            }
          } else if (abs.compareTo(BigDecimal.valueOf(180)) <= 0) {
            score += abs.compareTo(BigDecimal.valueOf(90)) > 0 ? 2 : 1;
            reasons.add(
                abs.compareTo(BigDecimal.valueOf(90)) > 0
                    ? "values beyond ±90 within [-180, 180]"
                    : "values within [-180, 180]");
          } else {
            score -= 3;
            reasons.add("values beyond ±180, not a longitude");
          }
        }
      }
      case ORDER_DATE -> {
        long timestamps = r.columns().stream().filter(x -> isTimestamp(x) || isDate(x)).count();
        if (isTimestamp(c)) {
          score += 1;
          reasons.add("a timestamp column");
        } else if (isDate(c)) {
          score += 0.5;
          reasons.add("a date column");
        }
        if (timestamps == 1) {
          score += 1.5;
          reasons.add("the only timestamp column of " + r.name());
        }
      }
      case ORDER_STATUS -> {
        if (c.enumType()) {
          score += 1;
          reasons.add("an enum");
        }
        if (values.isPresent()) {
          ValueFacts v = values.get();
          if (v.distinct() <= 20 && v.present() >= 2 * v.distinct()) {
            score += 1;
            reasons.add("few distinct values (" + v.distinct() + ")");
          }
        }
      }
      default -> {
        // name, address, brand: their names and types say enough
      }
    }
    if (f.kind() == Kind.TEXT && values.isPresent() && promotionShare(c) >= 0.8 && !isDate(c)) {
      score -= 1;
      reasons.add("values read as weekdays or dates");
    }
    return Scored.of(score, reasons);
  }

  /** How strongly column {@code c} of {@code from} references {@code target}'s key. */
  private static Scored link(
      SourceFacts facts, RelationFacts from, ColumnFacts c, RelationFacts target, ColumnFacts key) {
    for (ColumnRef ref : c.references()) {
      if (ref.schema().equals(target.schema()) && ref.table().equals(target.name())) {
        return Scored.of(
            4, List.of("declared foreign key to " + target.name() + "." + ref.column()));
      }
    }
    if (key == null) {
      return Scored.of(0, List.of());
    }
    Optional<Inclusion> inclusion =
        facts.inclusion(
            new ColumnRef(from.schema(), from.name(), c.name()),
            new ColumnRef(target.schema(), target.name(), key.name()));
    if (inclusion.isEmpty() || inclusion.get().checked() == 0) {
      return Scored.of(0, List.of());
    }
    Inclusion i = inclusion.get();
    if (i.share() >= 0.98) {
      return Scored.of(3.5 * weight(i), List.of(inclusionWords(i)));
    }
    if (i.share() >= 0.8) {
      return Scored.of(2 * weight(i), List.of(inclusionWords(i)));
    }
    return Scored.of(
        i.share() < 0.5 ? -2 : 0,
        List.of("only " + i.found() + " of " + i.checked() + " values exist in " + i.to()));
  }

  // ------------------------------------------------------------------ profiling requests

  /**
   * The relations whose values would settle what {@code detection} left open, and the inclusion
   * checks worth making: references of the best candidates for items and orders against the keys of
   * the best candidates for orders, products and clients.
   */
  public static ProfileRequest profileRequest(SourceFacts facts, RoleDetection detection) {
    String schema = detection.schema();
    List<RelationFacts> inSchema = facts.relations(schema);
    Set<String> relations = new LinkedHashSet<>();
    Map<Table, List<RelationFacts>> top = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      List<RelationFacts> best = new ArrayList<>();
      for (Candidate c : detection.tables().get(t).candidates()) {
        if (best.size() < 3) {
          facts.relation(schema, c.name()).ifPresent(best::add);
        }
      }
      if (best.isEmpty() || inSchema.size() <= 8) {
        best = inSchema.size() <= 8 ? inSchema : best;
      }
      top.put(t, best);
      best.forEach(r -> relations.add(r.name()));
    }
    List<ColumnRef[]> pairs = new ArrayList<>();
    for (Reference ref : REFERENCES) {
      for (RelationFacts from : top.get(ref.from())) {
        for (RelationFacts to : top.get(ref.to())) {
          if (from == to) {
            continue;
          }
          List<ColumnFacts> targetKeys = keyColumns(to);
          for (ColumnFacts c : from.columns()) {
            if (!c.readable() || !isIdLike(c) || (c.primaryKey() && from.columns().size() > 2)) {
              continue;
            }
            for (ColumnFacts k : targetKeys) {
              if (familiesMeet(c, k) && pairs.size() < 120) {
                ColumnRef a = new ColumnRef(schema, from.name(), c.name());
                ColumnRef b = new ColumnRef(schema, to.name(), k.name());
                if (pairs.stream().noneMatch(p -> p[0].equals(a) && p[1].equals(b))
                    && facts.inclusion(a, b).isEmpty()) {
                  pairs.add(new ColumnRef[] {a, b});
                }
              }
            }
          }
        }
      }
    }
    return new ProfileRequest(schema, List.copyOf(relations), pairs);
  }

  /**
   * What to read for a second look.
   *
   * @param schema the schema
   * @param relations relations whose column values to profile
   * @param inclusions pairs (referencing column, key column) whose inclusion to check
   */
  public record ProfileRequest(
      String schema, List<String> relations, List<ColumnRef[]> inclusions) {
    public ProfileRequest {
      relations = List.copyOf(relations);
      inclusions = List.copyOf(inclusions);
    }
  }

  /** The columns of {@code r} that may be its key: declared keys, else id-like names. */
  private static List<ColumnFacts> keyColumns(RelationFacts r) {
    List<ColumnFacts> declared =
        r.columns().stream().filter(c -> c.readable() && (c.primaryKey() || c.unique())).toList();
    if (!declared.isEmpty()) {
      return declared;
    }
    return r.columns().stream()
        .filter(c -> c.readable() && isIdLike(c))
        .filter(
            c ->
                RoleNames.words(c.name()).stream()
                    .anyMatch(
                        w ->
                            List.of(
                                    "id", "uid", "uuid", "guid", "codigo", "code", "cod", "ref",
                                    "key", "pk")
                                .contains(w)))
        .limit(3)
        .toList();
  }

  private static boolean familiesMeet(ColumnFacts a, ColumnFacts b) {
    String fa = family(a);
    String fb = family(b);
    if (fa.equals(fb)) {
      return true;
    }
    return fa.equals("text") || fb.equals("text");
  }

  private static String family(ColumnFacts c) {
    if (INTEGERS.contains(c.baseType()) || "numeric".equals(c.baseType())) {
      return "integer";
    }
    if ("uuid".equals(c.baseType())) {
      return "uuid";
    }
    return "text";
  }

  // ------------------------------------------------------------------ types and values

  static boolean compatible(Kind kind, ColumnFacts c) {
    return switch (kind) {
      case ID -> isIdLike(c);
      case TEXT -> isText(c);
      case PROMOTION -> isText(c) || isDate(c) || isInteger(c);
      case COORDINATE -> isNumber(c) || isText(c);
      case NUMBER -> isNumber(c);
      case TIMESTAMP -> isTimestamp(c) || isDate(c);
    };
  }

  private static boolean isIdLike(ColumnFacts c) {
    return isInteger(c)
        || "uuid".equals(c.baseType())
        || (isText(c) && !c.enumType())
        || ("numeric".equals(c.baseType()) && c.type().matches("numeric\\(\\d+(,\\s*0)?\\)"));
  }

  private static boolean isInteger(ColumnFacts c) {
    return INTEGERS.contains(c.baseType());
  }

  private static boolean isNumber(ColumnFacts c) {
    return INTEGERS.contains(c.baseType()) || DECIMALS.contains(c.baseType());
  }

  private static boolean isText(ColumnFacts c) {
    return c.enumType() || TEXTS.contains(c.baseType());
  }

  private static boolean isTimestamp(ColumnFacts c) {
    return TIMESTAMPS.contains(c.baseType());
  }

  private static boolean isDate(ColumnFacts c) {
    return "date".equals(c.baseType());
  }

  /** The share of a column's profiled values that read as weekday names or ISO dates. */
  static double promotionShare(ColumnFacts c) {
    if (c.values().isEmpty() || !isText(c)) {
      return 0;
    }
    long total = 0;
    long promotion = 0;
    for (ValueCount v : c.values().get().top()) {
      total += v.count();
      String spelling = PromotionDay.spelling(Optional.of(v.value()));
      if (!spelling.equals("not understood") && !spelling.equals("absent")) {
        promotion += v.count();
      }
    }
    return total == 0 ? 0 : (double) promotion / total;
  }

  private static boolean whole(String text) {
    try {
      return new BigDecimal(text.strip()).stripTrailingZeros().scale() <= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Optional<ColumnFacts> sameColumn(RelationFacts r, String wanted) {
    return sameName(wanted, r.columns().stream().map(ColumnFacts::name).toList())
        .flatMap(r::column);
  }

  /** {@code wanted} exactly, else the single candidate equal to it ignoring case. */
  static Optional<String> sameName(String wanted, java.util.Collection<String> candidates) {
    if (candidates.contains(wanted)) {
      return Optional.of(wanted);
    }
    List<String> folded =
        candidates.stream()
            .filter(c -> c.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT)))
            .toList();
    return folded.size() == 1 ? Optional.of(folded.get(0)) : Optional.empty();
  }
}
