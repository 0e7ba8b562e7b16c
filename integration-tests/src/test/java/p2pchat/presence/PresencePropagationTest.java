package p2pchat.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import p2pchat.agent.presence.Presence;
import p2pchat.discovery.EmbeddedRegistry;

/**
 * How fast a change reaches a watching agent through the registry's long-poll, with the default
 * lease (3 s) and heartbeat (1 s). The registry answers a parked long-poll right after its commit,
 * so the time measured is one HTTP answer plus the client's handling.
 */
class PresencePropagationTest {
  @TempDir Path dir;

  @Test
  void registrationsAndGoodbyesReachAWatcherWithinMilliseconds() throws Exception {
    try (PresenceRig rig =
        new PresenceRig(
            "presence-propagation-timer",
            EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db")))) {
      PresenceEvents carolSees = new PresenceEvents();
      Presence carol = rig.presence("Carol", carolSees);
      carol.start("127.0.0.1", 7002).get(10, TimeUnit.SECONDS);
      await().until(carol::synced);

      // From the registry's answer (its commit is done by then) to the watcher's listener call;
      // negative when the change feed beats the answer.
      List<Long> online = new ArrayList<>();
      List<Long> away = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        String name = "Sam" + i;
        Presence sam = rig.presence(name, new PresenceEvents());
        sam.start("127.0.0.1", 7001 + 10 * i).get(5, TimeUnit.SECONDS);
        long registered = System.nanoTime();
        await()
            .atMost(Duration.ofSeconds(2))
            .pollInterval(Duration.ofMillis(1))
            .until(() -> carolSees.firstNanos(name, "online") != null);
        online.add(
            TimeUnit.NANOSECONDS.toMillis(carolSees.firstNanos(name, "online") - registered));

        sam.close();
        long closed = System.nanoTime();
        await()
            .atMost(Duration.ofSeconds(2))
            .pollInterval(Duration.ofMillis(1))
            .until(() -> carolSees.firstNanos(name, "away") != null);
        away.add(TimeUnit.NANOSECONDS.toMillis(carolSees.firstNanos(name, "away") - closed));
      }

      online.sort(null);
      away.sort(null);
      LoggerFactory.getLogger(PresencePropagationTest.class)
          .info("propagation ms: online {}, away {}", online, away);
      assertThat(online.get(online.size() / 2))
          .as("median ms from registered to a watcher seeing online, of %s", online)
          .isLessThanOrEqualTo(100);
      assertThat(away.get(away.size() / 2))
          .as("median ms from close() to a watcher seeing away, of %s", away)
          .isLessThanOrEqualTo(100);
    }
  }
}
