package p2pchat.agent;

import static p2pchat.agent.PackageRules.mainClasses;
import static p2pchat.agent.PackageRules.mustNotUse;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The package map is a design decision: these rules keep it from eroding. */
class PackageMapTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = mainClasses("p2pchat.agent");
  }

  /**
   * A rule of the map: no class in our package {@code of} (or below it) uses one in any of {@code
   * notUsed}, our packages' names separated by spaces; {@code api} is the root package alone.
   */
  record Rule(String says, String of, String notUsed) {
    @Override
    public String toString() {
      return says;
    }
  }

  static Stream<Rule> rules() {
    return Stream.of(
        new Rule(
            "wire depends on nothing else of ours", "wire", "transport store presence script cli"),
        new Rule(
            "script goes through the agent's API, never transport or store",
            "script",
            "transport store presence wire"),
        new Rule(
            "the HTTP side goes through the agent's API",
            "http",
            "transport store presence script handling wire"),
        new Rule(
            "the test kit drives the script host without the agent's machinery",
            "testkit",
            "transport store presence handling delivery wire"),
        new Rule(
            "transport knows neither store nor registry", "transport", "store presence script"),
        new Rule(
            "store knows nothing of network or scripts", "store", "transport presence script wire"),
        new Rule(
            "rooms are values and rules that depend on the small rules only",
            "rooms",
            "api transport store presence script wire handling delivery cli"),
        new Rule(
            "the small rules depend on nothing else of ours",
            "common",
            "api transport store presence script wire cli"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void packageRule(Rule rule) {
    String[] notUsed =
        Arrays.stream(rule.notUsed().split(" ")).map(PackageMapTest::ours).toArray(String[]::new);
    mustNotUse(classes, ours(rule.of()), notUsed);
  }

  /** The ArchUnit pattern of our package {@code name}: below it, or the root package alone. */
  private static String ours(String name) {
    return name.equals("api") ? "p2pchat.agent" : "p2pchat.agent." + name + "..";
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
  void theAgentNeverDependsOnTheRegistrysCode() {
    mustNotUse(classes, "p2pchat.agent..", "p2pchat.discovery..");
  }
}
