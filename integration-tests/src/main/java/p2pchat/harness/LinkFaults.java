package p2pchat.harness;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The story's link words: {@code link(a, b)}, {@code partition(a, b)} (also with {@code oneWay:
 * true}, and with the registry as one side), {@code heal()} and {@code heal(a, b)}, each a step of
 * its scenario with its marks on the timeline. Called on the scenario thread.
 */
final class LinkFaults {
  private final Scenario scenario;

  LinkFaults(Scenario scenario) {
    this.scenario = scenario;
  }

  Link link(Object a, Object b) {
    String x = scenario.nameOf(a);
    String y = scenario.nameOf(b);
    if (x.equals(y)) {
      throw new ScenarioError(
          "link(" + x + ", " + y + ") needs two different peers", scenario.peers().keySet());
    }
    return scenario.net().link(x, y);
  }

  void partition(Object a, Object b) {
    if (onRegistry(
        "partition", a, b, p -> scenario.registry().cutFrom(p, "registry partitioned from " + p))) {
      return;
    }
    Link l = link(a, b);
    scenario.step(
        "partition",
        () -> {
          l.partition();
          scenario
              .timeline()
              .mark(scenario.nameOf(a), "fault", "partitioned from " + scenario.nameOf(b));
          scenario
              .timeline()
              .mark(scenario.nameOf(b), "fault", "partitioned from " + scenario.nameOf(a));
        });
  }

  /** {@code partition(a, b, oneWay: true)}: a's bytes do not reach b; b's reach a. */
  void partition(Map<String, ?> options, Object a, Object b) {
    Args.checkOptions("partition", options, Set.of("oneWay"));
    if (!Boolean.TRUE.equals(options.get("oneWay"))) {
      partition(a, b);
      return;
    }
    Link l = link(a, b);
    String x = scenario.nameOf(a);
    String y = scenario.nameOf(b);
    scenario.step(
        "partition",
        () -> {
          l.partitionOneWay(x, y);
          scenario
              .timeline()
              .mark(x, "fault", "partitioned one way: nothing of " + x + "'s reaches " + y);
          scenario
              .timeline()
              .mark(y, "fault", "partitioned one way: nothing of " + x + "'s reaches " + y);
        });
  }

  void heal() {
    scenario.step(
        "heal",
        () -> {
          healLinks();
          scenario
              .peers()
              .keySet()
              .forEach(p -> scenario.timeline().mark(p, "heal", "all links healed"));
        });
  }

  /** Every link healed, and every registry partition, without a step of its own. */
  void healLinks() {
    scenario.net().links().forEach(Link::healNow);
    if (scenario.registryOrNull() != null) {
      scenario.registryOrNull().healAll("registry partition healed");
    }
  }

  void heal(Object a, Object b) {
    if (onRegistry(
        "heal",
        a,
        b,
        p -> scenario.registry().healFrom(p, "registry partition from " + p + " healed"))) {
      return;
    }
    link(a, b).heal();
  }

  /**
   * When the registry is one side of {@code word}: a step doing {@code change} with the other
   * side's name, and true; false (and nothing done) when neither side is the registry.
   */
  private boolean onRegistry(String word, Object a, Object b, Consumer<String> change) {
    if (!(a instanceof RegistryHandle || b instanceof RegistryHandle)) {
      return false;
    }
    String p = scenario.nameOf(a instanceof RegistryHandle ? b : a);
    scenario.step(word, () -> change.accept(p));
    return true;
  }
}
