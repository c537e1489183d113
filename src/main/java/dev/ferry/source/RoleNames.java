package dev.ferry.source;

import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The name signal of role detection: how well a table or column name reads as one of Ferry's roles,
 * in English, Spanish or Portuguese, abbreviated or not, with prefixes and suffixes.
 *
 * <p>A name is cut into words (at separators, case changes and digits, and a run-together name such
 * as {@code fechapedido} at the known words it is made of), folded to lower case without accents,
 * and compared with phrases: groups of words that must all appear, e.g. an order word and a line
 * word for order items ({@code detalle_pedido}, {@code ord_ln}, {@code order_lines}). The words
 * left over decide how much the match counts: none, or only neutral ones ({@code tb}, {@code of},
 * the table's own name in a column, {@code day} next to {@code promo}) keep its full weight;
 * unknown ones halve it; a word that says the relation is a copy ({@code archive}, {@code backup},
 * {@code totals}) or that the column means something else ({@code updated}, {@code shipped} for an
 * order date; another table's name for an id) leaves almost nothing. A name is one signal among
 * several: {@link RoleDetector} adds keys, types and values.
 */
final class RoleNames {

  /**
   * What a name says about a role.
   *
   * @param score 0 (nothing) to about 3.5 (the role's own name)
   * @param why the evidence in words, e.g. {@code name "pedidos" (Spanish/Portuguese: orders)}
   */
  record Match(double score, String why) {
    static final Match NONE = new Match(0, "");

    boolean found() {
      return score > 0;
    }
  }

  /** A word group: words meaning one thing, each with the language it is from. */
  private enum Group {
    CLIENT(
        "en: client clients customer customers buyer buyers consumer consumers cust custs cus clt"
            + " clnt|es: cliente clientes comprador compradores|pt: cliente clientes comprador"
            + " compradores"),
    PRODUCT(
        "en: product products prod prods prd article articles goods sku skus merchandise|es:"
            + " producto productos articulo articulos mercancia|pt: produto produtos artigo artigos"
            + " mercadoria"),
    ORDER(
        "en: order orders ord ords purchase purchases sale sales|es: pedido pedidos orden ordenes"
            + " venta ventas compra compras|pt: pedido pedidos ordem ordens venda vendas compra"
            + " compras"),
    LINE(
        "en: item items line lines ln lns detail details entry entries position positions"
            + " lineitem lineitems|es: detalle detalles linea lineas renglon renglones partida"
            + " partidas|pt: item itens linha linhas detalhe detalhes"),
    BASKET("en: basket baskets cart carts|es: carrito cesta|pt: carrinho cesto"),
    ID(
        "en: id ids uid uuid guid code key pk ref no nr num number identifier|es: codigo cod"
            + " identificador numero nro clave|pt: codigo cod identificador numero chave"),
    NAME("en: name names fullname nm label|es: nombre nombres|pt: nome nomes"),
    TITLE("en: title description desc|es: titulo descripcion|pt: titulo descricao"),
    ADDRESS(
        "en: address addr adress street location|es: direccion domicilio calle ubicacion|pt:"
            + " endereco morada rua logradouro localizacao"),
    PROMO(
        "en: promotion promotions promo promos offer offers special deal discount|es: promocion"
            + " promociones oferta ofertas descuento|pt: promocao promocoes oferta ofertas"
            + " desconto"),
    DAY(
        "en: day days weekday weekdays dow wd date week weekly|es: dia dias fecha semana"
            + " semanal|pt: dia dias data semana semanal"),
    BRAND("en: brand brands brnd make maker manufacturer vendor|es: marca fabricante|pt: marca"),
    PRICE(
        "en: price prices prc cost unitprice listprice pricing|es: precio precios costo importe"
            + " valor pvp|pt: preco precos custo valor"),
    UNIT(
        "en: unit unitary list net base sale retail|es: unitario unitaria unidad lista neto venta"
            + "|pt: unitario unitaria unidade liquido venda"),
    TAX("en: tax taxes vat gst tva|es: iva impuesto impuestos igv|pt: imposto impostos icms"),
    RATE(
        "en: rate rates pct percent percentage ratio fraction factor|es: tasa porcentaje porc"
            + " tipo|pt: taxa porcentagem aliquota"),
    DATE("en: date datetime ts timestamp dt time|es: fecha hora momento|pt: data hora momento"),
    ORDERED(
        "en: ordered placed purchased booked|es: realizado emitido emision|pt: realizado emitido"
            + " emissao"),
    CREATED(
        "en: created creation registered inserted|es: creado creacion alta registro|pt: criado"
            + " criacao cadastro"),
    OTHER_TIME(
        "en: updated modified changed shipped delivered sent paid cancelled canceled deleted"
            + " due expected estimated closed completed birth born expires expiry|es: actualizado"
            + " modificado enviado entregado pagado cancelado borrado vencimiento nacimiento|pt:"
            + " atualizado modificado enviado entregue pago cancelado vencimento nascimento"),
    LATITUDE("en: latitude lat lt|es: latitud|pt: latitude"),
    LONGITUDE("en: longitude lng lon long lg|es: longitud|pt: longitude"),
    STATUS(
        "en: status state st stat phase stage|es: estado estatus situacion fase etapa|pt: estado"
            + " situacao fase etapa"),
    QUANTITY(
        "en: quantity quantities qty qtty units count cnt pieces pcs|es: cantidad cant unidades"
            + " piezas|pt: quantidade qtd qtde unidades pecas"),
    CONTACT(
        "en: email mail phone tel telephone mobile zip postcode city country|es: correo telefono"
            + " ciudad pais|pt: telefone cidade pais cep"),
    MONEY_TOTAL("en: total totals subtotal sum|es: suma|pt: soma"),
    NEUTRAL(
        "en: tb tbl table data info main master all app of the at on in per by is|es: tabla"
            + " datos de del la el los las en por|pt: tabela dados do da dos das em no na por"),
    DECOY(
        "en: archive archived arch backup bak bkp old tmp temp copy staging stage stg test"
            + " testing log logs audit history hist summary stats statistics agg aggregate"
            + " aggregates report reports deleted trash import export legacy snapshot dump view"
            + " vw mv|es: archivo historico copia prueba resumen reporte|pt: arquivo historico"
            + " copia teste resumo relatorio");

    private final Map<String, String> languages = new HashMap<>();

    Group(String spec) {
      for (String part : spec.split("\\|")) {
        String[] langWords = part.split(":", 2);
        String language =
            switch (langWords[0].strip()) {
              case "en" -> "English";
              case "es" -> "Spanish";
              default -> "Portuguese";
            };
        for (String word : langWords[1].strip().split("\\s+")) {
          languages.merge(word, language, (a, b) -> a.equals(b) ? a : a + "/" + b);
        }
      }
    }

    boolean has(String word) {
      return languages.containsKey(word);
    }

    String language(String word) {
      return languages.getOrDefault(word, "");
    }
  }

  /** A phrase: groups that must all be present, and what a full match is worth. */
  private record Phrase(List<Group> groups, double weight) {
    static Phrase of(double weight, Group... groups) {
      return new Phrase(List.of(groups), weight);
    }
  }

  /**
   * What a role's name may be made of.
   *
   * @param phrases the phrases that name it
   * @param neutral groups whose words may accompany a phrase without weakening it
   * @param conflicts groups whose words say the name means something else
   */
  private record Vocabulary(List<Phrase> phrases, Set<Group> neutral, Set<Group> conflicts) {}

  private static final Map<Table, Vocabulary> TABLES = new EnumMap<>(Table.class);
  private static final Map<Field, Vocabulary> FIELDS = new EnumMap<>(Field.class);
  private static final Set<String> KNOWN = new java.util.HashSet<>();
  private static final Pattern CAMEL = Pattern.compile("(?<=\\p{Ll})(?=\\p{Lu})");
  private static final Pattern DIGITS =
      Pattern.compile("(?<=\\p{L})(?=\\p{N})|(?<=\\p{N})(?=\\p{L})");

  static {
    for (Group group : Group.values()) {
      KNOWN.addAll(group.languages.keySet());
    }
    TABLES.put(
        Table.CLIENTS,
        new Vocabulary(
            List.of(Phrase.of(3, Group.CLIENT)),
            Set.of(Group.NEUTRAL),
            Set.of(Group.ORDER, Group.PRODUCT, Group.LINE, Group.ADDRESS, Group.CONTACT)));
    TABLES.put(
        Table.PRODUCTS,
        new Vocabulary(
            List.of(Phrase.of(3, Group.PRODUCT)),
            Set.of(Group.NEUTRAL),
            Set.of(Group.ORDER, Group.CLIENT, Group.LINE, Group.PRICE, Group.BRAND)));
    TABLES.put(
        Table.ORDERS,
        new Vocabulary(
            List.of(Phrase.of(3, Group.ORDER)),
            Set.of(Group.NEUTRAL),
            Set.of(Group.LINE, Group.PRODUCT, Group.CLIENT, Group.STATUS, Group.MONEY_TOTAL)));
    TABLES.put(
        Table.ORDER_ITEMS,
        new Vocabulary(
            List.of(
                Phrase.of(3, Group.ORDER, Group.LINE),
                Phrase.of(2.5, Group.ORDER, Group.PRODUCT),
                Phrase.of(2.5, Group.LINE),
                Phrase.of(2, Group.BASKET)),
            Set.of(Group.NEUTRAL, Group.PRODUCT),
            Set.of(Group.CLIENT, Group.MONEY_TOTAL)));

    Set<Group> idConflicts = Set.of(Group.NAME, Group.ADDRESS, Group.DATE, Group.PRICE, Group.TAX);
    FIELDS.put(Field.CLIENT_UID, idField(Group.CLIENT, Group.ORDER, Group.PRODUCT, Group.LINE));
    FIELDS.put(Field.PRODUCT_UID, idField(Group.PRODUCT, Group.ORDER, Group.CLIENT, Group.LINE));
    FIELDS.put(Field.ORDER_UID, idField(Group.ORDER, Group.CLIENT, Group.PRODUCT, Group.LINE));
    FIELDS.put(
        Field.ITEM_UID,
        new Vocabulary(
            List.of(Phrase.of(3, Group.LINE, Group.ID), Phrase.of(2.5, Group.ID)),
            Set.of(Group.NEUTRAL),
            union(idConflicts, Set.of(Group.ORDER, Group.PRODUCT, Group.CLIENT))));
    FIELDS.put(Field.ORDER_CLIENT_UID, referenceField(Group.CLIENT));
    FIELDS.put(Field.ITEM_ORDER_UID, referenceField(Group.ORDER));
    FIELDS.put(Field.ITEM_PRODUCT_UID, referenceField(Group.PRODUCT));
    FIELDS.put(
        Field.CLIENT_NAME,
        new Vocabulary(
            List.of(Phrase.of(3, Group.NAME)),
            Set.of(Group.NEUTRAL, Group.CLIENT),
            Set.of(Group.ADDRESS, Group.CONTACT, Group.ID, Group.PROMO)));
    FIELDS.put(
        Field.CLIENT_ADDRESS,
        new Vocabulary(
            List.of(Phrase.of(3, Group.ADDRESS)),
            Set.of(Group.NEUTRAL, Group.CLIENT),
            Set.of(Group.NAME, Group.CONTACT, Group.ID)));
    FIELDS.put(
        Field.CLIENT_PROMOTION,
        new Vocabulary(
            List.of(Phrase.of(3, Group.PROMO)),
            Set.of(Group.NEUTRAL, Group.CLIENT, Group.DAY),
            Set.of(Group.ID, Group.OTHER_TIME, Group.CREATED)));
    FIELDS.put(
        Field.PRODUCT_NAME,
        new Vocabulary(
            List.of(Phrase.of(3, Group.NAME), Phrase.of(2, Group.TITLE)),
            Set.of(Group.NEUTRAL, Group.PRODUCT),
            Set.of(Group.BRAND, Group.ID, Group.CLIENT)));
    FIELDS.put(
        Field.PRODUCT_BRAND,
        new Vocabulary(
            List.of(Phrase.of(3, Group.BRAND)),
            Set.of(Group.NEUTRAL, Group.PRODUCT, Group.NAME),
            Set.of(Group.ID)));
    FIELDS.put(
        Field.PRODUCT_UNIT_PRICE,
        new Vocabulary(
            List.of(Phrase.of(3, Group.PRICE)),
            Set.of(Group.NEUTRAL, Group.PRODUCT, Group.UNIT),
            Set.of(Group.TAX, Group.MONEY_TOTAL, Group.ID)));
    FIELDS.put(
        Field.PRODUCT_TAX_RATE,
        new Vocabulary(
            List.of(Phrase.of(3, Group.TAX)),
            Set.of(Group.NEUTRAL, Group.PRODUCT, Group.RATE),
            Set.of(Group.ID, Group.MONEY_TOTAL)));
    FIELDS.put(
        Field.ORDER_DATE,
        new Vocabulary(
            List.of(
                Phrase.of(3, Group.ORDER, Group.DATE),
                Phrase.of(3, Group.ORDERED),
                Phrase.of(2.5, Group.DATE),
                Phrase.of(2, Group.CREATED)),
            Set.of(Group.NEUTRAL, Group.ORDER, Group.DATE),
            Set.of(Group.OTHER_TIME, Group.CLIENT, Group.PRODUCT, Group.ID)));
    FIELDS.put(
        Field.ORDER_LATITUDE,
        new Vocabulary(
            List.of(Phrase.of(3, Group.LATITUDE)),
            Set.of(Group.NEUTRAL, Group.ORDER, Group.ADDRESS),
            Set.of(Group.LONGITUDE)));
    FIELDS.put(
        Field.ORDER_LONGITUDE,
        new Vocabulary(
            List.of(Phrase.of(3, Group.LONGITUDE)),
            Set.of(Group.NEUTRAL, Group.ORDER, Group.ADDRESS),
            Set.of(Group.LATITUDE)));
    FIELDS.put(
        Field.ORDER_STATUS,
        new Vocabulary(
            List.of(Phrase.of(3, Group.STATUS)),
            Set.of(Group.NEUTRAL, Group.ORDER),
            Set.of(Group.ID, Group.CLIENT, Group.DATE)));
    FIELDS.put(
        Field.ITEM_QUANTITY,
        new Vocabulary(
            List.of(Phrase.of(3, Group.QUANTITY)),
            Set.of(Group.NEUTRAL, Group.LINE, Group.ORDER, Group.PRODUCT),
            Set.of(Group.ID, Group.PRICE)));
  }

  private RoleNames() {}

  private static Vocabulary idField(Group own, Group... others) {
    return new Vocabulary(
        List.of(Phrase.of(3, own, Group.ID), Phrase.of(3, Group.ID)),
        Set.of(Group.NEUTRAL),
        union(Set.of(others), Set.of(Group.NAME, Group.ADDRESS, Group.DATE, Group.PRICE)));
  }

  private static Vocabulary referenceField(Group target) {
    return new Vocabulary(
        List.of(Phrase.of(3, target, Group.ID), Phrase.of(2.5, target)),
        Set.of(Group.NEUTRAL),
        Set.of(
            Group.NAME,
            Group.ADDRESS,
            Group.DATE,
            Group.STATUS,
            Group.PRICE,
            Group.TAX,
            Group.QUANTITY,
            Group.BRAND));
  }

  private static Set<Group> union(Set<Group> a, Set<Group> b) {
    Set<Group> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** How well relation {@code name} reads as {@code table}. */
  static Match table(Table table, String name) {
    Match match = match(TABLES.get(table), name, table.defaultName().replace('_', ' '));
    if (match.found() && fold(name).equals(table.defaultName())) {
      return new Match(match.score() + 1.5, "name \"" + name + "\" (Ferry's own name)");
    }
    return match;
  }

  /** How well column {@code name} reads as {@code field}. */
  static Match field(Field field, String name) {
    Match match = match(FIELDS.get(field), name, field.qualifiedKey());
    if (match.found() && fold(name).equals(field.key())) {
      return new Match(match.score() + 1.5, "name \"" + name + "\" (Ferry's own name)");
    }
    return match;
  }

  /** Whether the name's words include one meaning "a copy of" (archive, backup, totals, ...). */
  static boolean soundsLikeACopy(String name) {
    return words(name).stream()
        .anyMatch(w -> Group.DECOY.has(w) || w.chars().allMatch(Character::isDigit));
  }

  private static Match match(Vocabulary vocabulary, String name, String role) {
    List<String> words = words(name);
    if (words.isEmpty()) {
      return Match.NONE;
    }
    Match best = Match.NONE;
    for (Phrase phrase : vocabulary.phrases()) {
      List<String> rest = new ArrayList<>(words);
      List<String> matched = new ArrayList<>();
      boolean all = true;
      for (Group group : phrase.groups()) {
        Optional<String> word = rest.stream().filter(group::has).findFirst();
        if (word.isEmpty()) {
          all = false;
          break;
        }
        rest.remove(word.get());
        matched.add(word.get() + " (" + group.language(word.get()) + ")");
      }
      if (!all) {
        continue;
      }
      List<String> unknown = new ArrayList<>();
      List<String> against = new ArrayList<>();
      for (String word : rest) {
        boolean neutral =
            vocabulary.neutral().stream().anyMatch(g -> g.has(word))
                || phrase.groups().stream().anyMatch(g -> g.has(word));
        if (neutral) {
          continue;
        }
        if (Group.DECOY.has(word)
            || word.chars().allMatch(Character::isDigit)
            || vocabulary.conflicts().stream().anyMatch(g -> g.has(word))) {
          against.add(word);
        } else {
          unknown.add(word);
        }
      }
      double score;
      String why = "name \"" + name + "\" reads as " + role + ": " + String.join(" + ", matched);
      if (!against.isEmpty()) {
        score = 0.3;
        why += ", but \"" + String.join("\", \"", against) + "\" says it is something else";
      } else if (!unknown.isEmpty()) {
        score = phrase.weight() / 2;
        why += ", with \"" + String.join("\", \"", unknown) + "\"";
      } else {
        score = phrase.weight();
      }
      if (score > best.score()) {
        best = new Match(score, why);
      }
    }
    return best;
  }

  /** The words of an identifier: split, lower case, accents removed, run-together words cut. */
  static List<String> words(String identifier) {
    String spaced = DIGITS.matcher(CAMEL.matcher(identifier).replaceAll(" ")).replaceAll(" ");
    List<String> words = new ArrayList<>();
    for (String part : fold(spaced).split("[^\\p{L}\\p{N}]+")) {
      if (part.isEmpty()) {
        continue;
      }
      words.addAll(segment(part));
    }
    return words;
  }

  /** A word as is when known (or a known plural), else cut into known words when it can be. */
  private static List<String> segment(String word) {
    if (KNOWN.contains(word) || word.length() < 5) {
      return List.of(word);
    }
    // Cheapest cut into known words of at least two letters; unknown words stay whole.
    int n = word.length();
    Map<Integer, List<String>> best = new HashMap<>();
    best.put(0, List.of());
    for (int end = 2; end <= n; end++) {
      for (int start = 0; start <= end - 2; start++) {
        List<String> before = best.get(start);
        String piece = word.substring(start, end);
        if (before == null || !KNOWN.contains(piece)) {
          continue;
        }
        List<String> candidate = new ArrayList<>(before);
        candidate.add(piece);
        List<String> current = best.get(end);
        if (current == null || candidate.size() < current.size()) {
          best.put(end, candidate);
        }
      }
    }
    return best.getOrDefault(n, List.of(word));
  }

  /** Lower case without accents. */
  static String fold(String value) {
    String decomposed = Normalizer.normalize(value.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    return decomposed.replaceAll("\\p{M}", "");
  }

  /** Every word the vocabulary knows for a field, for messages. */
  static Set<String> wordsOf(Field field) {
    Set<String> words = new LinkedHashSet<>();
    for (Phrase phrase : FIELDS.get(field).phrases()) {
      for (Group group : phrase.groups()) {
        words.addAll(group.languages.keySet());
      }
    }
    return words;
  }
}
