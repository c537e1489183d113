package dev.ferry.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameStartingWith;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the README's architecture section, enforced so that each rule stays in one place.
 */
class LayeringTest {
  /**
   * The settings vocabulary the faces share with the adapters (README, "Architecture"): the
   * connection settings records and the small value types a face must name to fill them in or
   * answer for them. Their nested types (a builder, a parsed URL) belong to them.
   */
  private static final Set<String> SETTINGS =
      Set.of(
          "dev.ferry.source.PostgresSettings",
          "dev.ferry.source.RoleMapping",
          "dev.ferry.source.SourceSchema$Table",
          "dev.ferry.source.SourceSchema$Field",
          "dev.ferry.sink.MongoSettings",
          "dev.ferry.tunnel.SshTunnelSettings",
          "dev.ferry.tunnel.HostKeyPolicy",
          "dev.ferry.tunnel.HostKeyPrompt",
          "dev.ferry.tunnel.UnknownHostKey",
          "dev.ferry.tunnel.TunnelFailure");

  private static final DescribedPredicate<JavaClass> SETTINGS_VOCABULARY =
      DescribedPredicate.describe(
          "are the connection settings shared with the adapters " + SETTINGS,
          c ->
              SETTINGS.stream()
                  .anyMatch(s -> c.getName().equals(s) || c.getName().startsWith(s + "$")));

