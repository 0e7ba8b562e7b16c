package p2pchat.agent;

import static p2pchat.agent.PackageRules.mainClasses;
import static p2pchat.agent.PackageRules.mustNotUse;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package map is a design decision: these rules keep it from eroding. */
class PackageMapTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = mainClasses("p2pchat.agent");
  }

  @Test
  void wireDependsOnNothingElseOfOurs() {
    mustNotUse(
        classes,
        "p2pchat.agent.wire..",
        "p2pchat.agent.transport..",
        "p2pchat.agent.store..",
        "p2pchat.agent.presence..",
        "p2pchat.agent.script..",
        "p2pchat.agent.cli..");
  }

  @Test
  void scriptGoesThroughTheAgentApiNeverTransportOrStore() {
    mustNotUse(
        classes,
        "p2pchat.agent.script..",
        "p2pchat.agent.transport..",
        "p2pchat.agent.store..",
        "p2pchat.agent.presence..",
        "p2pchat.agent.wire..");
  }

  @Test
  void theHttpSideGoesThroughTheAgentApi() {
    mustNotUse(
        classes,
        "p2pchat.agent.http..",
        "p2pchat.agent.transport..",
        "p2pchat.agent.store..",
        "p2pchat.agent.presence..",
        "p2pchat.agent.script..",
        "p2pchat.agent.handling..",
        "p2pchat.agent.wire..");
  }

  @Test
  void theTestKitDrivesTheScriptHostWithoutTheAgentsMachinery() {
    mustNotUse(
        classes,
        "p2pchat.agent.testkit..",
        "p2pchat.agent.transport..",
        "p2pchat.agent.store..",
        "p2pchat.agent.presence..",
        "p2pchat.agent.handling..",
        "p2pchat.agent.delivery..",
        "p2pchat.agent.wire..");
  }

  @Test
  void transportKnowsNeitherStoreNorRegistry() {
    mustNotUse(
        classes,
        "p2pchat.agent.transport..",
        "p2pchat.agent.store..",
        "p2pchat.agent.presence..",
        "p2pchat.agent.script..");
  }

  @Test
  void storeKnowsNothingOfNetworkOrScripts() {
    mustNotUse(
        classes,
        "p2pchat.agent.store..",
        "p2pchat.agent.transport..",
        "p2pchat.agent.presence..",
        "p2pchat.agent.script..",
        "p2pchat.agent.wire..");
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
    mustNotUse(
        classes,
        "p2pchat.agent.rooms..",
        "p2pchat.agent",
        "p2pchat.agent.transport..",
        "p2pchat.agent.store..",
        "p2pchat.agent.presence..",
        "p2pchat.agent.script..",
        "p2pchat.agent.wire..",
        "p2pchat.agent.handling..",
        "p2pchat.agent.delivery..",
        "p2pchat.agent.cli..");
  }

  @Test
  void theSmallRulesDependOnNothingElseOfOurs() {
    mustNotUse(
        classes,
        "p2pchat.agent.common..",
        "p2pchat.agent",
        "p2pchat.agent.transport..",
        "p2pchat.agent.store..",
        "p2pchat.agent.presence..",
        "p2pchat.agent.script..",
        "p2pchat.agent.wire..",
        "p2pchat.agent.cli..");
  }

  @Test
  void theAgentNeverDependsOnTheRegistrysCode() {
    mustNotUse(classes, "p2pchat.agent..", "p2pchat.discovery..");
  }
}
