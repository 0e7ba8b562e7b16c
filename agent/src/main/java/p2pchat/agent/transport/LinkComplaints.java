package p2pchat.agent.transport;

import p2pchat.agent.Message;

/**
 * What a {@link Link} says once rather than on every retry: a handshake refused for the same reason
 * again (WARN the first time, debug after, until the link is up), and a message too big for any
 * frame (it comes back first on every read). Confined to the link's event loop; not thread-safe.
 */
final class LinkComplaints {
  private final String peer;
  private final AgentLog log;
  private String lastRefusal;
  private long stuckSeq = -1;

  LinkComplaints(String peer, AgentLog log) {
    this.peer = peer;
    this.log = log;
  }

  /** Whether {@code reason} is new since the link was last up (then it is worth a WARN). */
  boolean firstTime(String reason) {
    boolean first = !reason.equals(lastRefusal);
    lastRefusal = reason;
    return first;
  }

  void linkUp() {
    lastRefusal = null;
  }

  void cannotSend(Message m, String problem) {
    if (stuckSeq != m.seq()) {
      stuckSeq = m.seq();
      log.error(
          "message {} (seq {}) to {} {}; it cannot be delivered and holds back the messages after it",
          m.id(),
          m.seq(),
          peer,
          problem);
    }
  }
}