  /** The analysis classes that read the source themselves (JDBC or the source adapter). */
  private static final DescribedPredicate<JavaClass> READS_THE_SOURCE =
      DescribedPredicate.describe(
          "are analysis classes that read the source (JDBC or source adapter classes)",
          c ->
              c.getPackageName().startsWith("dev.ferry.analysis")
                  && c.getDirectDependenciesFromSelf().stream()
                      .map(Dependency::getTargetClass)
                      .anyMatch(
                          t ->
                              t.getPackageName().startsWith("java.sql")
                                  || t.getPackageName().startsWith("dev.ferry.source")
                                      && !SETTINGS_VOCABULARY.test(t)));

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ferry");
  }

  @Test
  void coreIsPureJava() {
    classes()
        .that()
        .resideInAPackage("dev.ferry.core..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.ferry.core..", "java..")
        .because(
            "the transformation rules must be testable and readable without any database, UI or network")
        .check(main);
  }

  @Test
  void engineKnowsOnlyContractsAndCore() {
    classes()
        .that()
        .resideInAPackage("dev.ferry.engine..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.ferry.engine..", "dev.ferry.core..", "java..", "org.slf4j..")
        .because(
            "the run works through the reader/sink contracts, so any source or sink can be plugged in")
        .check(main);
  }

  @Test
  void sourceNeverTouchesTheTargetOrTheUi() {
    noClasses()
        .that()
        .resideInAPackage("dev.ferry.source..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.mongodb..",
            "org.bson..",
            "javafx..",
            "dev.ferry.sink..",
            "dev.ferry.ui..",
            "dev.ferry.cli..",
            "dev.ferry.app..")
        .because("reading PostgreSQL is one concern; wiring belongs to app")
        .check(main);
  }

  @Test
  void analysisOnlyReads() {
    noClasses()
        .that()
        .resideInAPackage("dev.ferry.analysis..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.mongodb..",
            "org.bson..",
            "javafx..",
            "dev.ferry.sink..",
            "dev.ferry.ui..",
            "dev.ferry.cli..",
            "dev.ferry.app..",
            "dev.ferry.tunnel..")
        .because(
            "profiling and reporting read the source and return immutable results; wiring,"
                + " target and screens belong elsewhere")
        .check(main);
  }

  @Test
  void sinkNeverTouchesTheSourceOrTheUi() {
    noClasses()
        .that()
        .resideInAPackage("dev.ferry.sink..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..",
            "org.postgresql..",
            "javafx..",
            "dev.ferry.source..",
            "dev.ferry.ui..",
            "dev.ferry.cli..",
            "dev.ferry.app..")
        .because("writing MongoDB is one concern; wiring belongs to app")
        .check(main);
  }

  @Test
  void tunnelIsIndependent() {
    noClasses()
        .that()
        .resideInAPackage("dev.ferry.tunnel..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.ferry.source..",
            "dev.ferry.sink..",
            "dev.ferry.engine..",
            "dev.ferry.ui..",
            "dev.ferry.cli..",
            "dev.ferry.app..",
            "javafx..")
        .because("the SSH tunnel only forwards a port; what travels through it is not its business")
        .check(main);
  }

  @Test
  void onlyTheUiUsesJavaFx() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.ferry.ui..", "dev.ferry")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("javafx..")
        .because("the CLI and the engine must run on machines without a display")
        .check(main);
  }

  @Test
  void theSharedVocabularyAndTheReadersAreWhatTheRulesSay() {
    // A renamed settings type would silently drop out of the vocabulary: every name must exist.
    SETTINGS.forEach(name -> assertThat(main.contain(name)).as(name).isTrue());
    assertThat(SETTINGS_VOCABULARY.test(main.get("dev.ferry.source.PostgresSettings$Url")))
        .isTrue();
    assertThat(SETTINGS_VOCABULARY.test(main.get("dev.ferry.source.SchemaCatalog"))).isFalse();
    assertThat(SETTINGS_VOCABULARY.test(main.get("dev.ferry.source.SourceSchema"))).isFalse();
    assertThat(READS_THE_SOURCE.test(main.get("dev.ferry.analysis.SourceAnalyzer"))).isTrue();
    assertThat(READS_THE_SOURCE.test(main.get("dev.ferry.analysis.SourceAnalysis"))).isFalse();
    assertThat(READS_THE_SOURCE.test(main.get("dev.ferry.analysis.ReportWriter"))).isFalse();
  }

  @Test
  void theUiReachesAdaptersOnlyThroughApp() {
    classes()
        .that()
        .resideInAPackage("dev.ferry.ui..")
        .should()
        .onlyDependOnClassesThat(
            resideInAnyPackage(
                    "dev.ferry.ui..",
                    "dev.ferry.app..",
                    "dev.ferry.engine..",
                    "dev.ferry.core..",
                    "dev.ferry.analysis..",
                    "java..",
                    "javafx..",
                    "atlantafx..",
                    "org.slf4j..")
                .or(SETTINGS_VOCABULARY))
        .because(
            "a screen asks app for what it needs (checks, catalog, previews, history), so the"
                + " adapters can change without touching it; only the settings it fills in are"
                + " shared")
        .check(main);
  }

  @Test
  void theCliReachesAdaptersOnlyThroughApp() {
    classes()
        .that()
        .resideInAPackage("dev.ferry.cli..")
        .should()
        .onlyDependOnClassesThat(
            resideInAnyPackage(
                    "dev.ferry.cli..",
                    "dev.ferry.app..",
                    "dev.ferry.engine..",
                    "dev.ferry.core..",
                    "dev.ferry.analysis..",
                    "java..",
                    "picocli..",
                    "org.slf4j..",
                    "ch.qos.logback..",
                    "com.fasterxml.jackson..")
                .or(SETTINGS_VOCABULARY))
        .because(
            "a command asks app for what it needs (sessions, analysis, previews, failure"
                + " sentences), so it behaves like the desktop app and the adapters can change"
                + " without touching it; JSON output is the CLI's own contract")
        .check(main);
  }

  @Test
  void theFacesUseTheAnalysisResultsNotItsReaders() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.ferry.ui..", "dev.ferry.cli..")
        .should()
        .dependOnClassesThat(READS_THE_SOURCE)
        .because("reading the source goes through app (SourceInspection), like every connection")
        .check(main);
  }

  @Test
  void appNeverDependsOnTheFaces() {
    noClasses()
        .that()
        .resideInAPackage("dev.ferry.app..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.ferry.ui..", "dev.ferry.cli..")
        .because("app is the wiring both faces share; it cannot know either of them")
        .check(main);
  }

  @Test
  void noPackageCycles() {
    slices()
        .matching("dev.ferry.(**)")
        .should()
        .beFreeOfCycles()
        .because(
            "a package that depends on itself through another cannot be changed or tested alone")
        .check(main);
  }

  /**
   * A view: an FXML controller (it declares {@code @FXML} members) or a class nested in one, or one
   * of the view helpers every screen shares (dev.ferry.ui.view: dialogs, the FXML loader). Each
   * screen's folder holds its view and its view model side by side; this tells them apart by what
   * they are, not by their names.
   */
  static final DescribedPredicate<JavaClass> VIEWS =
      DescribedPredicate.describe(
          "views (FXML controllers and the shared view helpers)",
          c -> c.getPackageName().startsWith("dev.ferry.ui.view") || isFxmlController(c));

  private static boolean isFxmlController(JavaClass c) {
    JavaClass outer = c;
    while (outer.getEnclosingClass().isPresent()) {
      outer = outer.getEnclosingClass().get();
    }
    JavaClass top = outer;
    return top.getFields().stream().anyMatch(f -> f.isAnnotatedWith("javafx.fxml.FXML"))
        || top.getMethods().stream().anyMatch(m -> m.isAnnotatedWith("javafx.fxml.FXML"));
  }

  @Test
  void viewModelsHoldNoSceneGraph() {
    noClasses()
        .that()
        .resideInAPackage("dev.ferry.ui..")
        .and()
        .resideOutsideOfPackage("dev.ferry.ui")
        .and(DescribedPredicate.not(VIEWS))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.fxml..")
        .because(
            "besides the views and the window's composition root (dev.ferry.ui) the screens are"
                + " state and commands, unit-tested without a robot")
        .check(main);
  }

  @Test
  void viewsOnlyBind() {
    noClasses()
        .that(VIEWS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.ferry.ui.fx..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.ferry.app.FerrySession")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.ferry.ui.common.Workspace")
        .because(
            "a view binds controls to its view model; the work (the session, the background) is"
                + " the view model's, where it is tested without a robot")
        .check(main);
  }

  @Test
  void onlyUiFxCrossesThreads() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.ferry.ui.fx..")
        .should()
        .callMethod(javafx.application.Platform.class, "runLater", Runnable.class)
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("javafx.concurrent..")
        .because("one small package owns every hand-over between the FX thread and the executor")
        .check(main);
  }

  @Test
  void onlyTheCliPrintsToStandardStreams() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.ferry.cli..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .because("everything else logs through SLF4J; stdout is the CLI's contract with scripts")
        .check(main);
  }

  @Test
  void onlyKeyringSecretStoreKnowsTheKeychainLibrary() {
    String keyring = "dev.ferry.app.KeyringSecretStore";
    noClasses()
        .that(
            DescribedPredicate.describe(
                "are not " + keyring + " or nested in it",
                c -> !c.getName().equals(keyring) && !c.getName().startsWith(keyring + "$")))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.github.javakeyring..", "org.freedesktop..", "de.swiesend..")
        .because(
            "remembered passwords go through the SecretStore interface, so the screens are tested"
                + " with a store of their own and the keychain library (its D-Bus client, its"
                + " exceptions) can be replaced in one class")
        .check(main);
  }

  @Test
  void noCodeStartsItsOwnThreads() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("dev.ferry.app.Workers")
        .and()
        // The JVM's shutdown hook API takes an unstarted Thread; nothing else does.
        .doNotHaveFullyQualifiedName("dev.ferry.cli.Interrupts")
        .should()
        .callConstructorWhere(
            target(owner(assignableTo(Thread.class)))
                .or(target(owner(assignableTo(java.util.concurrent.ExecutorService.class))))
                .or(target(owner(assignableTo(java.util.Timer.class)))))
        .orShould()
        .callMethodWhere(
            target(owner(type(java.util.concurrent.Executors.class)))
                .and(target(nameStartingWith("new"))))
        .because(
            "threads are made in one place (app.Workers), named and owned; stray threads and"
                + " pools outlive cancellation and the window")
        .check(main);
  }
}
