package p2pchat.agent.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.RoomHeader;

/**
 * The store's own writes on messages — storing what arrives, moving an outbox's watermarks,
 * expiring — each run by the writer as a unit of the current group (see {@link GroupTx}). Not
 * thread-safe: writer thread only.
 */
final class MessageOps {
  private final String self;
  private final GroupTx tx;
  private final MessageDao messages;
  private final HotStatements hot;
  private final OutboxDao outbox;
  private final OutboxTail tail;
  private final Counters counters;
  private final LongSupplier clock;
  private final Supplier<RoomOps> rooms;

  /**
   * What {@link Store#receive} answers at once, without writing: nothing to store (empty), or a seq
   * below 1; null when the batch goes to the writer.
   */
  static CompletableFuture<List<Message>> refuse(String from, List<Message> incoming) {
    if (incoming.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    for (Message m : incoming) {
      if (m.seq() < 1) {
        return CompletableFuture.failedFuture(
            new IllegalArgumentException(
                "seq must be 1 or more: " + m.seq() + " in message " + m.id() + " from " + from));
      }
    }
    return null;
  }

  MessageOps(
      String self,
      GroupTx tx,
      MessageDao messages,
      HotStatements hot,
      OutboxDao outbox,
      OutboxTail tail,
      Counters counters,
      LongSupplier clock,
      Supplier<RoomOps> rooms) {
    this.rooms = rooms;
    this.self = self;
    this.tx = tx;
    this.messages = messages;
    this.hot = hot;
    this.outbox = outbox;
    this.tail = tail;
    this.counters = counters;
    this.clock = clock;
  }

  /**
   * Stores, in order, what is new from {@code from}: id not stored yet and seq above the last
   * stored; as 'handled' rather than 'received' if {@code handled}.
   */
  List<Message> receive(String from, List<Message> incoming, long afterSeq, boolean handled) {
    tx.touchMessages();
    long max = counters.lastIn(from);
    if (max < afterSeq) {
      throw new StoreException(
          "messages from "
              + from
              + " after seq "
              + afterSeq
              + " arrived, but only up to seq "
              + max
              + " is stored (an earlier batch failed); refusing them so that "
              + from
              + " sends from the gap");
    }
    long now = clock.getAsLong();
    String status = handled ? "handled" : "received";
    List<MessageDao.Row> fresh = new ArrayList<>(incoming.size());
    Set<String> roomsMoved = null;
    Set<String> taken = null; // room rows to tell of, whatever status they are stored with
    long skipped = 0;
    for (Message m : incoming) {
      if (m.seq() <= max) {
        continue;
      }
      max = m.seq();
      RoomHeader h = m.roomHeader();
      String rowStatus = status;
      if (h != null) {
        String roomStatus = rooms.get().arrive(from, m, h);
        if (roomStatus == null) {
          skipped = m.seq(); // had, or refused: nothing to store, but the pair's seq is used
          continue;
        }
        if (roomStatus.equals("received")) {
          if (taken == null) {
            taken = new HashSet<>();
          }
          taken.add(m.id());
        }
        if (!roomStatus.equals("waiting")) {
          if (roomsMoved == null) {
            roomsMoved = new LinkedHashSet<>();
          }
          roomsMoved.add(h.roomName());
        }
        rowStatus = handled && roomStatus.equals("received") ? "handled" : roomStatus;
      }
      fresh.add(
          new MessageDao.Row(
              m.id(),
              from,
              "in",
              m.seq(),
              m.text(),
              m.data(),
              rowStatus,
              m.sentAt(),
              now,
              m.offline(),
              m.expiresAt(),
              h == null ? null : h.roomName(), // a direct message has no room columns
              h == null ? null : h.author(),
              h == null ? null : h.toBytes()));
    }
    if (skipped > 0) {
      rooms.get().skipped(from, skipped);
      counters.storedIn(from, skipped);
    }
    if (fresh.isEmpty()) {
      return List.of();
    }
    int[] counts = hot.insertAllIgnoringDuplicates(fresh);
    List<Message> stored = new ArrayList<>(fresh.size());
    for (int i = 0; i < counts.length; i++) {
      MessageDao.Row row = fresh.get(i);
      if (counts[i] > 0) {
        counters.storedIn(from, row.seq());
        if ("waiting".equals(row.status())) {
          rooms.get().stored(row.room(), 1);
        }
        if (row.header() == null || (taken != null && taken.contains(row.id()))) {
          stored.add(
              row.toMessage(self)); // not those waiting, nor memberships that changed nothing
        }
      } else if (row.header() != null) {
        rooms.get().skipped(from, row.seq()); // the same room message from another member
        counters.storedIn(from, row.seq());
      }
    }
    if (roomsMoved != null) {
      for (String room : roomsMoved) {
        stored.addAll(rooms.get().release(room, handled));
      }
    }
    return stored;
  }

  /**
   * Moves the peer's delivered watermark (never past its last seq) and returns what it newly
   * covers.
   */
  List<Message> markDelivered(String peer, long uptoSeq) {
    tx.touchMessages();
    long upto = Math.min(uptoSeq, counters.lastOut(peer));
    long before = counters.deliveredUpto(peer);
    if (upto <= before) {
      return List.of();
    }
    List<Message> fromTail = tail.delivered(peer, before, upto);
    List<Message> delivered =
        fromTail != null
            ? fromTail
            : withStatus(messages.queuedBetween(peer, before, upto), Message.Status.DELIVERED);
    outbox.deliveredUpTo(peer, upto);
    counters.delivered(peer, upto);
    tx.acknowledged(peer);
    return delivered;
  }

  /**
   * As {@link #markDelivered} without reading the rows back; returns the peer's delivered
   * watermark.
   */
  long acknowledge(String peer, long uptoSeq) {
    tx.touchMessages();
    long upto = Math.min(uptoSeq, counters.lastOut(peer));
    long before = counters.deliveredUpto(peer);
    if (upto > before) {
      outbox.deliveredUpTo(peer, upto);
      tail.delivered(peer, upto, upto);
      counters.delivered(peer, upto);
      tx.acknowledged(peer);
    }
    return counters.deliveredUpto(peer);
  }

  /**
   * Messages go out in seq order, so "sent" is a watermark too: up to toSeq (never past the last
   * seq).
   */
  void markSent(String peer, long toSeq) {
    tx.touchMessages();
    long upto = Math.min(toSeq, counters.lastOut(peer));
    if (upto > 0) {
      outbox.sentUpTo(peer, upto);
      tail.sent(peer, upto);
    }
  }

  List<Message> expireDue(long nowMillis) {
    tx.touchMessages();
    List<MessageDao.Row> rows = messages.due(nowMillis);
    if (!rows.isEmpty()) {
      List<String> ids = new ArrayList<>(rows.size());
      rows.forEach(r -> ids.add(r.id()));
      messages.markExpiredAll(ids);
    }
    messages.settleDeliveredDue(nowMillis);
    return withStatus(rows, Message.Status.EXPIRED);
  }

  private List<Message> withStatus(List<MessageDao.Row> rows, Message.Status status) {
    List<Message> out = new ArrayList<>(rows.size());
    for (MessageDao.Row row : rows) {
      out.add(row.toMessage(self).withStatus(status));
    }
    return out;
  }
}
