package p2pchat.agent.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import p2pchat.agent.Message;

/**
 * Test fixture: records every batch it is handed. Commits at once, or, when holding, keeps the
 * futures for the test to complete. Thread-safe.
 */
final class RecordingInbox implements Inbox {
  final List<Message> received = new CopyOnWriteArrayList<>();
  final List<String> connected = new CopyOnWriteArrayList<>();
  final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
  private volatile boolean holding;

  void hold(boolean value) {
    holding = value;
  }

  void releaseAll() {
    held.forEach(f -> f.complete(null));
  }

  @Override
  public void connected(String peer) {
    connected.add(peer);
  }

  @Override
  public CompletableFuture<?> receive(String from, List<Message> batch) {
    received.addAll(batch);
    if (!holding) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    held.add(f);
    return f;
  }

  /**
   * Texts received from {@code from}, in arrival order, duplicates removed by seq (as the store
   * would).
   */
  List<String> textsFrom(String from) {
    List<String> texts = new ArrayList<>();
    long max = 0;
    for (Message m : received) {
      if (m.from().equals(from) && m.seq() > max) {
        max = m.seq();
        texts.add(m.text());
      }
    }
    return texts;
  }
}
