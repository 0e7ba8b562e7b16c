package p2pchat.harness;

import java.util.Map;
import java.util.Set;

/**
 * {@code registry(...)}'s options, checked: the heartbeat it advises (250 ms unless said), the
 * lease (1 s unless said, longer than the heartbeat), and how many instances on which database.
 */
record RegistryOptions(Span heartbeat, Span lease, RegistryHandle.Topology topology) {
  static final Set<String> NAMES = Set.of("heartbeat", "lease", "instances", "db");

  static RegistryOptions of(Map<String, ?> options) {
    Args.checkOptions("registry", options, NAMES);
    Span heartbeat =
        options.containsKey("heartbeat")
            ? Args.span(options.get("heartbeat"), "registry(heartbeat:)")
            : Span.ofMillis(250);
    Span lease =
        options.containsKey("lease")
            ? Args.span(options.get("lease"), "registry(lease:)")
            : Span.ofMillis(1000);
    if (lease.compareTo(heartbeat) <= 0) {
      throw new ScenarioError(
          "registry(lease: " + lease + ") must be longer than its heartbeat " + heartbeat,
          "e.g. heartbeat: 250.ms, lease: 1.s");
    }
    return new RegistryOptions(heartbeat, lease, RegistryHandle.Topology.of(options));
  }
}
