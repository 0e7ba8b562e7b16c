package p2pchat.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import p2pchat.bench.registry.RegistryProcess;
import p2pchat.bench.scale.ScaleBench;

/**
 * The scale benchmark's launch: a registry in a process of its own, {@link ScaleBench} in a child
 * JVM with the heap a user running 5,000 agents would set, and its last {@code SCALE key=value ...}
 * line read back as figures. Stateless.
 */
final class ScaleRun {
  /** The scale run's heap: what a user running 5,000 agents in one JVM would set. */
  static final String HEAP = "-Xmx2048m";

  /**
   * The scale run's registry: the defaults (1 s heartbeat, 3 s lease). The agents of the one JVM
   * renew their leases together by token (docs/adr/0006-cheap-lease-renewals.md), so thousands of
   * them cost the registry a few requests a second.
   */
  static final List<String> REGISTRY_OPTIONS = List.of();

  private ScaleRun() {}

  /**
   * Runs {@code agents} agents in one child JVM (data under {@code dir}, the registry's under
   * {@code registryDir}) and returns the figures of its SCALE line, by key ({@code start_s}, {@code
   * received}, ...).
   */
  static Map<String, Double> run(Path registryDir, Path dir, int agents) throws Exception {
    try (RegistryProcess registry =
            RegistryProcess.start(registryDir.resolve("registry.db"), REGISTRY_OPTIONS);
        ChildJvm jvm =
            ChildJvm.start(
                "scale",
                List.of(HEAP),
                ScaleBench.class.getName(),
                List.of(
                    registry.url().toString(), Integer.toString(agents), dir.toString(), "1000"),
                "WARN")) {
      return jvm.figures("SCALE", Duration.ofMinutes(25));
    }
  }
}
