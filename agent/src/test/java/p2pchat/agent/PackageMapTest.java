package p2pchat.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package map is a design decision: these rules keep it from eroding. */
class PackageMapTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("p2pchat.agent");
  }

  @Test
  void wireDependsOnNothingElseOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("p2pchat.agent.wire..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "p2pchat.agent.transport..",
            "p2pchat.agent.store..",
            "p2pchat.agent.presence..",
            "p2pchat.agent.script..",
            "p2pchat.agent.cli..")
        .check(classes);
  }

  @Test
  void scriptGoesThroughTheAgentApiNeverTransportOrStore() {
    noClasses()
        .that()
        .resideInAPackage("p2pchat.agent.script..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "p2pchat.agent.transport..",
            "p2pchat.agent.store..",
            "p2pchat.agent.presence..",
            "p2pchat.agent.wire..")
        .check(classes);
  }

  @Test
  void theHttpSideGoesThroughTheAgentApi() {
    noClasses()
        .that()
        .resideInAPackage("p2pchat.agent.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "p2pchat.agent.transport..",
            "p2pchat.agent.store..",
            "p2pchat.agent.presence..",
            "p2pchat.agent.script..",
            "p2pchat.agent.handling..",
            "p2pchat.agent.wire..")
        .check(classes);
  }

  @Test
  void theTestKitDrivesTheScriptHostWithoutTheAgentsMachinery() {
    noClasses()
        .that()
        .resideInAPackage("p2pchat.agent.testkit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "p2pchat.agent.transport..",
            "p2pchat.agent.store..",
            "p2pchat.agent.presence..",
            "p2pchat.agent.handling..",
            "p2pchat.agent.delivery..",
            "p2pchat.agent.wire..")
        .check(classes);
  }

  @Test
  void transportKnowsNeitherStoreNorRegistry() {
    noClasses()
        .that()
        .resideInAPackage("p2pchat.agent.transport..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "p2pchat.agent.store..", "p2pchat.agent.presence..", "p2pchat.agent.script..")
        .check(classes);
  }

  @Test
  void storeKnowsNothingOfNetworkOrScripts() {
    noClasses()
        .that()
        .resideInAPackage("p2pchat.agent.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "p2pchat.agent.transport..",
            "p2pchat.agent.presence..",
            "p2pchat.agent.script..",
            "p2pchat.agent.wire..")
        .check(classes);
  }

  @Test
  void noCyclesBetweenTheAgentsPackages() {
    com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
        .matching("p2pchat.agent.(*)..")
        .should()
        .beFreeOfCycles()
        .check(classes);
  }

  @Test
  void roomsAreValuesAndRulesThatDependOnTheSmallRulesOnly() {
    noClasses()
        .that()
        .resideInAPackage("p2pchat.agent.rooms..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "p2pchat.agent",
            "p2pchat.agent.transport..",
            "p2pchat.agent.store..",
            "p2pchat.agent.presence..",
            "p2pchat.agent.script..",
            "p2pchat.agent.wire..",
            "p2pchat.agent.handling..",
            "p2pchat.agent.delivery..",
            "p2pchat.agent.cli..")
        .check(classes);
  }

  @Test
  void theSmallRulesDependOnNothingElseOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("p2pchat.agent.common..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "p2pchat.agent",
            "p2pchat.agent.transport..",
            "p2pchat.agent.store..",
            "p2pchat.agent.presence..",
            "p2pchat.agent.script..",
            "p2pchat.agent.wire..",
            "p2pchat.agent.cli..")
        .check(classes);
  }

  @Test
  void theAgentNeverDependsOnTheRegistrysCode() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("p2pchat.discovery..")
        .check(classes);
  }
}
