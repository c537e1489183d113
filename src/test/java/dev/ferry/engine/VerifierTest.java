package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Verification on its own: what it counts, what it names, and that it writes nothing. */
class VerifierTest {

  @Test
  void aMigratedTargetMatchesWithEveryTotalEqual() {
    EngineFixture f = new EngineFixture().withDemoData(300);
    f.migrate(100);
    VerificationReport report = f.verify();
    assertThat(report.matches()).isTrue();
    assertThat(report.sourceOrders()).isEqualTo(300);
    assertThat(report.expectedDocuments() + report.expectedRejects()).isEqualTo(300);
    assertThat(report.targetItems()).isEqualTo(report.expectedItems()).isPositive();
    assertThat(report.targetTotal()).isEqualByComparingTo(report.expectedTotal());
    assertThat(report.orphans()).isEqualTo(VerificationReport.Orphans.NONE);
  }

  @Test
  void rejectsMissingOrAlsoInTheTargetAndOrphanRejectsAreNamedAndCountedApart() {
    EngineFixture f = new EngineFixture().withDemoData(300);
    f.migrate(100);
    List<Document> rejects = f.onRejects();
    String missing = rejects.get(0).getString("_id");
    String doubled = rejects.get(1).getString("_id");
    f.onCollection("orders_rejects", c -> c.deleteOne(Filters.eq("_id", missing)));
    f.onCollection(
        "orders_rejects",
        c -> c.insertOne(new Document("_id", "no-such-order").append("reasons", List.of())));
    f.onCollection("orders", c -> c.insertOne(new Document("_id", doubled)));
    long before = f.rawDocuments("orders").size();

    VerificationReport report = f.verify();

    assertThat(report.matches()).isFalse();
    assertThat(report.differences())
        .extracting(Difference::orderUid, Difference::kind)
        .contains(
            org.assertj.core.groups.Tuple.tuple(missing, Difference.Kind.MISSING_REJECT),
            org.assertj.core.groups.Tuple.tuple(doubled, Difference.Kind.IN_BOTH),
            org.assertj.core.groups.Tuple.tuple("no-such-order", Difference.Kind.NO_SOURCE_ORDER));
    assertThat(report.orphans().rejects()).isEqualTo(1);
    assertThat(report.orphans().documents()).isZero();
    // Read-only: nothing repaired.
    assertThat(f.rawDocuments("orders")).hasSize((int) before);
  }
}
