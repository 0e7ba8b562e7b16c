package p2pchat.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.presence.Presence;
import p2pchat.agent.presence.PresenceConfig;
import p2pchat.discovery.EmbeddedRegistry;

/**
 * A registry in this JVM and the presence clients of a test against it, sharing one HTTP client and
 * one timer thread; closing aborts every client, stops the registry and the timer. Not thread-safe:
 * one per test.
 */
final class PresenceRig implements AutoCloseable {
  final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService scheduler;
  private final List<Presence> presences = new ArrayList<>();
  private EmbeddedRegistry registry;

  PresenceRig(String timerThread, EmbeddedRegistry.Settings registry) {
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, timerThread));
    this.registry = EmbeddedRegistry.start(registry);
  }

  EmbeddedRegistry registry() {
    return registry;
  }

  /** The registry stopped, and another started with {@code settings} in its place. */
  void replaceRegistry(EmbeddedRegistry.Settings settings) {
    stopRegistry();
    registry = EmbeddedRegistry.start(settings);
  }

  /** A client of the registry with the default configuration and a new key. */
  Presence presence(String name, PresenceEvents events) {
    return presence(PresenceConfig.defaults(registry.url()), name, Identity.generate(), events);
  }

  /** A client of the registry, aborted when the rig closes. */
  Presence presence(PresenceConfig config, String name, Identity identity, PresenceEvents events) {
    Presence p = new Presence(config, name, identity, http, scheduler, events);
    presences.add(p);
    return p;
  }

  /**
   * Stops the registry. Its stop can throw after Jersey shut down while long-polls were still
   * parked (ChangeFeed.release); the server is stopped regardless, which is all these tests need.
   */
  void stopRegistry() {
    try {
      registry.stop();
    } catch (IllegalStateException e) {
      assertThat(registry.running()).isFalse();
    }
  }

  @Override
  public void close() {
    presences.forEach(Presence::abort);
    stopRegistry();
    scheduler.shutdownNow();
  }
}
