package dev.ferry.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hosted workflow ({@code .github/workflows/ci.yml}), parsed: it builds an installer on each
 * system the jar supports, runs the suite against MongoDB 6.0, 7.0 and 8.0 (one with
 * authentication, one a replica set), and every script or repository file it runs is there.
 */
class WorkflowTest {
  private static final Path WORKFLOW = Path.of(".github/workflows/ci.yml");

  /** Repository paths a command may name: the CI scripts, the scripts, sources. */
  private static final Pattern REPOSITORY_PATH =
      Pattern.compile("(?<![\\w./-])(?:\\./)?((?:\\.ci|scripts|src|\\.github)/[\\w./-]+)");

  private static JsonNode workflow;

  @BeforeAll
  static void parse() throws IOException {
    workflow = new ObjectMapper(new YAMLFactory()).readTree(WORKFLOW.toFile());
  }

  /** Every step of every job, by job id. */
  private static Map<String, List<JsonNode>> steps() {
    Map<String, List<JsonNode>> steps = new TreeMap<>();
    workflow
        .path("jobs")
        .properties()
        .forEach(
            job -> {
              List<JsonNode> list = new ArrayList<>();
              job.getValue().path("steps").forEach(list::add);
              steps.put(job.getKey(), list);
            });
    return steps;
  }

  private static List<String> runs(List<JsonNode> steps) {
    List<String> runs = new ArrayList<>();
    for (JsonNode step : steps) {
      if (step.hasNonNull("run")) {
        runs.add(step.get("run").asText());
      }
    }
    return runs;
  }

  @Test
  void itIsAWorkflowWithJobsThatAllHaveStepsAndARunner() {
    assertThat(workflow.path("name").asText()).isNotBlank();
    assertThat(workflow.has("on")).isTrue();
    assertThat(steps()).isNotEmpty();
    workflow
        .path("jobs")
        .properties()
        .forEach(
            job -> {
              assertThat(job.getValue().path("runs-on").asText()).as(job.getKey()).isNotBlank();
              assertThat(job.getValue().path("steps").size()).as(job.getKey()).isPositive();
            });
  }

  @Test
  void everyScriptAndRepositoryFileItRunsExists() {
    List<String> checked = new ArrayList<>();
    steps()
        .forEach(
            (job, steps) -> {
              for (String run : runs(steps)) {
                Matcher m = REPOSITORY_PATH.matcher(run);
                while (m.find()) {
                  Path file = Path.of(m.group(1));
                  assertThat(file).as("%s runs %s", job, file).exists();
                  checked.add(m.group(1));
                }
                for (String line : run.split("\n")) {
                  String command = line.strip().split("\\s+")[0];
                  if (command.startsWith(".ci/") || command.startsWith("scripts/")) {
                    assertThat(Files.isExecutable(Path.of(command)))
                        .as("%s runs %s, which must be executable", job, command)
                        .isTrue();
                  }
                }
              }
              for (JsonNode step : steps) {
                String uses = step.path("uses").asText("");
                if (uses.startsWith("./")) {
                  assertThat(Path.of(uses)).as("%s uses %s", job, uses).exists();
                } else if (!uses.isEmpty()) {
                  assertThat(uses).as("%s: an action pinned to a version", job).matches(".+@.+");
                }
              }
            });
    assertThat(checked).contains(".ci/run", ".ci/mongodb-replica-set-tls");
  }

  @Test
  void installersAreBuiltStartedAndAttachedOnLinuxWindowsAndBothKindsOfMac() {
    JsonNode installers = workflow.path("jobs").path("installers");
    List<String> systems = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    installers
        .path("strategy")
        .path("matrix")
        .path("include")
        .forEach(
            entry -> {
              systems.add(entry.path("os").asText());
              kinds.add(entry.path("installer").asText());
            });

    assertThat(systems)
        .anyMatch(os -> os.startsWith("ubuntu-"))
        .anyMatch(os -> os.startsWith("windows-"))
        .anyMatch(os -> os.startsWith("macos-") && os.endsWith("-intel"))
        .anyMatch(os -> os.matches("macos-(1[4-9]|2\\d|latest)"));
    assertThat(kinds).anyMatch(k -> k.endsWith(".deb")).anyMatch(k -> k.endsWith(".msi"));
    assertThat(kinds).anyMatch(k -> k.endsWith(".dmg"));
    String all = String.join("\n", runs(steps().get("installers")));
    assertThat(all)
        .contains("-Ppackage")
        .contains("-DexcludedGroups=openssh-server")
        .contains("--version")
        .contains("demo --no-wait");
    assertThat(steps().get("installers"))
        .anyMatch(s -> s.path("uses").asText().startsWith("actions/upload-artifact@"));
  }

  @Test
  void theSuiteRunsAgainstMongoDb6And7And8WithAuthenticationAndAReplicaSet() throws IOException {
    List<String> versions = new ArrayList<>();
    boolean authentication = false;
    boolean replicaSet = false;
    for (Map.Entry<String, JsonNode> job : workflow.path("jobs").properties()) {
      JsonNode body = job.getValue();
      String runs = String.join("\n", runs(steps().get(job.getKey())));
      List<String> here = new ArrayList<>();
      body.path("services")
          .forEach(
              service -> {
                Matcher image =
                    Pattern.compile("mongo:(\\d+\\.\\d+)").matcher(service.path("image").asText());
                if (image.matches()) {
                  here.add(image.group(1));
                }
              });
      Matcher started = Pattern.compile("mongodb-replica-set-tls (\\d+\\.\\d+)").matcher(runs);
      if (started.find()) {
        here.add(started.group(1));
        replicaSet = true;
      }
      if (here.isEmpty()) {
        continue;
      }
      versions.addAll(here);
      authentication |= body.path("services").toString().contains("MONGO_INITDB_ROOT_USERNAME");
      assertThat(runs).as(job.getKey()).contains(".ci/run");
      boolean uri =
          body.path("env").has("FERRY_TEST_MONGO_URI") || runs.contains("mongodb-replica-set-tls");
      assertThat(uri).as("%s sets FERRY_TEST_MONGO_URI", job.getKey()).isTrue();
    }

    assertThat(versions).containsExactlyInAnyOrder("6.0", "7.0", "8.0");
    assertThat(authentication).as("one server with authentication on").isTrue();
    assertThat(replicaSet).as("one single-node replica set").isTrue();
    assertThat(Files.readString(Path.of(".ci/mongodb-replica-set-tls")))
        .contains("--replSet")
        .contains("FERRY_TEST_MONGO_URI");
  }

  @Test
  void thePackagingProfileFindsEveryFileItNames() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher m = Pattern.compile("\\$\\{project\\.basedir}/(src/[\\w./-]+)").matcher(pom);
    List<String> named = new ArrayList<>();
    while (m.find()) {
      named.add(m.group(1));
      assertThat(Path.of(m.group(1))).as("pom.xml names %s", m.group(1)).exists();
    }
    assertThat(named)
        .contains(
            "src/packaging/ferry.png",
            "src/packaging/ferry.ico",
            "src/packaging/ferry.icns",
            "src/packaging/windows/ferry-cli.properties");
  }
}
