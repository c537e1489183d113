package dev.ferry.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of DEVELOPERS.md, enforced so that each rule stays in one place. */
class LayeringTest {
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
  void viewModelsHoldNoSceneGraph() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("ViewModel")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.fxml..")
        .because("view models are state and commands, unit-tested without a robot; views only bind")
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
  void noCodeStartsItsOwnThreads() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.ferry.cli..")
        .should()
        .callConstructor(Thread.class, Runnable.class)
        .orShould()
        .callConstructor(Thread.class, Runnable.class, String.class)
        .orShould()
        .callConstructor(Thread.class)
        .because("the app owns one executor; stray threads outlive cancellation and the window")
        .check(main);
  }
}
