package p2pchat.agent.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import p2pchat.agent.Message;
import p2pchat.agent.MessageRows;

/**
 * Test fixture: an outbox held in memory, one ordered list per receiver; seqs from 1. Records what
 * the transport reported as sent and acknowledged. Thread-safe (synchronized).
 */
final class MemoryOutbox implements Outbox {
  private final String self;
  private final Map<String, List<Message>> rows = new ConcurrentHashMap<>();
  private final Map<String, Long> acked = new ConcurrentHashMap<>();
  private final Map<String, Long> sent = new ConcurrentHashMap<>();

  MemoryOutbox(String self) {
    this.self = self;
  }

  synchronized Message add(String to, String text) {
    List<Message> list = rows.computeIfAbsent(to, k -> new ArrayList<>());
    Message m =
        MessageRows.sent(
            UUID.randomUUID().toString(),
            self,
            to,
            list.size() + 1L,
            text,
            Message.Status.QUEUED,
            System.currentTimeMillis());
    list.add(m);
    return m;
  }

  @Override
  public synchronized List<Message> pending(String peer, long afterSeq, int limit) {
    List<Message> list = rows.getOrDefault(peer, List.of());
    long delivered = acked.getOrDefault(peer, 0L);
    List<Message> out = new ArrayList<>();
    for (int i = (int) Math.max(afterSeq, delivered); i < list.size() && out.size() < limit; i++) {
      out.add(list.get(i));
    }
    return out;
  }

  @Override
  public void sent(String peer, long fromSeq, long toSeq) {
    sent.merge(peer, toSeq, Math::max);
  }

  @Override
  public void acked(String peer, long uptoSeq) {
    acked.merge(peer, uptoSeq, Math::max);
  }

  long ackedUpTo(String peer) {
    return acked.getOrDefault(peer, 0L);
  }

  long sentUpTo(String peer) {
    return sent.getOrDefault(peer, 0L);
  }
}
