package p2pchat.bench.presence;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentListener;
import p2pchat.agent.AgentRuntime;
import p2pchat.agent.PeerInfo;
import p2pchat.bench.ChildJvm;
import p2pchat.bench.e2e.Pair;
import p2pchat.discovery.EmbeddedRegistry;

/**
 * Presence with the default settings (heartbeat 1 s, lease 3 s): the time from a kill -9 of an
 * agent running in its own JVM until the registry reports it {@code unreachable} (seen through a
 * long-poll on {@code /v1/peers/changes}); and the time from a presence change (a signed heartbeat
 * or "away" sent by hand) until a watching agent's listener hears of it, measured from just before
 * the request is sent. Stateless; each call builds its own registry.
 */
public final class PresenceBench {
  /** Seconds from kill -9 to unreachable (mean and worst of trials); change→watcher in ms. */
  public record Figures(
      int crashTrials,
      double crashMeanSeconds,
      double crashMaxSeconds,
      int changes,
      double watcherP50Millis,
      double watcherP99Millis,
      double watcherMaxMillis) {}

  private PresenceBench() {}

  public static Figures run(Path dir, int crashTrials, int changes) throws Exception {
    Files.createDirectories(dir);
    try (EmbeddedRegistry registry =
        EmbeddedRegistry.start(EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db")))) {
      RegistryHttp http = new RegistryHttp(registry.url());
      double sum = 0;
      double max = 0;
      for (int t = 0; t < crashTrials; t++) {
        double s = crashToUnreachable(registry, http, dir.resolve("victim-" + t), "Victim" + t);
        sum += s;
        max = Math.max(max, s);
      }
      Histogram watcher = changeToWatcher(registry, http, dir, changes);
      return new Figures(
          crashTrials,
          sum / crashTrials,
          max,
          changes,
          watcher.getValueAtPercentile(50) / 1e6,
          watcher.getValueAtPercentile(99) / 1e6,
          watcher.getMaxValue() / 1e6);
    }
  }

  private static double crashToUnreachable(
      EmbeddedRegistry registry, RegistryHttp http, Path dataDir, String name) throws Exception {
    try (ChildJvm agent =
        ChildJvm.start(
            "agent-" + name,
            ChildJvm.smallJvm(),
            "p2pchat.agent.cli.Cli",
            List.of(
                "agent",
                "--name",
                name,
                "--discovery",
                registry.url().toString(),
                "--data-dir",
                dataDir.toString()))) {
      agent.awaitOutput("agent " + name + " listening on", Duration.ofSeconds(120));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!"online".equals(http.status(name))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + " never showed online in the registry");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      // A deliberate pause of 1-2 s, so the kill lands at a random point of the heartbeat cycle.
      LockSupport.parkNanos(
          TimeUnit.MILLISECONDS.toNanos(1000 + ThreadLocalRandom.current().nextInt(1000)));
      long version = http.version();
      long t0 = System.nanoTime();
      agent.kill();
      while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30)) {
        JsonNode answer =
            http.get("/v1/peers/changes?since=" + version + "&wait=5s", Duration.ofSeconds(10));
        version = answer.path("version").asLong();
        for (JsonNode peer : answer.path("changes")) {
          if (name.equals(peer.path("name").asText())
              && "unreachable".equals(peer.path("status").asText())) {
            return (System.nanoTime() - t0) / 1e9;
          }
        }
      }
      throw new IllegalStateException(
          name + " was not reported unreachable within 30 s of kill -9");
    }
  }

  private static Histogram changeToWatcher(
      EmbeddedRegistry registry, RegistryHttp http, Path dir, int changes) throws Exception {
    AtomicReference<Seen> last = new AtomicReference<>(new Seen(null, 0));
    AgentListener listener =
        new AgentListener() {
          @Override
          public void peerChanged(PeerInfo peer) {
            if (peer.name().equals("Subject")) {
              last.set(new Seen(peer.status(), System.nanoTime()));
            }
          }
        };
    Histogram h = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    try (AgentRuntime runtime = AgentRuntime.create();
        Agent watcher =
            Agent.start(
                AgentConfig.of("Watcher", registry.url(), dir.resolve("Watcher")),
                runtime,
                listener)) {
      RegistryHttp.Subject subject = http.new Subject("Subject");
      Pair.awaitUntil(Duration.ofSeconds(30), watcher::peersKnown, "the watcher's first peer list");
      Pair.awaitUntil(
          Duration.ofSeconds(30),
          () -> last.get().status() != null,
          "the watcher to see Subject registered");
      boolean firstOnline = !"online".equals(last.get().status()); // every step must be a change
      for (int i = 0; i < changes + 10; i++) { // the first 10 warm up
        boolean online = (i % 2 == 0) == firstOnline;
        String expected = online ? "online" : "away";
        long t0 = System.nanoTime();
        if (online) {
          subject.online();
        } else {
          subject.away();
        }
        Pair.awaitUntil(
            Duration.ofSeconds(30),
            () -> expected.equals(last.get().status()) && last.get().nanos() >= t0,
            "the watcher to see Subject " + expected);
        if (i >= 10) {
          h.recordValue(last.get().nanos() - t0);
        }
      }
      watcher.stop();
    }
    return h;
  }

  private record Seen(String status, long nanos) {}
}
