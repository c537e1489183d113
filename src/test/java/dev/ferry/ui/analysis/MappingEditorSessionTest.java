package dev.ferry.ui.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.analysis.AnalysisOptions;
import dev.ferry.app.FerrySession;
import dev.ferry.app.JobSettings;
import dev.ferry.app.RejectPolicy;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.Secret;
import dev.ferry.engine.RunStatus;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.testing.EmbeddedPostgresSupport;
import dev.ferry.testing.EmbeddedPostgresSupport.TestDatabase;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.tunnel.HostKeyPrompt;
import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.common.Workspace;
import dev.ferry.ui.run.RunViewModel;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Analysis screen and its mapping editor against a real source and target: the analyst picks
 * from the candidates, checks the mapping against the data, uses it for runs, reconnects — and the
 * mapping and its reject policy stay in force for runs started from the desktop app.
 */
class MappingEditorSessionTest {
  private static final String SQL =
      """
      CREATE TABLE clients (uid text PRIMARY KEY, name text, address text, promotion_day text);
      CREATE TABLE products (uid text PRIMARY KEY, name text, brand text,
        unit_price numeric(10,2), tax_rate numeric(6,4));
      CREATE TABLE orders (uid text PRIMARY KEY, first_seen timestamptz, last_seen timestamptz,
        client_uid text REFERENCES clients, latitude numeric, longitude numeric, status text);
      CREATE TABLE order_items (uid text PRIMARY KEY, order_uid text REFERENCES orders,
        product_uid text REFERENCES products, quantity integer);
      INSERT INTO clients VALUES ('c1', 'Ana', 'Calle 1', 'Monday'), ('c2', 'Beto', 'Calle 2', 'lunes');
      INSERT INTO products VALUES ('p1', 'Agua', 'Ciel', 10.50, 0.16), ('p2', 'Pan', NULL, 3.15, 0.08);
      INSERT INTO orders VALUES
        ('o1', '2024-03-04 10:00+00', '2024-03-05 10:00+00', 'c1', 19.4, -99.1, 'delivered'),
        ('o2', '2024-03-05 10:00+00', '2024-03-06 10:00+00', 'c2', 19.4, -99.1, 'delivered'),
        ('o3', '2024-03-06 10:00+00', '2024-03-07 10:00+00', 'c1', 19.4, -99.1, 'pending'),
        ('o4', '2024-03-07 10:00+00', '2024-03-08 10:00+00', 'c2', 19.4, -99.1, 'pending');
      INSERT INTO order_items VALUES
        ('l1', 'o1', 'p1', 2), ('l2', 'o1', 'p2', 1), ('l3', 'o2', 'p1', 0),
        ('l4', 'o3', 'p2', 3), ('l5', 'o4', 'p1', 1);
      ANALYZE;
      """;

  private TestDatabase db;
  private Workspace workspace;
  private AnalysisViewModel analysis;
  private MappingEditorViewModel editor;

  @BeforeEach
  void analyze() {
    db = EmbeddedPostgresSupport.createDatabase();
    db.execute(SQL);
    workspace = new Workspace(new SameThreadUiExecutor(), 10);
    workspace.replaceSession(FerrySession.open(job(db), HostKeyPrompt.REFUSE));
    analysis = new AnalysisViewModel(workspace);
    analysis.setOptions(AnalysisOptions.defaults().withBounds(1_000, 1_000));
    analysis.analyze();
    editor = analysis.editor();
  }

  @AfterEach
  void close() {
    workspace.close();
  }

  private static JobSettings job(TestDatabase db) {
    return JobSettings.of(
        PostgresSettings.of(db.jdbcUrl(), db.user(), Optional.of(Secret.of(db.password()))),
        MongoSettings.of(MongoTestSupport.connectionString(), MongoTestSupport.freshDatabase()),
        MappingSettings.defaults());
  }

  private RoleRow row(String key) {
    return editor.roles().rows().stream()
        .filter(r -> r.key().equals(key))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theAnalystPicksFromTheCandidatesChecksAndTheMappingSurvivesAReconnect() {
    assertThat(analysis.messageProperty().get()).contains("Ferry needs your choices");
    RoleRow date = row("orders.date_of_order");
    assertThat(date.value().get()).isEmpty();
    assertThat(date.choices()).startsWith("first_seen", "last_seen");

    // Nothing can be used for runs while a choice is open.
    editor.apply();
    assertThat(editor.messageProperty().get()).startsWith("Not applied: choose");

    date.value().set("first_seen");
    editor.check();
    assertThat(editor.checks())
        .contains(
            "✓ every orders.first_seen is set: yes, 4 of 4",
            "⚠ every order_items.quantity value is a positive number: no, 4 of 5",
            "✓ every order_items.order_uid value exists in orders.uid: yes, 5 of 5");
    assertThat(editor.messageProperty().get()).contains("1 check(s) pass only partly");

    editor.endpoints().rejectPolicyProperty().set(RejectPolicy.Mode.FAIL);
    editor.apply();
    assertThat(editor.messageProperty().get()).startsWith("Applied:").contains("(fail)");
    assertThat(workspace.session().job().source().roles().column(Field.ORDER_DATE))
        .contains("first_seen");
    assertThat(workspace.rejectPolicy().mode()).isEqualTo(RejectPolicy.Mode.FAIL);

    // The analyst reconnects from the Connections screen (a session without the editor's roles):
    // the editor keeps its mapping and applies it again.
    workspace.replaceSession(FerrySession.open(job(db), HostKeyPrompt.REFUSE));
    assertThat(analysis.analysisProperty().get()).isNotNull();
    assertThat(row("orders.date_of_order").value().get()).isEqualTo("first_seen");
    assertThat(workspace.session().job().source().roles().column(Field.ORDER_DATE))
        .contains("first_seen");
    assertThat(workspace.rejectPolicy().mode()).isEqualTo(RejectPolicy.Mode.FAIL);

    // A run from the desktop app follows the editor's reject policy: it stops at the first reject.
    RunViewModel run = new RunViewModel(workspace);
    run.batchSizeProperty().set(1);
    run.start();
    assertThat(run.lastReportProperty().get().run().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(run.statusTextProperty().get())
        .startsWith(
            "Stopped after 1 rejected order: the reject policy allows 0 (rejects.policy fail");

    // Another database: the mapping no longer applies.
    TestDatabase other = EmbeddedPostgresSupport.createDatabase();
    other.execute(SQL);
    workspace.replaceSession(FerrySession.open(job(other), HostKeyPrompt.REFUSE));
    assertThat(analysis.analysisProperty().get()).isNull();
    assertThat(editor.roles().rows()).isEmpty();
    assertThat(workspace.rejectPolicy()).isEqualTo(RejectPolicy.COLLECT);
  }
}
