package p2pchat.discovery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry's layers: resources (HTTP) → core (rules) → db (JDBI); api (JSON shapes) shared. */
class RegistryLayersTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("p2pchat.discovery");
  }

  @Test
  void theDatabaseLayerKnowsNeitherRulesNorHttp() {
    mustNotUse(
        "p2pchat.discovery.db..", "p2pchat.discovery.core..", "p2pchat.discovery.resources..");
  }

  @Test
  void theRulesKnowNothingOfHttp() {
    mustNotUse("p2pchat.discovery.core..", "p2pchat.discovery.resources..", "jakarta.ws.rs..");
  }

  @Test
  void theJsonShapesDependOnNoLayer() {
    mustNotUse(
        "p2pchat.discovery.api..",
        "p2pchat.discovery.core..",
        "p2pchat.discovery.db..",
        "p2pchat.discovery.resources..");
  }

  /** No class of {@code layer} depends on a class in any of {@code forbidden}. */
  private static void mustNotUse(String layer, String... forbidden) {
    noClasses()
        .that()
        .resideInAPackage(layer)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .check(classes);
  }

  @Test
  void noCyclesBetweenTheRegistrysPackages() {
    slices().matching("p2pchat.discovery.(*)..").should().beFreeOfCycles().check(classes);
  }
}
