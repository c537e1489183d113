package dev.ferry.ui.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.JobSettings;
import dev.ferry.app.RejectPolicy;
import dev.ferry.sink.MongoSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The mapping editor's source, target and reject policy alone: never a password. */
class EndpointsViewModelTest {
  private final EndpointsViewModel endpoints = new EndpointsViewModel();

  @Test
  void theConnectionIsShownAndWrittenWithoutItsPassword() {
    boolean hidden =
        endpoints.load(
            AnalysisFixtures.job(),
            new RejectPolicy(RejectPolicy.Mode.COLLECT, OptionalLong.of(7)));

    assertThat(hidden).isFalse();
    assertThat(endpoints.sourceUrlProperty().get()).doesNotContain(AnalysisFixtures.PASSWORD);
    assertThat(endpoints.rejectMaxProperty().get()).isEqualTo("7");
    endpoints.passwordEnvProperty().set("SHOP_PG");
    Map<String, Object> source = new LinkedHashMap<>();
    Map<String, Object> target = new LinkedHashMap<>();
    Map<String, Object> rejects = new LinkedHashMap<>();
    endpoints.putSource(source);
    endpoints.putTarget(target);
    endpoints.putRejects(rejects);
    assertThat(source)
        .containsEntry("user", "analyst")
        .containsEntry("password_env", "SHOP_PG")
        .doesNotContainKey("password");
    assertThat(target)
        .containsEntry("uri", "mongodb://localhost:27017")
        .containsEntry("database", "ferry_demo")
        .containsEntry("batch_size", "1000");
    assertThat(rejects).containsEntry("policy", "collect").containsEntry("max", "7");
  }

  @Test
  void aTargetUriWithAPasswordIsShownRedactedAndLeftOutUnlessItsVariableIsNamed() {
    JobSettings job = AnalysisFixtures.job();
    JobSettings withSecret =
        new JobSettings(
            job.source(),
            MongoSettings.of("mongodb://ferry:mongo-pw@db:27017", "ferry_demo"),
            job.mapping(),
            job.batchSize(),
            job.tunnel());

    assertThat(endpoints.load(withSecret, RejectPolicy.COLLECT)).isTrue();

    assertThat(endpoints.targetUriProperty().get()).doesNotContain("mongo-pw");
    Map<String, Object> target = new LinkedHashMap<>();
    endpoints.putTarget(target);
    assertThat(target).doesNotContainKeys("uri", "uri_env");
    endpoints.targetUriEnvProperty().set("MONGO_URI");
    target.clear();
    endpoints.putTarget(target);
    assertThat(target).containsEntry("uri_env", "MONGO_URI").doesNotContainKey("uri");
  }
}
