package p2pchat.harness;

/**
 * Told what a scenario run is doing, for live output. Implementations say whether they are
 * thread-safe.
 */
public interface Progress extends Timeline.Listener {

  default void scenarioStarted(ScenarioSource source, String name) {}

  default void scenarioFinished(ScenarioResult result) {}

  /** Prints nothing. */
  Progress SILENT = step -> {};
}
