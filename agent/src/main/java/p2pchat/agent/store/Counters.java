package p2pchat.agent.store;

import java.util.HashMap;
import java.util.Map;

/**
 * The writer's counters: the last seq sent to each receiver, the last seq stored from each sender,
 * the delivered watermark of each receiver. Each is loaded from the database on first use; what one
 * unit moved can be put back when it fails; all are forgotten when a group fails (the database is
 * then the truth again). Not thread-safe: the writer thread owns it.
 */
final class Counters {
  private final MessageDao messages;
  private final Map<String, Long> lastOut = new HashMap<>();
  private final Map<String, Long> lastIn = new HashMap<>();
  private final Map<String, Long> deliveredUpto = new HashMap<>();
  private final OutboxDao outbox;

  // What the running unit moved, to put back if it fails (null: not loaded before).
  private final Map<String, Long> undoOut = new HashMap<>();
  private final Map<String, Long> undoIn = new HashMap<>();

  Counters(MessageDao messages, OutboxDao outbox) {
    this.messages = messages;
    this.outbox = outbox;
  }

  long lastOut(String receiver) {
    return last(lastOut, undoOut, "out", receiver);
  }

  long nextOut(String receiver) {
    long seq = lastOut(receiver) + 1;
    lastOut.put(receiver, seq);
    return seq;
  }

  long lastIn(String sender) {
    return last(lastIn, undoIn, "in", sender);
  }

  void storedIn(String sender, long seq) {
    lastIn.put(sender, Math.max(lastIn(sender), seq));
  }

  /**
   * The receiver's delivered watermark as committed, or as moved by an earlier unit of this group.
   */
  long deliveredUpto(String receiver) {
    Long upto = deliveredUpto.get(receiver);
    if (upto == null) {
      upto = outbox.deliveredUpto(receiver).orElse(0L);
      deliveredUpto.put(receiver, upto);
    }
    return upto;
  }

  /** Call once the statement that moved it has succeeded, as the last step of its unit. */
  void delivered(String receiver, long upto) {
    deliveredUpto.merge(receiver, upto, Math::max);
  }

  void startUnit() {
    undoOut.clear();
    undoIn.clear();
  }

  void undoUnit() {
    undoOut.forEach((peer, old) -> restore(lastOut, peer, old));
    undoIn.forEach((peer, old) -> restore(lastIn, peer, old));
  }

  void forget() {
    lastOut.clear();
    lastIn.clear();
    deliveredUpto.clear();
  }

  private long last(
      Map<String, Long> cache, Map<String, Long> undo, String direction, String peer) {
    Long last = cache.get(peer);
    if (!undo.containsKey(peer)) {
      undo.put(peer, last);
    }
    if (last == null) {
      last = messages.maxSeq(direction, peer).orElse(0L);
      cache.put(peer, last);
    }
    return last;
  }

  private static void restore(Map<String, Long> map, String key, Long old) {
    if (old == null) {
      map.remove(key);
    } else {
      map.put(key, old);
    }
  }
}
