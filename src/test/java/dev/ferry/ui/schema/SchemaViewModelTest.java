package dev.ferry.ui.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.DemoDataGenerator;
import dev.ferry.app.FerrySession;
import dev.ferry.app.JobSettings;
import dev.ferry.app.SourceCatalog;
import dev.ferry.app.SourceCatalog.Relation;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.Secret;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.tunnel.HostKeyPrompt;
import dev.ferry.ui.QueuedUiExecutor;
import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.Workspace;
import dev.ferry.ui.fx.UiExecutor;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Schema screen's state without a robot, against a real PostgreSQL: the catalog and Ferry's
 * roles, a relation's columns, indexes and first rows, what is missing when Ferry cannot read the
 * source, failures, and answers that arrive out of order.
 */
class SchemaViewModelTest {
  private final List<ErrorInfo> errors = new ArrayList<>();
  private Workspace workspace;
  private Optional<QueuedUiExecutor> queued = Optional.empty();

  private SchemaViewModel model(UiExecutor executor) {
    workspace = new Workspace(executor, 10);
    workspace.addErrorListener(errors::add);
    return new SchemaViewModel(workspace);
  }

  /** Closes the session (through a queued executor, the closing work must be run too). */
  @AfterEach
  void close() {
    if (workspace != null) {
      workspace.close();
    }
    queued.ifPresent(QueuedUiExecutor::runAll);
  }

  private static TestDatabase demoDatabase() throws Exception {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    try (Connection c = db.superuserConnection()) {
      DemoDataGenerator.createSchema(c);
      DemoDataGenerator.seed(c, 30, 42);
      c.createStatement().execute("ANALYZE");
    }
    return db;
  }

  private static FerrySession session(TestDatabase db) {
    return FerrySession.open(
        JobSettings.of(
            PostgresSettings.of(db.jdbcUrl(), db.user(), Optional.of(Secret.of(db.password()))),
            MongoSettings.of(MongoTestSupport.connectionString(), MongoTestSupport.freshDatabase()),
            MappingSettings.defaults()),
        HostKeyPrompt.REFUSE);
  }

  private static Relation relation(SchemaViewModel model, String name) {
    return model.snapshotProperty().get().schemas().stream()
        .flatMap(s -> s.relations().stream())
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void withoutAConnectionItAsksForOne() {
    SchemaViewModel model = model(new SameThreadUiExecutor());

    model.refresh();

    assertThat(model.snapshotProperty().get()).isNull();
    assertThat(model.rolesProperty().get()).isEqualTo("Connect to browse the source schema.");
    assertThat(model.loadingProperty().get()).isFalse();
    assertThat(errors).isEmpty();
  }

  @Test
  void aNewSessionShowsTheCatalogAndWhichTablesFerryReads() throws Exception {
    SchemaViewModel model = model(new SameThreadUiExecutor());

    workspace.replaceSession(session(demoDatabase()));

    assertThat(model.snapshotProperty().get()).isNotNull();
    assertThat(model.rolesReadyProperty().get()).isTrue();
    assertThat(model.rolesProperty().get())
        .contains("clients = public.clients")
        .contains("order_items = public.order_items")
        .endsWith("Every expected column was found.");
    Relation orders = relation(model, "orders");
    assertThat(model.roleOf(orders)).contains("orders");

    model.select(orders);

    assertThat(model.relationTitleProperty().get()).isEqualTo("public.orders");
    assertThat(model.relationInfoProperty().get())
        .startsWith("table · ~30 rows")
        .contains("Ferry reads it as orders");
    assertThat(model.columns())
        .filteredOn(c -> c.name().equals("uid"))
        .singleElement()
        .satisfies(c -> assertThat(c.keys()).isEqualTo("PK"));
    assertThat(model.sampleProperty().get().rows()).hasSize(30);
    assertThat(model.sampleProperty().get().columns()).contains("uid", "client_uid");

    model.select(relation(model, "order_items"));

    assertThat(model.columns())
        .filteredOn(c -> c.name().equals("order_uid"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.keys()).isEqualTo("FK → orders.uid");
              assertThat(c.nullable()).isEqualTo("no");
            });
    assertThat(model.indexes())
        .extracting(SourceCatalog.Index::name)
        .contains("order_items_order_uid");
    assertThat(errors).isEmpty();
  }

