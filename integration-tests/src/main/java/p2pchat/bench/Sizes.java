package p2pchat.bench;

/**
 * How much each benchmark does: the full run (what the README quotes) or the quick smoke run (the
 * same figures with smaller counts, for CI). Immutable.
 */
record Sizes(
    boolean quick,
    int storageMessages,
    int storageNaive,
    int storageRounds,
    int networkMessages,
    int e2eMessages,
    int e2eJoinEachMessages,
    int latencyProbes,
    int drainMessages,
    int crashTrials,
    int watcherChanges,
    int registrySeconds,
    int registryLeases,
    int agents,
    int mqttMessages,
    int mqttProbes,
    int mqttDrain,
    int drainBigMessages,
    int fanInSenders,
    int fanInEach) {

  static Sizes fullRun() {
    return new Sizes(
        false, 100_000, 2_000, 2, 500_000, 100_000, 10_000, 1_000, 100_000, 3, 200, 10, 10_000,
        5_000, 200_000, 1_000, 100_000, 1_000_000, 100, 1_000);
  }

  static Sizes quickRun() {
    return new Sizes(
        true, 10_000, 200, 1, 30_000, 5_000, 1_000, 100, 20_000, 1, 30, 2, 1_000, 50, 5_000, 50,
        20_000, 200_000, 100, 50);
  }
}
