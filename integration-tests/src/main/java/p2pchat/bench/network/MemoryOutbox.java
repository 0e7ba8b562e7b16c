package p2pchat.bench.network;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import p2pchat.agent.Message;
import p2pchat.agent.transport.Outbox;
import p2pchat.bench.BenchMessages;

/**
 * The benchmark's outbox with storage switched off: rows in memory, seqs assigned on append,
 * acknowledged rows dropped. Serves one receiver. Thread-safe (one lock, as a single store writer
 * would be).
 */
final class MemoryOutbox implements Outbox {
  private final String self;
  private final long expected;
  private final CompletableFuture<Void> allAcked = new CompletableFuture<>();
  private final List<Message> rows = new ArrayList<>();
  private long firstSeq = 1; // seq of rows.get(0)
  private long nextSeq = 1;
  private long acked;

  MemoryOutbox(String self, long expected) {
    this.self = self;
    this.expected = expected;
  }

  synchronized void append(String to, String id, String text) {
    rows.add(BenchMessages.outgoing(id, self, to, nextSeq++, text, Message.Status.QUEUED));
  }

  CompletableFuture<Void> allAcked() {
    return allAcked;
  }

  @Override
  public synchronized List<Message> pending(String peer, long afterSeq, int limit) {
    int from = (int) (Math.max(afterSeq, acked) + 1 - firstSeq);
    int to = Math.min(rows.size(), from + limit);
    return from >= to ? List.of() : new ArrayList<>(rows.subList(from, to));
  }

  @Override
  public void sent(String peer, long fromSeq, long toSeq) {}

  @Override
  public synchronized void acked(String peer, long uptoSeq) {
    acked = Math.max(acked, uptoSeq);
    int drop = (int) (acked + 1 - firstSeq);
    if (drop >= 65_536) {
      rows.subList(0, drop).clear();
      firstSeq += drop;
    }
    if (acked >= expected) {
      allAcked.complete(null);
    }
  }
}
