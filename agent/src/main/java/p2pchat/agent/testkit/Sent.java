package p2pchat.agent.testkit;

import java.time.Duration;

/**
 * A message the bot under test sent, as the test kit recorded it once its call committed: to a peer
 * or a room ({@code #ops}), its text, its data as JSON text (or null) and its time-to-live (or
 * null). Immutable.
 */
public record Sent(String id, String to, String text, String data, Duration ttl, long sentAt) {
  @Override
  public String toString() {
    return "to " + to + ": '" + text + "'" + (ttl == null ? "" : " (ttl " + ttl + ")");
  }
}
