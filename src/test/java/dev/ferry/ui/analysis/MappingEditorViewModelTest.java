package dev.ferry.ui.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.JobFile;
import dev.ferry.app.JobSettings;
import dev.ferry.app.RejectPolicy;
import dev.ferry.app.Timeouts;
import dev.ferry.core.PromotionOverride;
import dev.ferry.core.TaxRateFormat;
import dev.ferry.core.WeekdayNumbering;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.analysis.MappingEditorViewModel.Section;
import dev.ferry.ui.common.Workspace;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapping editor's state, validation and saved file, without a robot or a database. */
class MappingEditorViewModelTest {
  @TempDir Path dir;
  private MappingEditorViewModel editor;

  @BeforeEach
  void load() {
    editor = new MappingEditorViewModel(new Workspace(new SameThreadUiExecutor(), 10));
    editor.load(AnalysisFixtures.ready(), AnalysisFixtures.job());
  }

  private RoleRow row(String key) {
    return editor.roles().rows().stream()
        .filter(r -> r.key().equals(key))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void showsWhatFerryFoundAndHow() {
    assertThat(editor.roles().rows()).hasSize(Table.values().length + Field.values().length);
    assertThat(row("orders").value().get()).isEqualTo("orders");
    assertThat(row("orders").status().get()).isEqualTo("found by name");
    assertThat(row("order_items.uid").status().get()).isEqualTo("found by primary key");
    // Ferry's candidates come first, then every other relation.
    assertThat(row("orders").choices())
        .containsExactly("orders", "clients", "order_items", "products", "sales");
    assertThat(row("orders").candidatesText()).isEqualTo("95 %");
    assertThat(row("orders.status").choices()).contains("status", "latitude");
    assertThat(editor.unmappedProperty().get()).isEqualTo("Every role is mapped.");
    assertThat(editor.validationProperty().get()).isEmpty();
    // The analysis found percents, so the editor proposes them, with the evidence.
    assertThat(editor.rules().taxRateProperty().get()).isEqualTo(TaxRateFormat.PERCENT);
    assertThat(editor.rules().taxEvidenceProperty().get()).contains("percents");
    assertThat(editor.overrides().clientUids()).containsExactly("c-1", "c-13");
    assertThat(editor.endpoints().sourceUrlProperty().get())
        .doesNotContain(AnalysisFixtures.PASSWORD);
  }

  @Test
  void anotherTablePicksItsColumnsByName() {
    row("orders").value().set("sales");
    assertThat(row("orders.status").choices()).contains("order_status", "ordered_at");
    assertThat(row("orders.uid").value().get()).isEqualTo("id");
    assertThat(row("orders.date_of_order").value().get()).isEqualTo("Date_Of_Order");
    assertThat(row("orders.client_uid").value().get()).isEqualTo("customer_id");
    assertThat(row("orders.status").value().get()).isEqualTo("order_status");
    assertThat(row("orders").status().get()).isEqualTo("changed by you (Ferry found orders)");
  }

  @Test
  void aSchemaWithoutTheTablesFlagsEveryRole() {
    editor.roles().schemaProperty().set("archive");
    assertThat(row("orders").value().get()).isEmpty();
    assertThat(row("orders").status().get()).startsWith("NOT MAPPED");
    assertThat(row("order_items.uid").status().get()).isEqualTo("absent (optional)");
    assertThat(editor.unmappedProperty().get())
        .startsWith("Not mapped: clients, clients.uid")
        .doesNotContain("order_items.uid,");
  }

  @Test
  void anAnalysisThatCouldNotDecideLeavesTheRoleToTheAnalyst() {
    editor.load(AnalysisFixtures.notReady(), AnalysisFixtures.job());
    // The tables the catalog marked are still proposed; the one Ferry could not decide is open.
    assertThat(row("orders").value().get()).isEqualTo("orders");
    assertThat(row("orders.uid").value().get()).isEqualTo("uid");
    assertThat(row("order_items").value().get()).isEmpty();
    assertThat(row("order_items").status().get()).startsWith("CHOOSE");
    assertThat(editor.unmappedProperty().get())
        .contains("Ferry cannot decide these; choose them: order_items")
        .contains("Ferry's resolver said: no table plays order_items");
  }

  @Test
  void opensInTheJobFilesState_candidatesFirstAndQuestionsUnanswered() throws Exception {
    editor.load(AnalysisFixtures.withChoices(), AnalysisFixtures.job());
    RoleRow date = row("orders.date_of_order");
    assertThat(date.value().get()).isEmpty();
    assertThat(date.needsChoice()).isTrue();
    assertThat(date.choices()).startsWith("created_at", "shipped_at");
    assertThat(date.candidatesText()).isEqualTo("choose; created_at 45 %, shipped_at 44 %");
    assertThat(editor.rules().weekdayNumbersProperty().get()).isNull();
    assertThat(editor.rules().weekdayQuestionProperty().get())
        .startsWith("CHOOSE: clients.promotion_day holds weekday numbers (1, 3, 7)");
    assertThat(editor.unmappedProperty().get())
        .startsWith(
            "Ferry cannot decide these; choose them: orders.date_of_order,"
                + " mapping.weekday_numbers.");
    assertThat(editor.validationProperty().get())
        .contains("still holds 2 placeholders to be chosen")
        .contains(
            "source.roles.orders.columns.date_of_order (choose one of created_at, shipped_at)");
    assertThat(editor.errorSectionProperty().get()).isEqualTo(Section.ROLES);

    // Saving keeps the open choices as placeholders, which runs refuse.
    Path draft = dir.resolve("draft.yaml");
    editor.save(draft);
    assertThat(editor.messageProperty().get()).contains("with 2 choices still open");
    assertThatThrownBy(() -> JobFile.read(draft)).hasMessageContaining("placeholders to be chosen");
    assertThat(JobFile.readDraft(draft).placeholders()).hasSize(2);

    // The analyst picks from the candidates and answers the question: the job is complete.
    date.value().set("created_at");
    editor.rules().weekdayNumbersProperty().set(WeekdayNumbering.ISO);
    assertThat(date.status().get()).isEqualTo("changed by you (a candidate: 45 %)");
    assertThat(editor.validationProperty().get()).isEmpty();
    assertThat(editor.unmappedProperty().get()).isEqualTo("Every role is mapped.");
    Path done = dir.resolve("done.yaml");
    editor.save(done);
    JobFile saved = JobFile.read(done);
    assertThat(saved.source().roles().column(Field.ORDER_DATE)).contains("created_at");
    assertThat(saved.mapping().weekdayNumbers()).isEqualTo(WeekdayNumbering.ISO);
  }

  @Test
  void theChecksOfTheAnalysisAreShown() {
    assertThat(editor.checks())
        .containsExactly("✓ every order_items.quantity value is a positive number: yes, 34 of 34");
  }

  @Test
  void invalidSettingsShowJobFilesMessageAndItsSection() {
    editor.rules().zoneProperty().set("Mars/Olympus");
    assertThat(editor.validationProperty().get())
        .isEqualTo(
            "source.zone \"Mars/Olympus\" is not a time zone; use an id such as UTC or"
                + " America/Bogota.");
    assertThat(editor.errorSectionProperty().get()).isEqualTo(Section.MAPPING);
    editor.rules().zoneProperty().set("America/Mexico_City");
    assertThat(editor.validationProperty().get()).isEmpty();
    assertThat(editor.errorSectionProperty().get()).isNull();

    editor.rules().moneyScaleProperty().set("two");
    assertThat(editor.validationProperty().get())
        .isEqualTo("mapping.money_scale must be a whole number, not \"two\".");
    editor.rules().moneyScaleProperty().set("11");
    assertThat(editor.validationProperty().get()).contains("money scale must be between 0 and 10");
    editor.rules().moneyScaleProperty().set("3");

    editor.endpoints().rejectPolicyProperty().set(RejectPolicy.Mode.FAIL);
    editor.endpoints().rejectMaxProperty().set("5");
    assertThat(editor.validationProperty().get()).contains("rejects.max contradicts");
    assertThat(editor.errorSectionProperty().get()).isEqualTo(Section.REJECTS);
    editor.endpoints().rejectMaxProperty().set("");

    editor.endpoints().batchSizeProperty().set("0");
    assertThat(editor.validationProperty().get())
        .contains("batch size must be between 1 and 10000");
    assertThat(editor.errorSectionProperty().get()).isEqualTo(Section.TARGET);
    editor.endpoints().batchSizeProperty().set("500");

    row("clients").value().set("products");
    assertThat(editor.validationProperty().get())
        .contains("Table \"products\" is mapped to both clients and products");
    assertThat(editor.errorSectionProperty().get()).isEqualTo(Section.ROLES);
    row("clients").value().set("clients");
    assertThat(editor.validationProperty().get()).isEmpty();
  }

  @Test
  void overridesAreValidatedLikeAJobFile() {
    editor.overrides().clientProperty().set("c-13");
    editor.overrides().valueProperty().set("Funday");
    editor.overrides().add();
    assertThat(editor.validationProperty().get())
        .contains("mapping.promotion_overrides.c-13.value \"Funday\" is neither a weekday");
    assertThat(editor.errorSectionProperty().get()).isEqualTo(Section.OVERRIDES);
    // Adding for the same client replaces the entry.
    editor.overrides().clientProperty().set("c-13");
    editor.overrides().valueProperty().set("domingo");
    editor.overrides().zoneProperty().set("America/Bogota");
    editor.overrides().add();
    assertThat(editor.overrides().overrides())
        .containsExactly(new OverridesViewModel.OverrideRow("c-13", "domingo", "America/Bogota"));
    assertThat(editor.validationProperty().get()).isEmpty();
    editor.overrides().remove(editor.overrides().overrides().get(0));
    assertThat(editor.overrides().overrides()).isEmpty();
  }

  @Test
  void aSavedJobFileRunsUnderTheSessionsTimeouts() throws Exception {
    Timeouts session =
        new Timeouts(
            Duration.ofSeconds(20),
            Duration.ofMinutes(2),
            Duration.ofSeconds(5),
            Duration.ofHours(2));
    editor.load(AnalysisFixtures.ready(), session.applyTo(AnalysisFixtures.job()));

    Path file = dir.resolve("job.yaml");
    editor.save(file);

    assertThat(JobFile.read(file).timeouts()).isEqualTo(session);
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .contains("connect: 20s", "read: 2m", "server_selection: 5s", "query: 2h");
  }

  @Test
  void savesTheEditedJobFileWithoutAPassword() throws Exception {
    editor.rules().zoneProperty().set("America/Mexico_City");
    editor.rules().taxRateProperty().set(TaxRateFormat.AUTO);
    editor.rules().moneyScaleProperty().set("3");
    editor.rules().roundingProperty().set("HALF_EVEN");
    editor.endpoints().passwordEnvProperty().set("SHOP_PG_PASSWORD");
    editor.overrides().clientProperty().set("c-13");
    editor.overrides().valueProperty().set("sunday");
    editor.overrides().add();
    editor.endpoints().targetCollectionProperty().set("orders_v2");
    editor.endpoints().rejectPolicyProperty().set(RejectPolicy.Mode.COLLECT);
    editor.endpoints().rejectMaxProperty().set("25");
    row("orders").value().set("sales");

    Path file = dir.resolve("job.yaml");
    editor.save(file);

    assertThat(editor.messageProperty().get()).startsWith("Saved the job file " + file);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text)
        .doesNotContain(AnalysisFixtures.PASSWORD)
        .doesNotContainPattern("(?m)^\\s*password\\s*:");
    JobFile saved = JobFile.read(file);
    assertThat(saved.source().url())
        .contains("jdbc:postgresql://db.example:5432/shop?sslmode=disable");
    assertThat(saved.source().user()).contains("analyst");
    assertThat(saved.source().passwordEnv()).contains("SHOP_PG_PASSWORD");
    assertThat(saved.source().schema()).isEqualTo("public");
    assertThat(saved.source().roles().table(Table.ORDERS)).contains("sales");
    assertThat(saved.source().roles().column(Field.ORDER_DATE)).contains("Date_Of_Order");
    assertThat(saved.source().roles().column(Field.CLIENT_PROMOTION)).contains("promotion_day");
    assertThat(saved.mapping().sourceZone()).isEqualTo(ZoneId.of("America/Mexico_City"));
    assertThat(saved.mapping().taxRate()).isEqualTo(TaxRateFormat.AUTO);
    assertThat(saved.mapping().moneyScale()).isEqualTo(3);
    assertThat(saved.mapping().rounding()).isEqualTo(RoundingMode.HALF_EVEN);
    assertThat(saved.mapping().promotionOverrides())
        .containsEntry("c-13", PromotionOverride.value("sunday"));
    assertThat(saved.target().uri()).contains("mongodb://localhost:27017");
    assertThat(saved.target().database()).contains("ferry_demo");
    assertThat(saved.target().collection()).isEqualTo("orders_v2");
    assertThat(saved.rejects())
        .isEqualTo(new RejectPolicy(RejectPolicy.Mode.COLLECT, OptionalLong.of(25)));
  }

