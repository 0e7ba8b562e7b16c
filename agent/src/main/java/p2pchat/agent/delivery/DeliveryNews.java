package p2pchat.agent.delivery;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.AgentEvent;
import p2pchat.agent.AgentListener;
import p2pchat.agent.Message;
import p2pchat.agent.handling.Dispatcher;
import p2pchat.agent.presence.RegistryPeer;
import p2pchat.agent.rooms.RoomHeader;
import p2pchat.agent.store.Store;
import p2pchat.agent.transport.SenderQuota;

/**
 * What the store and the transport report back to an agent — messages stored, delivered or expired,
 * a peer connected — passed on to its dispatcher, its sender quota, its peer memory and its
 * listeners; plus the sweep that expires messages past their time-to-live. Thread-safe: called on
 * the store's writer thread, event loops and the scheduler.
 */
public final class DeliveryNews {
  private static final Logger log = LoggerFactory.getLogger(DeliveryNews.class);

  private final Store store;
  private final SenderQuota quota;
  private final boolean storeOnly;
  private final Supplier<Dispatcher> dispatcher; // null until the agent has made it
  private final Function<String, java.util.Optional<RegistryPeer>> records;
  private final PeerMemory memory;
  private final List<AgentListener> listeners;

  public DeliveryNews(
      Store store,
      SenderQuota quota,
      boolean storeOnly,
      Supplier<Dispatcher> dispatcher,
      Function<String, java.util.Optional<RegistryPeer>> records,
      PeerMemory memory,
      List<AgentListener> listeners) {
    this.store = store;
    this.quota = quota;
    this.storeOnly = storeOnly;
    this.dispatcher = dispatcher;
    this.records = records;
    this.memory = memory;
    this.listeners = listeners;
  }

  /** Registry news may come before the dispatcher exists: those events have no one to go to. */
  public void toDispatcher(AgentEvent event) {
    Dispatcher d = dispatcher.get();
    if (d != null) {
      d.event(event);
    }
  }

  public void received(List<Message> stored) {
    if (stored.isEmpty()) {
      return;
    }
    if (!storeOnly) {
      for (Message m : stored) {
        quota.stored(m.from(), 1);
      }
      dispatcher.get().messagesStored(stored);
    }
    listeners.forEach(l -> l.received(stored));
  }

  public void connected(String peer) {
    records.apply(peer).ifPresent(memory::remember);
    listeners.forEach(l -> l.peerConnected(peer));
  }

  public void delivered(List<Message> all) {
    List<Message> delivered = withoutMemberships(all); // users see a room's messages only
    if (delivered.isEmpty()) {
      return;
    }
    delivered.forEach(m -> dispatcher.get().event(new AgentEvent.Delivered(m)));
    listeners.forEach(l -> l.delivered(delivered));
  }

  public void expired(List<Message> expired) {
    if (expired.isEmpty()) {
      return;
    }
    expired.forEach(m -> dispatcher.get().event(new AgentEvent.Expired(m)));
    listeners.forEach(l -> l.expired(expired));
  }

  /** Once a second: expires what is past its time-to-live, resyncs a waiting quota. */
  public void sweep() {
    try {
      if (quota.anyWaiting()) {
        quota.resync(
            store.unhandledBySender()); // the store is the truth; counts only keep it cheap
      }
      if (store.mayHavePendingOut()) { // an idle agent's sweep leaves its database alone
        store.expireDue(store.now()).thenAccept(this::expired);
      }
    } catch (RuntimeException e) {
      log.debug("expiry sweep skipped: {}", e.toString());
    }
  }

  private static List<Message> withoutMemberships(List<Message> messages) {
    if (messages.stream().noneMatch(DeliveryNews::isMembership)) {
      return messages;
    }
    return messages.stream().filter(m -> !isMembership(m)).toList();
  }

  private static boolean isMembership(Message m) {
    return m.roomHeader() != null && m.roomHeader().type() != RoomHeader.MESSAGE;
  }
}