  @Test
  void aSourceFerryCannotReadListsEachProblemAndStillMarksTheTablesFound() throws Exception {
    TestDatabase db = EmbeddedPostgresSupport.createDatabase();
    db.execute(
        """
        CREATE TABLE clients (uid text PRIMARY KEY, name text, address text, promotion_day text);
        CREATE TABLE products (uid text PRIMARY KEY, name text, brand text,
          unit_price numeric(10,2), tax_rate numeric(6,4));
        CREATE TABLE orders (uid text PRIMARY KEY, date_of_order timestamptz,
          client_uid text REFERENCES clients, latitude numeric, longitude numeric, status text);
        """);
    SchemaViewModel model = model(new SameThreadUiExecutor());

    workspace.replaceSession(session(db));

    SourceCatalog catalog = model.snapshotProperty().get();
    assertThat(model.rolesReadyProperty().get()).isFalse();
    assertThat(catalog.missing())
        .isNotEmpty()
        .allSatisfy(problem -> assertThat(problem).doesNotContain("cannot be read:"));
    assertThat(model.rolesProperty().get())
        .contains("orders = public.orders")
        .endsWith(SchemaViewModel.missingList(catalog.missing()));
    // One problem per line, each a sentence of its own.
    assertThat(model.rolesProperty().get().lines().filter(l -> l.startsWith("• ")))
        .hasSize(catalog.missing().size())
        .allSatisfy(line -> assertThat(line).endsWith(".").doesNotEndWith(".."));
    assertThat(model.roleOf(relation(model, "clients"))).contains("clients");
  }

  /** In the table ¶ separates the resolver's problems and ⏎ is a line break of the list. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no table plays clients (found: a, b) | ⏎Missing:⏎• no table plays clients (found: a, b).",
        "not sure which table is orders (candidates: o 40 %; found: o); map it¶table lines has no"
            + " column for quantity. | ⏎Missing:⏎• not sure which table is orders (candidates:"
            + " o 40 %; found: o); map it.⏎• table lines has no column for quantity.",
      })
  void missingProblemsAreListedOnePerLineEachEndingOnce(String problems, String shown) {
    assertThat(SchemaViewModel.missingList(List.of(problems.split("¶"))))
        .isEqualTo(shown.replace('⏎', '\n'));
  }

  @Test
  void aRelationDroppedSinceTheCatalogWasReadSaysSo() throws Exception {
    TestDatabase db = demoDatabase();
    SchemaViewModel model = model(new SameThreadUiExecutor());
    workspace.replaceSession(session(db));
    Relation items = relation(model, "order_items");
    db.execute("DROP TABLE order_items");

    model.select(items);

    assertThat(model.sampleProperty().get()).isNull();
    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.title()).isEqualTo("First rows of order_items");
              assertThat(e.cause()).startsWith("There is no table or view public.order_items");
            });
  }

  @Test
  void theNewestSelectionsRowsStayWhenAnOlderAnswerArrivesLater() throws Exception {
    QueuedUiExecutor executor = new QueuedUiExecutor();
    queued = Optional.of(executor);
    SchemaViewModel model = model(executor);
    workspace.replaceSession(session(demoDatabase()));
    assertThat(model.loadingProperty().get()).isTrue();
    executor.runAll();
    assertThat(model.loadingProperty().get()).isFalse();

    model.select(relation(model, "orders"));
    model.select(relation(model, "clients"));
    executor.run(1);
    executor.run(0);

    assertThat(model.selectedProperty().get().name()).isEqualTo("clients");
    assertThat(model.sampleProperty().get().relation().name()).isEqualTo("clients");
  }
}
