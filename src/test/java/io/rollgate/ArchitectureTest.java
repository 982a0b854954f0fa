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
            "io.rollgate.query..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8..",
            "okhttp3..",
            "com.google.gson..",
            "io.rollgate.kube..",
            "io.rollgate.metrics..")
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
  void onlyMainExits() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(Main.class.getName())
        .should()
        .callMethod(System.class, "exit", int.class)
        .check(classes);
  }
}
