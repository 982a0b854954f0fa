package io.rollgate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of STYLE.md, checked on the compiled classes. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rollgate");
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.rollgate.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theDomainKnowsNeitherKubernetesNorHttpNorJsonLibraries() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.rollgate.rollout..",
            "io.rollgate.analysis..",
            "io.rollgate.pipeline..",
            "io.rollgate.query..",
            "io.rollgate.canary..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8..",
            "okhttp3..",
            "com.google.gson..",
            "io.rollgate.kube..",
            "io.rollgate.metrics..",
            "io.rollgate.state..",
            "io.rollgate.traffic..",
            "io.rollgate.stage..",
            "io.rollgate.report..",
            "io.rollgate.sandbox..",
            "io.rollgate.cli..")
        .check(classes);
  }

  @Test
  void theCanaryEngineTalksToTheClusterOnlyThroughItsPorts() {
    // routers, the state codec and the stages see the canary's ports, never a client library
    // directly, except routers that drive a mesh's own objects (next issue) and may use fabric8
    noClasses()
        .that()
        .resideInAnyPackage("io.rollgate.stage..", "io.rollgate.state..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fabric8..", "okhttp3..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.rollgate.state..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.rollgate.kube..", "io.rollgate.stage..", "io.rollgate.cli..")
        .check(classes);
  }

  @Test
  void routersKnowTheCanaryNotTheCommandsOrTheStages() {
    noClasses()
        .that()
        .resideInAPackage("io.rollgate.traffic..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.rollgate.cli..", "io.rollgate.stage..", "io.rollgate.sandbox..")
        .check(classes);
  }

  @Test
  void theRedactionPolicyDependsOnTheJdkAlone() {
    // smoke, metrics and the canary's state and reports all use it: it must use none of them
    classes()
        .that()
        .resideInAPackage("io.rollgate.redact..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "io.rollgate.redact..")
        .check(classes);
  }

  @Test
  void failuresAreWordsFromTheJdkAlone() {
    // every package words its failures through it: it must use none of them
    classes()
        .that()
        .resideInAPackage("io.rollgate.failure..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "javax..", "io.rollgate.failure..")
        .check(classes);
  }

  @Test
  void onlyMainExits() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(Main.class.getName())
        .should()
        .callMethod(System.class, "exit", int.class)
        .check(classes);
  }
}
