package p2pchat.agent.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.Chain;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomHeader;
import p2pchat.agent.rooms.RoomSignatures;

/**
 * What arrives in rooms, judged (docs/rooms.md): a room row taken, kept waiting for an earlier
 * message or a membership, or refused; a membership change from the owner; a member's request to
 * leave; and the waiting rows released once what they waited for has come. Part of {@link RoomOps},
 * on the writer thread; not thread-safe.
 */
final class RoomArrivals extends RoomPart {
  private final RoomRelay relay;
  private final Map<Proof, Boolean> proofs =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Proof, Boolean> eldest) {
          return size() > 256;
        }
      };

  RoomArrivals(RoomWriting writing, RoomRelay relay, RoomOps ops) {
    super(writing, ops);
    this.relay = relay;
  }

  /** {@code from}'s MSG up to {@code seq} came and needs no row: the pair's dedupe counts it. */
  void skipped(String from, long seq) {
    writing.rooms().skipped(from, seq);
  }

  /** The status to store an arriving room row with, or null to store nothing (refused, or had). */
  String arrive(String from, Message m, RoomHeader h) {
    String room = h.roomName();
    return switch (h.type()) {
      case RoomHeader.MEMBERSHIP -> membership(from, m, h, room);
      case RoomHeader.LEAVE -> leaveRequest(from, h, room);
      case RoomHeader.DIGEST -> relay.answer(from, m, h, room);
      default -> {
        if (!from.equals(h.author())
            && !RoomSignatures.check(
                RoomSignatures.payload(h, m.id(), m.sentAt(), m.expiresAt(), m.text(), m.data()),
                h.signature(),
                (signed, signature) -> proven(h.author(), signed, signature))) {
          yield ops.refuse(
              room,
              "a message of "
                  + h.author()
                  + "'s passed on by "
                  + from
                  + " whose signature is not "
                  + h.author()
                  + "'s");
        }
        yield message(h, room);
      }
    };
  }

  /**
   * Whether {@code author} signed {@code signed}; a batch's root once proven stays proven, so the
   * copies of one commit passed on together cost one check.
   */
  private boolean proven(String author, byte[] signed, byte[] signature) {
    Proof proof = new Proof(author, java.nio.ByteBuffer.wrap(signed));
    if (proofs.containsKey(proof)) {
      return true;
    }
    boolean ok = writing.keys().verify(author, signed, signature);
    if (ok) {
      proofs.put(proof, Boolean.TRUE);
    }
    return ok;
  }

  private record Proof(String author, java.nio.ByteBuffer signed) {}

  private String message(RoomHeader h, String room) {
    RoomTables rooms = writing.rooms();
    String self = writing.self();
    Optional<RoomDao.RoomRow> known = rooms.room(room);
    if (known.isEmpty() || h.version() > known.get().version()) {
      return "waiting"; // its membership has not come yet
    }
    if (!ops.owed(room, h.version(), self, h.author())) {
      return ops.refuse(
          room,
          "a message of "
              + h.author()
              + "'s under membership version "
              + h.version()
              + ", which does not have both of us");
    }
    long last = rooms.lastTaken(room, h.author()).orElse(0L);
    return switch (Chain.judge(last, h.authorSeq(), h.prevFor(self))) {
      case TAKE -> {
        rooms.took(room, h.author(), h.authorSeq());
        yield "received";
      }
      case WAIT -> "waiting";
      case DUPLICATE -> null;
    };
  }

  /** {@code n} rows of {@code room} were stored waiting. */
  void stored(String room, int waiting) {
    writing.rooms().waiting(room, waiting);
  }

  private String membership(String from, Message m, RoomHeader h, String room) {
    RoomTables rooms = writing.rooms();
    Optional<RoomDao.RoomRow> known = rooms.room(room);
    boolean proven =
        from.equals(h.author())
            || writing
                .keys()
                .verify(h.author(), RoomOps.membershipPayload(h, m.text()), h.signature());
    if (!proven || (known.isPresent() && !known.get().owner().equals(h.author()))) {
      return ops.refuse(
          room,
          "a membership change from "
              + from
              + ", who does not own it"
              + known.map(r -> " (its owner is " + r.owner() + ")").orElse(""));
    }
    Membership next;
    try {
      next = Membership.fromJson(room, h.version(), m.text());
    } catch (IllegalArgumentException e) {
      return ops.refuse(room, "a membership change that does not parse: " + e.getMessage());
    }
    rooms.putVersion(room, next.version(), next.owner(), RoomOps.json(next.members()));
    if (known.isPresent() && known.get().version() >= next.version()) {
      return null; // an older version, or one had before
    }
    boolean wasIn = known.map(RoomDao.RoomRow::joined).orElse(false);
    boolean isIn = next.includes(writing.self());
    rooms.putRoom(room, next.owner(), next.version(), RoomOps.json(next.members()), isIn);
    return wasIn != isIn ? "received" : "handled";
  }

  private String leaveRequest(String from, RoomHeader h, String room) {
    Optional<Membership> mine = ops.joined(room);
    if (!from.equals(h.author()) || mine.isEmpty() || !mine.get().owner().equals(writing.self())) {
      return ops.refuse(
          room, "a request to leave from " + from + " to an agent that does not own it");
    }
    if (mine.get().includes(from)) {
      ops.publish(mine.get().remove(writing.self(), from), mine.get().members());
    }
    return null;
  }

  /**
   * After rows of {@code room} were taken or a membership arrived: the waiting rows that can now be
   * taken, in the order to hand them over.
   */
  List<Message> release(String room, boolean handled) {
    RoomTables rooms = writing.rooms();
    MessageDao messages = writing.messages();
    List<Message> taken = new ArrayList<>();
    if (rooms.waiting(room) == 0) {
      return taken; // the usual case: nothing waits, no query
    }
    boolean moved = true;
    while (moved) {
      moved = false;
      List<String> take = new ArrayList<>();
      List<String> drop = new ArrayList<>();
      for (MessageDao.Row row : messages.waitingIn(room)) {
        String status = message(RoomHeader.parse(row.header()), room); // checked on arrival
        if ("received".equals(status)) {
          take.add(row.id());
          taken.add(
              row.toMessage(writing.self())
                  .withStatus(handled ? Message.Status.HANDLED : Message.Status.RECEIVED));
          moved = true;
        } else if (status == null) {
          drop.add(row.id()); // had by now, or refused: it waits no more
        }
      }
      messages.takeWaiting(take, handled ? "handled" : "received"); // as the others are stored
      messages.dropWaiting(drop);
      rooms.waiting(room, -(take.size() + drop.size()));
    }
    return taken;
  }
}
