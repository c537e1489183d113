package dev.ferry.ui.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.JobFile;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The mapping editor's role table alone: rows, their state, re-picking by name, the file's roles.
 */
class RolesViewModelTest {
  private final AtomicInteger changes = new AtomicInteger();
  private final RolesViewModel roles = new RolesViewModel(changes::incrementAndGet);

  private RoleRow row(String key) {
    return roles.rows().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void everyRoleAndFieldStartsAtWhatFerryFound() {
    roles.load(AnalysisFixtures.ready());

    assertThat(roles.rows()).hasSize(Table.values().length + Field.values().length);
    assertThat(roles.rows())
        .allSatisfy(r -> assertThat(r.state().get()).isEqualTo(RoleRow.State.FOUND));
    assertThat(roles.schemaProperty().get()).isEqualTo("public");
    assertThat(roles.schemas()).containsExactly("archive", "public");
    assertThat(roles.asked()).isEmpty();
    assertThat(roles.missing()).isEmpty();
    assertThat(row("orders.date_of_order").shortKey()).isEqualTo("date_of_order");
    assertThat(row("orders").shortKey()).isEqualTo("orders");
  }

  @Test
  void anotherTableRepicksItsColumnsByNameAndEveryChangeIsReported() {
    roles.load(AnalysisFixtures.ready());
    int before = changes.get();

    row("orders").value().set("sales");

    assertThat(changes.get()).isGreaterThan(before);
    assertThat(row("orders").state().get()).isEqualTo(RoleRow.State.CHANGED);
    assertThat(row("orders.date_of_order").value().get()).isEqualTo("Date_Of_Order");
    assertThat(row("orders.status").value().get()).isEqualTo("order_status");
    Map<String, Object> file = roles.jobFileRoles();
    assertThat(file).containsKey("orders");
    @SuppressWarnings("unchecked")
    Map<String, Object> orders = (Map<String, Object>) file.get("orders");
    assertThat(orders).containsEntry("table", "sales");
  }

  @Test
  void aSchemaWithoutFerrysTablesLeavesTheRequiredRolesNotMappedAndTheOptionalAbsent() {
    roles.load(AnalysisFixtures.ready());

    roles.schemaProperty().set("archive");

    assertThat(row("orders").state().get()).isEqualTo(RoleRow.State.NOT_MAPPED);
    assertThat(row("orders").state().get().open()).isTrue();
    assertThat(row("order_items.uid").state().get()).isEqualTo(RoleRow.State.ABSENT);
    assertThat(row("order_items.uid").state().get().open()).isFalse();
    assertThat(roles.missing()).contains("clients", "orders.uid").doesNotContain("order_items.uid");
  }

  @Test
  void aChoiceFerryCouldNotMakeStaysOpenAndIsWrittenAsItsPlaceholder() {
    roles.load(AnalysisFixtures.withChoices());

    RoleRow date = row("orders.date_of_order");
    assertThat(date.state().get()).isEqualTo(RoleRow.State.CHOOSE);
    assertThat(date.choices()).startsWith("created_at", "shipped_at");
    assertThat(roles.asked()).containsExactly("orders.date_of_order");
    @SuppressWarnings("unchecked")
    Map<String, Object> columns =
        (Map<String, Object>)
            ((Map<String, Object>) roles.jobFileRoles().get("orders")).get("columns");
    assertThat(columns.get("date_of_order"))
        .isEqualTo(
            new JobFile.Placeholder(
                    "source.roles.orders.columns.date_of_order",
                    List.of("created_at", "shipped_at"))
                .text());
  }

  @Test
  void pickingPrefersWhatWasFoundThenTheRolesNamesIgnoringCase() {
    assertThat(RolesViewModel.pick(List.of("a", "UID"), "a", List.of("uid"))).isEqualTo("a");
    assertThat(RolesViewModel.pick(List.of("a", "UID"), "gone", List.of("uid"))).isEqualTo("UID");
    assertThat(RolesViewModel.pick(List.of("a"), "", List.of("uid"))).isEmpty();
  }

  @Test
  void rowsTheEditorMatchedByNameAreNotChangesOfTheAnalyst() {
    // Ferry's analysis matched no column (order_items is open): the editor picks the columns by
    // name, as the resolver would. None of that is the analyst's doing.
    roles.load(AnalysisFixtures.notReady());

    assertThat(row("orders.date_of_order").value().get()).isEqualTo("date_of_order");
    assertThat(roles.rows()).noneMatch(r -> r.state().get() == RoleRow.State.CHANGED);
    assertThat(row("orders.date_of_order").state().get()).isEqualTo(RoleRow.State.MATCHED);
    assertThat(row("orders.date_of_order").status().get()).startsWith("matched by name");
    assertThat(row("orders.date_of_order").type().get()).isEqualTo("text");

    row("orders.status").value().set("latitude");

    assertThat(row("orders.status").state().get()).isEqualTo(RoleRow.State.CHANGED);
    assertThat(row("orders.status").status().get()).startsWith("changed by you");
    assertThat(row("orders.date_of_order").state().get()).isEqualTo(RoleRow.State.MATCHED);
  }

  @Test
  void anotherTableMatchesItsColumnsWithoutCallingThemChangedAndShowsTheirTypes() {
    roles.load(AnalysisFixtures.ready());

    row("orders").value().set("sales");

    assertThat(row("orders").state().get()).isEqualTo(RoleRow.State.CHANGED);
    assertThat(row("orders.date_of_order").state().get()).isEqualTo(RoleRow.State.MATCHED);
    assertThat(row("orders.date_of_order").status().get())
        .isEqualTo("matched by name in the table you chose (Ferry found date_of_order)");
    assertThat(row("orders.date_of_order").type().get()).isEqualTo("text");
    assertThat(row("orders").type().get()).isEmpty();
    row("orders.latitude").value().set("");
    assertThat(row("orders.latitude").type().get()).isEmpty();
  }

  @Test
  void aRoleTheAppliedMappingNamesIsNotSaidToBeFoundByMapped() {
    RoleRow applied =
        new RoleRow(
            Table.ORDERS, java.util.Optional.empty(), "orders", "", "mapped", List.of(), false);

    assertThat(applied.state().get()).isEqualTo(RoleRow.State.FOUND);
    assertThat(applied.status().get()).isEqualTo("as applied (your mapping)");
    assertThat(applied.status().get()).doesNotContain("found by mapped");
  }
}
