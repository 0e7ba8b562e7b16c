package p2pchat.agent.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import p2pchat.agent.Message;

/**
 * What a group tells the rest of the store once it has committed, and only then: the outgoing rows
 * it wrote to the {@link OutboxTail}, the receivers that now have (or no longer have) undelivered
 * messages to the readers' set, and, through {@link RoomShare}, the rooms it changed and the
 * receivers of room rows it queued by itself (to wake their links). A failed group tells nothing.
 * Not thread-safe: writer thread only.
 */
final class GroupNews {
  private final String self;
  private final OutboxTail tail;
  private final Set<String> pendingReceivers; // shared with readers: receivers with a backlog
  private final Set<String> touchedReceivers = new HashSet<>(); // enqueues and acknowledgements
  private final Set<String> roomReceivers = new HashSet<>(); // passed-on copies, memberships
  private final List<Message> inserted = new ArrayList<>(); // outgoing rows, for the tail

  GroupNews(String self, OutboxTail tail, Set<String> pendingReceivers) {
    this.self = self;
    this.tail = tail;
    this.pendingReceivers = pendingReceivers;
  }

  /** Outgoing rows the group wrote (from its buffers). */
  void written(List<MessageDao.Row> rows) {
    for (MessageDao.Row row : rows) {
      inserted.add(row.toMessage(self));
      touchedReceivers.add(row.peer());
    }
  }

  /** A room row for {@code receiver} was queued: wake its link once this group commits. */
  void queuedForRoom(String receiver) {
    roomReceivers.add(receiver);
  }

  /** An acknowledgement from {@code receiver} moved its delivered watermark in this group. */
  void acknowledged(String receiver) {
    touchedReceivers.add(receiver);
  }

  /** The group committed: tells what it did. {@code rooms} is null if it never touched rooms. */
  void committed(Counters counters, RoomOps rooms, RoomShare share) {
    if (!inserted.isEmpty()) {
      tail.committed(inserted);
      inserted.clear();
    }
    if (rooms != null && rooms.takeChanged()) {
      share.joined(rooms.joinedRooms());
    }
    if (!roomReceivers.isEmpty()) {
      Set<String> receivers = Set.copyOf(roomReceivers);
      roomReceivers.clear();
      share.queued(receivers);
    }
    for (String receiver : touchedReceivers) {
      if (counters.lastOut(receiver) > counters.deliveredUpto(receiver)) {
        pendingReceivers.add(receiver);
      } else {
        pendingReceivers.remove(receiver);
      }
    }
    touchedReceivers.clear();
  }

  /** The group failed: nothing of it is in the database, so nothing is told. */
  void forget() {
    tail.forget();
    inserted.clear();
    roomReceivers.clear();
    touchedReceivers.clear();
  }
}
