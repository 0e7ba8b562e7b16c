package p2pchat.agent;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import p2pchat.agent.presence.PeerRecord;
import p2pchat.agent.presence.Presence;
import p2pchat.agent.store.Store;
import p2pchat.agent.transport.Inbox;
import p2pchat.agent.transport.Outbox;
import p2pchat.agent.transport.PeerEndpoint;
import p2pchat.agent.transport.PeerResolver;

/**
 * The adapters that let the transport read the outbox, write the inbox and find peers, without
 * knowing the store or the registry. Each is thread-safe as far as the parts it wraps are.
 */
final class Links {
  private Links() {}

  /**
   * Finds a peer's address and key through presence (cached, so it works with the registry down)
   * and hands each found record to {@code found}.
   */
  record Resolver(Presence presence, Consumer<PeerRecord> found, Set<String> stale)
      implements PeerResolver {
    Resolver(Presence presence, Consumer<PeerRecord> found) {
      this(presence, found, ConcurrentHashMap.newKeySet());
    }

    @Override
    public CompletableFuture<Optional<PeerEndpoint>> resolve(String name) {
      // After a handshake proved the cached address or key wrong, ask the registry afresh.
      CompletableFuture<Optional<PeerRecord>> record =
          stale.remove(name) ? presence.fetch(name) : presence.lookup(name);
      return record.thenApply(
          r ->
              r.map(
                  p -> {
                    found.accept(p);
                    return new PeerEndpoint(p.name(), p.host(), p.port(), p.key());
                  }));
    }

    @Override
    public void invalidate(String name) {
      stale.add(name);
    }
  }

  /** The sender's side: pending rows in seq order; acknowledgements mark them delivered. */
  record StoreOutbox(Agent agent, Store store) implements Outbox {
    @Override
    public List<Message> pending(String peer, long afterSeq, int limit) {
      // A time-to-live bounds how long a message may wait to be sent. Once on the wire (SENT) it
      // stays until acknowledged: the receiver may already have it, so it must not turn "expired".
      long now = System.currentTimeMillis();
      List<Message> rows = store.pendingOut(peer, afterSeq, limit);
      if (rows.stream().anyMatch(m -> expired(m, now))) {
        store.expireDue(now).thenAccept(agent::onExpired);
        return rows.stream().filter(m -> !expired(m, now)).toList();
      }
      return rows;
    }

    private static boolean expired(Message m, long now) {
      return m.status() == Message.Status.QUEUED && m.expiresAt() != null && m.expiresAt() < now;
    }

    @Override
    public List<Message> pendingIfAtHand(String peer, long afterSeq, int limit) {
      return store.pendingOutInMemory(peer, afterSeq, limit);
    }

    @Override
    public void sent(String peer, long fromSeq, long toSeq) {
      store.markSent(peer, fromSeq, toSeq);
    }

    @Override
    public void acked(String peer, long uptoSeq) {
      store.markDelivered(peer, uptoSeq).thenAccept(agent::onDelivered);
    }
  }

  /**
   * The receiver's side: a batch is committed before the transport acknowledges it. With {@code
   * handledOnArrival} (no behavior to hand messages to) rows are stored as handled at once.
   */
  record StoreInbox(Agent agent, Store store, boolean handledOnArrival) implements Inbox {
    @Override
    public void connected(String peer) {
      agent.onConnected(peer);
    }

    @Override
    public CompletableFuture<?> receive(String from, List<Message> batch) {
      return receive(from, batch, 0);
    }

    @Override
    public CompletableFuture<?> receive(String from, List<Message> batch, long afterSeq) {
      return store.receive(from, batch, afterSeq, handledOnArrival).thenAccept(agent::onReceived);
    }
  }
}