  @Test
  void anInvalidEditorSavesNothing() {
    editor.rules().zoneProperty().set("nowhere");
    Path file = dir.resolve("job.json");
    editor.save(file);
    assertThat(file).doesNotExist();
    assertThat(editor.messageProperty().get()).startsWith("Not saved");
  }

  @Test
  void aTargetUriWithAPasswordIsLeftOutOfTheFile() throws Exception {
    JobSettings job = AnalysisFixtures.job();
    JobSettings withSecret =
        new JobSettings(
            job.source(),
            dev.ferry.sink.MongoSettings.of("mongodb://ferry:mongo-pw@db:27017", "ferry_demo"),
            job.mapping(),
            job.batchSize(),
            job.tunnel());
    editor.load(AnalysisFixtures.ready(), withSecret);
    assertThat(editor.endpoints().targetUriProperty().get()).doesNotContain("mongo-pw");
    assertThat(editor.messageProperty().get()).contains("leaves it out");
    Path file = dir.resolve("job.json");
    editor.save(file);
    assertThat(Files.readString(file)).doesNotContain("mongo-pw");
    assertThat(JobFile.read(file).target().uri()).isEmpty();
    editor.endpoints().targetUriEnvProperty().set("MONGO_URI");
    editor.save(file);
    assertThat(JobFile.read(file).target().uriEnv()).contains("MONGO_URI");
  }

