package dev.ferry.source;

import dev.ferry.core.MappingSettings;
import dev.ferry.core.PromotionDay;
import dev.ferry.core.TaxRateFormat;
import dev.ferry.source.SourceSchema.Column;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a mapping — whichever tables and columns were chosen, by detection or by the analyst —
 * against the data before a run: {@code every order_lines.qty value is a positive number: yes,
 * 6,842 of 6,842}.
 *
 * <p>Contract: read-only {@code SELECT}s over whole tables, each under a {@value
 * #TIMEOUT_SECONDS}-second timeout (and a savepoint when the connection is in a transaction); a
 * check that times out or fails is reported as {@link Verdict#NOT_CHECKED}, never as passed. The
 * checks: ids unique, the order date set, every reference found (orders → clients, items → orders,
 * items → products), quantities positive, prices non-negative, tax rates in the range the tax
 * format implies, promotion values understood under the mapping settings (the first {@value
 * #PROMOTION_VALUES} distinct values), coordinates in range.
 */
public final class MappingCheck {
  private static final Logger LOG = LoggerFactory.getLogger(MappingCheck.class);

  /** The longest one check may run. */
  public static final int TIMEOUT_SECONDS = 30;

  /** How many distinct promotion values are judged. */
  public static final int PROMOTION_VALUES = 1000;

  private static final Set<String> INTEGERS = Set.of("int2", "int4", "int8");
  private static final Set<String> NUMBERS =
      Set.of("int2", "int4", "int8", "numeric", "float4", "float8", "money");
  private static final String NUMBER_TEXT = "'^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)\\s*$'";

  private MappingCheck() {}

  /** How a check came out. */
  public enum Verdict {
    /** Every value passes. */
    YES,
    /** Some values fail (those orders are rejected, or the pick is doubtful). */
    PARTLY,
    /** No value passes: the pick is almost certainly wrong. */
    NO,
    /** The check could not run (timeout, privilege); nothing is claimed. */
    NOT_CHECKED
  }

  /**
   * One check.
   *
   * @param subject what was checked, e.g. {@code order_lines.qty}
   * @param claim what must hold, e.g. {@code every order_lines.qty value is a positive number}
   * @param passed values that satisfy it
   * @param total values checked
   * @param verdict the outcome
   */
  public record Result(String subject, String claim, long passed, long total, Verdict verdict) {
    public Result {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(claim, "claim");
      Objects.requireNonNull(verdict, "verdict");
    }

    static Result of(String subject, String claim, long passed, long total) {
      Verdict verdict = passed == total ? Verdict.YES : passed == 0 ? Verdict.NO : Verdict.PARTLY;
      return new Result(subject, claim, passed, total, verdict);
    }

    static Result notChecked(String subject, String claim) {
      return new Result(subject, claim, 0, 0, Verdict.NOT_CHECKED);
    }

    /** E.g. {@code every order_lines.qty value is a positive number: yes, 6,842 of 6,842}. */
    public String sentence() {
      return switch (verdict) {
        case YES -> claim + ": yes, " + count(passed) + " of " + count(total);
        case PARTLY, NO -> claim + ": no, " + count(passed) + " of " + count(total);
        case NOT_CHECKED -> claim + ": not checked (the query did not finish)";
      };
    }

    private static String count(long n) {
      return String.format(Locale.ROOT, "%,d", n);
    }
  }

  /**
   * Checks {@code schema} with {@code settings}, connecting with {@code source} (read-only, one
   * snapshot) and disconnecting.
   *
   * @throws SourceException when the source cannot be reached
   */
  public static List<Result> check(
      PostgresSettings source, SourceSchema schema, MappingSettings settings) {
    try (Connection connection = SourceConnections.openReadOnly(source)) {
      SourceConnections.beginReadOnly(connection, Duration.ofSeconds(TIMEOUT_SECONDS));
      try {
        return check(connection, schema, settings);
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw new SourceException(
          "Could not check the mapping against " + source.describe() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Resolves the source {@code source} describes (its schema and role mapping) and checks it with
   * {@code settings}, on one read-only snapshot.
   *
   * @throws SourceSchemaException when the mapping does not resolve
   * @throws SourceException when the source cannot be reached
   */
  public static List<Result> check(PostgresSettings source, MappingSettings settings) {
    try (Connection connection = SourceConnections.openReadOnly(source)) {
      SourceConnections.beginReadOnly(connection, Duration.ofSeconds(TIMEOUT_SECONDS));
      try {
        SourceSchema schema =
            new SourceSchemaResolver(source.schema(), source.roles()).resolve(connection);
        return check(connection, schema, settings);
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw new SourceException(
          "Could not check the mapping against " + source.describe() + ": " + e.getMessage(), e);
    }
  }

  /** Checks {@code schema} on {@code connection}, inside the caller's transaction. */
  public static List<Result> check(
      Connection connection, SourceSchema schema, MappingSettings settings) {
    Checker c = new Checker(connection, schema);
    List<Result> results = new ArrayList<>();
    results.add(c.unique(Field.CLIENT_UID));
    results.add(c.unique(Field.PRODUCT_UID));
    results.add(c.unique(Field.ORDER_UID));
    results.add(c.present(Field.ORDER_DATE, "is set"));
    results.add(c.reference(Field.ORDER_CLIENT_UID, Field.CLIENT_UID));
    results.add(c.reference(Field.ITEM_ORDER_UID, Field.ORDER_UID));
    results.add(c.reference(Field.ITEM_PRODUCT_UID, Field.PRODUCT_UID));
    results.add(c.condition(Field.ITEM_QUANTITY, "%s > 0", "is a positive number", true));
    results.add(c.condition(Field.PRODUCT_UNIT_PRICE, "%s >= 0", "is a number ≥ 0", true));
    TaxRateFormat tax = settings.taxRate();
    results.add(
        switch (tax) {
          case FRACTION ->
              c.condition(
                  Field.PRODUCT_TAX_RATE, "%s BETWEEN 0 AND 1", "is a fraction in [0, 1]", true);
          case PERCENT ->
              c.condition(
                  Field.PRODUCT_TAX_RATE, "%s BETWEEN 0 AND 100", "is a percent in [0, 100]", true);
          case AUTO ->
              c.condition(
                  Field.PRODUCT_TAX_RATE,
                  "%s BETWEEN 0 AND 100",
                  "is a rate (fraction or percent) in [0, 100]",
                  true);
        });
    results.add(c.promotion(settings));
    results.add(c.coordinate(Field.ORDER_LATITUDE, 90, "a latitude in [-90, 90]"));
    results.add(c.coordinate(Field.ORDER_LONGITUDE, 180, "a longitude in [-180, 180]"));
    return results;
  }

  /** The checks, with the connection and schema they run on. */
  private static final class Checker {
    private final Connection connection;
    private final SourceSchema schema;

    Checker(Connection connection, SourceSchema schema) {
      this.connection = connection;
      this.schema = schema;
    }

    private String table(Table t) {
      return OrderQuery.quote(schema.schema()) + "." + OrderQuery.quote(schema.tableName(t));
    }

    private String subject(Field f) {
      return schema.tableName(f.table()) + "." + schema.required(f).name();
    }

    private String column(Field f) {
      return "t." + OrderQuery.quote(schema.required(f).name());
    }

    private String number(Field f) {
      Column c = schema.required(f);
      return "money".equals(c.baseType()) ? column(f) + "::numeric" : column(f);
    }

    Result unique(Field f) {
      String claim = "every " + subject(f) + " value is unique";
      String sql =
          "SELECT count(DISTINCT "
              + column(f)
              + "), count("
              + column(f)
              + ") FROM "
              + table(f.table())
              + " t";
      return counts(subject(f), claim, sql);
    }

    Result present(Field f, String what) {
      String claim = "every " + subject(f) + " " + what;
      String sql = "SELECT count(" + column(f) + "), count(*) FROM " + table(f.table()) + " t";
      return counts(subject(f), claim, sql);
    }

    Result reference(Field from, Field key) {
      String claim = "every " + subject(from) + " value exists in " + subject(key);
      Column a = schema.required(from);
      Column b = schema.required(key);
      boolean same =
          a.baseType().equals(b.baseType())
              || (INTEGERS.contains(a.baseType()) && INTEGERS.contains(b.baseType()));
      String value = same ? column(from) : column(from) + "::text";
      String target =
          same ? "x." + OrderQuery.quote(b.name()) : "x." + OrderQuery.quote(b.name()) + "::text";
      String sql =
          "SELECT coalesce(sum(CASE WHEN "
              + value
              + " IN (SELECT "
              + target
              + " FROM "
              + table(key.table())
              + " x) THEN 1 ELSE 0 END), 0), count("
              + column(from)
              + ") FROM "
              + table(from.table())
              + " t";
      return counts(subject(from), claim, sql);
    }

    Result condition(Field f, String condition, String what, boolean nullsFail) {
      String claim = "every " + subject(f) + " value " + what;
      Column c = schema.required(f);
      if (!NUMBERS.contains(c.baseType())) {
        return Result.of(subject(f), claim + " (it is " + c.type() + ")", 0, 1);
      }
      String sql =
          "SELECT count(*) FILTER (WHERE "
              + condition.formatted(number(f))
              + "), "
              + (nullsFail ? "count(*)" : "count(" + column(f) + ")")
              + " FROM "
              + table(f.table())
              + " t";
      return counts(subject(f), claim, sql);
    }

    Result coordinate(Field f, int limit, String what) {
      String claim = "every " + subject(f) + " value is " + what;
      Column c = schema.required(f);
      String test;
      if (NUMBERS.contains(c.baseType())) {
        test = number(f) + " BETWEEN -" + limit + " AND " + limit;
      } else {
        String text = column(f) + "::text";
        test =
            text
                + " ~ "
                + NUMBER_TEXT
                + " AND (CASE WHEN "
                + text
                + " ~ "
                + NUMBER_TEXT
                + " THEN btrim("
                + text
                + ")::numeric END) BETWEEN -"
                + limit
                + " AND "
                + limit;
      }
      String sql =
          "SELECT count(*) FILTER (WHERE "
              + test
              + "), count("
              + column(f)
              + ") FROM "
              + table(f.table())
              + " t";
      return counts(subject(f), claim, sql);
    }

    Result promotion(MappingSettings settings) {
      Field f = Field.CLIENT_PROMOTION;
      String claim =
          "every "
              + subject(f)
              + " value reads as a weekday or a date"
              + switch (settings.weekdayNumbers()) {
                case NONE -> "";
                default -> " (weekday numbers " + settings.weekdayNumbers().meaning() + ")";
              };
      String sql =
          "SELECT "
              + column(f)
              + "::text, count(*) FROM "
              + table(f.table())
              + " t WHERE "
              + column(f)
              + " IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT "
              + PROMOTION_VALUES;
      Optional<long[]> counts =
          run(
              sql,
              rs -> {
                long passed = 0;
                long total = 0;
                while (rs.next()) {
                  long n = rs.getLong(2);
                  total += n;
                  PromotionDay day = settings.promotionDay(Optional.of(rs.getString(1)));
                  if (day instanceof PromotionDay.Weekday || day instanceof PromotionDay.OnDate) {
                    passed += n;
                  }
                }
                return new long[] {passed, total};
              });
      return counts
          .map(c -> Result.of(subject(f), claim, c[0], c[1]))
          .orElseGet(() -> Result.notChecked(subject(f), claim));
    }

    private Result counts(String subject, String claim, String sql) {
      return run(
              sql,
              rs -> {
                rs.next();
                return Result.of(subject, claim, rs.getLong(1), rs.getLong(2));
              })
          .orElseGet(() -> Result.notChecked(subject, claim));
    }

    private interface Reading<T> {
      T read(ResultSet rs) throws SQLException;
    }

    private <T> Optional<T> run(String sql, Reading<T> reading) {
      Savepoint savepoint = null;
      try {
        if (!connection.getAutoCommit()) {
          savepoint = connection.setSavepoint();
        }
        T result;
        try (Statement statement = connection.createStatement()) {
          statement.setQueryTimeout(TIMEOUT_SECONDS);
          try (ResultSet rs = statement.executeQuery(sql)) {
            result = reading.read(rs);
          }
        }
        if (savepoint != null) {
          connection.releaseSavepoint(savepoint);
        }
        return Optional.of(result);
      } catch (SQLException e) {
        LOG.info("a mapping check did not finish: {}", e.getMessage());
        if (savepoint != null) {
          try {
            connection.rollback(savepoint);
          } catch (SQLException rollback) {
            LOG.debug("could not roll back to the savepoint: {}", rollback.getMessage());
          }
        }
        return Optional.empty();
      }
    }
  }
}
