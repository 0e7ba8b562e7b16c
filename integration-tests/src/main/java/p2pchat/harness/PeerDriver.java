package p2pchat.harness;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import p2pchat.agent.Message;

/**
 * Runs one peer's agent, in this JVM ({@link InProcessDriver}) or as a child process ({@link
 * ProcessDriver}). Each driver is used by one {@link Peer}, from the scenario thread, except {@link
 * #history()} and {@link #logTail}, which are thread-safe.
 */
interface PeerDriver {

  /**
   * Starts the agent and returns once it listens and has tried to register; returns its real port.
   */
  int start(PeerSpec spec);

  /** Completes when the message is durably queued in the sender's outbox. */
  CompletableFuture<Message> send(String to, String text, String dataJson);

  /** As {@link #send(String, String, String)} with a time-to-live; null for none. */
  default CompletableFuture<Message> send(
      String to, String text, String dataJson, java.time.Duration ttl) {
    if (ttl != null) {
      throw new ScenarioError(
          "send(ttl: ...) needs an in-process sender", "peer('Sam') rather than process: true");
    }
    return send(to, text, dataJson);
  }

  /**
   * A room change ({@code create}, {@code invite}, {@code remove}, {@code leave}) through the
   * agent's own API; completes once it is committed.
   */
  CompletableFuture<Void> room(String word, String room, List<String> names);

  /** The agent's database behaves as on a full disk, or has room again; done once in place. */
  CompletableFuture<Void> fillStorage(boolean full);

  /** The agent's clock reads the system's time plus {@code skew} (zero: right again). */
  CompletableFuture<Void> skewClock(java.time.Duration skew);

  void stop();

  void crash();

  void pause();

  void resume();

  /** Everything the peer stored, in storage order; works while it runs and after it stopped. */
  List<Message> history();

  /** The last lines the peer logged. */
  List<String> logTail(int lines);

  /** Completes if the agent ends by itself (its script stopped it, the process died). */
  CompletableFuture<Void> ended();

  String mode();
}