  @Test
  void usingTheEditorKeepsTheConnectionAndItsPassword() {
    editor.rules().zoneProperty().set("America/Bogota");
    editor.endpoints().targetCollectionProperty().set("orders_v2");
    editor.endpoints().batchSizeProperty().set("250");
    row("orders").value().set("sales");
    JobSettings current = AnalysisFixtures.job();
    JobSettings next = MappingEditorViewModel.settings(editor.jobFile(), current);
    assertThat(next.source().jdbcUrl()).isEqualTo(current.source().jdbcUrl());
    assertThat(next.source().password()).isEqualTo(current.source().password());
    assertThat(next.source().roles().table(Table.ORDERS)).contains("sales");
    assertThat(next.mapping().sourceZone()).isEqualTo(ZoneId.of("America/Bogota"));
    assertThat(next.target().connectionString()).isEqualTo(current.target().connectionString());
    assertThat(next.target().collection()).isEqualTo("orders_v2");
    assertThat(next.batchSize()).isEqualTo(250);
    assertThat(next.tunnel()).isEqualTo(current.tunnel());
  }

  @Test
  void applyWithoutASessionSaysSo() {
    editor.apply();
    assertThat(editor.messageProperty().get()).startsWith("Connect first");
    assertThat(editor.applyingProperty().get()).isFalse();
  }
}
