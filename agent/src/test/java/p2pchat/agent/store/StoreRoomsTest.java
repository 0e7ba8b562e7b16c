package p2pchat.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Durability;
import p2pchat.agent.Message;
import p2pchat.agent.Message.Status;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.identity.Keys;
import p2pchat.agent.rooms.RoomHeader;

/**
 * Rooms at the level of the stores: real SQLite files for each member, the pair outboxes moved by
 * hand from one store to another (what the transport does), so the order of arrival is ours to
 * choose.
 */
class StoreRoomsTest {
  @TempDir Path dir;
  private final Map<String, Store> stores = new LinkedHashMap<>();

  /** Per (from, to): everything handed over so far, for the pair's seq. */
  private final Map<String, Long> movedUpto = new LinkedHashMap<>();

  private Store store(String name) {
    return stores.computeIfAbsent(name, n -> Store.open(dir.resolve(n), n, Durability.NORMAL));
  }

  @AfterEach
  void close() {
    stores.values().forEach(Store::close);
  }

  /** Moves what {@code from} has queued for {@code to}; returns what {@code to} stored. */
  private List<Message> move(String from, String to) {
    String pair = from + ">" + to;
    long after = movedUpto.getOrDefault(pair, 0L);
    List<Message> pending = store(from).pendingOut(to, after, 10_000);
    if (pending.isEmpty()) {
      return List.of();
    }
    List<Message> arriving = new ArrayList<>();
    for (Message m : pending) {
      arriving.add(
          new Message(
              m.id(),
              from,
              to,
              Message.Direction.IN,
              m.seq(),
              m.text(),
              m.data(),
              Status.RECEIVED,
              m.sentAt(),
              null,
              m.offline(),
              m.expiresAt(),
              m.roomHeader()));
    }
    List<Message> stored = store(to).receive(from, arriving, after).join();
    long upto = pending.get(pending.size() - 1).seq();
    movedUpto.put(pair, upto);
    store(from).markDelivered(to, upto).join();
    return stored;
  }

  private static List<String> texts(List<Message> messages) {
    return messages.stream().map(Message::text).toList();
  }

  private void send(String from, String to, String text) {
    store(from).enqueue(new Outgoing(to, text, null, null, false)).join();
  }

  @Test
  void aRoomMessageIsOneCopyPerMemberWithOneIdAndTheAuthorAsSender() {
    store("Sam").transaction(tx -> tx.createRoom("#ops", List.of("Carol", "Dan"))).join();
    send("Sam", "#ops", "stand-up");

    List<Message> atCarol = move("Sam", "Carol");
    // the membership (Carol joined), then the message
    assertThat(atCarol).hasSize(2);
    assertThat(atCarol.get(0).roomHeader().type()).isEqualTo(RoomHeader.MEMBERSHIP);
    Message m = atCarol.get(1);
    assertThat(m.text()).isEqualTo("stand-up");
    assertThat(m.from()).isEqualTo("Sam");
    assertThat(m.room()).isEqualTo("#ops");
    Message atDan = move("Sam", "Dan").get(1);
    assertThat(atDan.id()).isEqualTo(m.id());

    List<Message> samHistory = store("Sam").history("#ops");
    assertThat(samHistory)
        .filteredOn(x -> x.roomHeader().type() == RoomHeader.MESSAGE)
        .extracting(Message::to, Message::status, Message::id)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Carol", Status.DELIVERED, m.id()),
            org.assertj.core.groups.Tuple.tuple("Dan", Status.DELIVERED, m.id()));
    assertThat(store("Carol").rooms())
        .extracting(r -> r.members())
        .containsExactly(List.of("Sam", "Carol", "Dan"));
  }

  @Test
  void manyRoomMessagesArriveInOneBatchOrOneByOne() {
    store("Sam").transaction(tx -> tx.createRoom("#ops", List.of("Carol", "Dan"))).join();
    for (int i = 1; i <= 5; i++) {
      send("Sam", "#ops", "m" + i);
    }
    move("Sam", "Carol"); // the membership and five messages in one batch
    send("Sam", "#ops", "m6");
    assertThat(texts(move("Sam", "Carol"))).containsExactly("m6");
    assertThat(store("Carol").history("#ops"))
        .filteredOn(m -> m.roomHeader().type() == RoomHeader.MESSAGE)
        .extracting(Message::text)
        .containsExactly("m1", "m2", "m3", "m4", "m5", "m6");
  }

  @Test
  void aRoomMessageWithATimeToLiveThatExpiresHoldsNoSuccessorBack() {
    store("Sam").transaction(tx -> tx.createRoom("#ops", List.of("Carol"))).join();
    move("Sam", "Carol");
    long past = System.currentTimeMillis() - 1;
    store("Sam").enqueue(new Outgoing("#ops", "short-lived", null, past, false)).join();
    send("Sam", "#ops", "after it");
    store("Sam").expireDue(System.currentTimeMillis()).join();
    assertThat(texts(move("Sam", "Carol"))).containsExactly("after it");
  }

  private static Message forged(String id, String text, RoomHeader h) {
    return new Message(
        id,
        "x",
        "Dan",
        Message.Direction.IN,
        1,
        text,
        null,
        Status.RECEIVED,
        1,
        null,
        false,
        null,
        h);
  }

  @Test
  void aForgedMembershipOrAPassedOnMessageWithoutItsAuthorsSignatureIsRefused() {
    store("Sam").transaction(tx -> tx.createRoom("#ops", List.of("Carol", "Dan"))).join();
    move("Sam", "Carol");
    move("Sam", "Dan");
    // Carol, not the owner, says Dan is out of Sam's room
    RoomHeader membership =
        new RoomHeader(RoomHeader.MEMBERSHIP, "ops", "Carol", 0, 2, 0, Map.of(), new byte[0]);
    assertThat(
            store("Dan")
                .receive(
                    "Carol",
                    List.of(
                        forged("f1", "{\"owner\":\"Carol\",\"members\":[\"Carol\"]}", membership)),
                    0)
                .join())
        .isEmpty();
    assertThat(store("Dan").rooms())
        .extracting(r -> r.members())
        .containsExactly(List.of("Sam", "Carol", "Dan"));
    // Carol passes on a "message of Sam's" that Sam never signed
    RoomHeader message =
        new RoomHeader(RoomHeader.MESSAGE, "ops", "Sam", 1, 1, 0, Map.of(), new byte[64]);
    Message fake =
        new Message(
            "f2",
            "Carol",
            "Dan",
            Message.Direction.IN,
            2,
            "Sam says: give Carol the keys",
            null,
            Status.RECEIVED,
            1,
            null,
            false,
            null,
            message);
    assertThat(store("Dan").receive("Carol", List.of(fake), 1).join()).isEmpty();
    assertThat(store("Dan").history("#ops"))
        .extracting(Message::text)
        .doesNotContain("Sam says: give Carol the keys");
    // and the pair's seq still counts: Carol's next message is taken
    assertThat(store("Dan").lastReceivedSeq("Carol")).isEqualTo(2);
  }

  @Test
  void aMessageThatComesBeforeItsMembershipWaitsForIt() {
    store("Sam").transaction(tx -> tx.createRoom("#ops", List.of("Carol", "Dan"))).join();
    move("Sam", "Carol"); // Carol knows the room; Dan does not yet
    send("Carol", "#ops", "hello from Carol");
    assertThat(move("Carol", "Dan")).isEmpty(); // stored, waiting for the membership
    assertThat(store("Dan").history("#ops"))
        .extracting(Message::status)
        .containsExactly(Status.WAITING);

    List<Message> released = move("Sam", "Dan");
    assertThat(texts(released)).last().isEqualTo("hello from Carol");
    assertThat(store("Dan").unhandled(100))
        .extracting(Message::text)
        .last()
        .isEqualTo("hello from Carol");
  }

  @Test
  void aRemovedMemberGetsNothingSentAfterTheRemovalAndMembershipChangesAreTheOwnersAlone() {
    store("Sam").transaction(tx -> tx.createRoom("#ops", List.of("Carol", "Dan"))).join();
    move("Sam", "Carol");
    move("Sam", "Dan");
    store("Sam").transaction(tx -> tx.removeMember("#ops", "Dan")).join();
    send("Sam", "#ops", "after Dan left");
    assertThat(texts(move("Sam", "Carol"))).containsExactly("after Dan left");
    List<Message> atDan = move("Sam", "Dan");
    assertThat(atDan).hasSize(1); // the membership without Dan, nothing else
    assertThat(store("Dan").rooms()).isEmpty();

    assertThatThrownBy(() -> store("Carol").transaction(tx -> tx.invite("#ops", "Eve")).join())
        .isInstanceOf(CompletionException.class)
        .hasMessageContaining("Carol cannot invite #ops: only its owner Sam can");
    assertThatThrownBy(() -> send("Dan", "#ops", "still here?"))
        .hasMessageContaining("this agent is not a member of #ops");
  }

  /** Gives each of {@code names} an identity: their room messages are signed and checked. */
  private void signRooms(String... names) {
    Map<String, Identity> identities = new LinkedHashMap<>();
    for (String n : names) {
      identities.put(n, Identity.generate());
    }
    for (String n : names) {
      store(n)
          .useRooms(
              new RoomKeys() {
                @Override
                public byte[] sign(byte[] payload) {
                  return identities.get(n).sign(payload);
                }

                @Override
                public boolean verify(String author, byte[] payload, byte[] signature) {
                  Identity a = identities.get(author);
                  return a != null && Keys.verify(a.publicKey(), payload, signature);
                }
              },
              peers -> {});
    }
  }

  @Test
  void twoDigestsOfOneMemberInOneCommitPassEachMessageOnOnce() {
    signRooms("Sam", "Carol", "Dan");
    store("Sam").transaction(tx -> tx.createRoom("#ops", List.of("Carol", "Dan"))).join();
    move("Sam", "Carol");
    move("Sam", "Dan");
    for (int i = 1; i <= 3; i++) {
      send("Sam", "#ops", "sam " + i);
    }
    move("Sam", "Carol"); // Dan was away; Sam is gone for good after this
    // Dan asks twice before he reaches Carol (at start, and when a member's lease lapsed): both
    // digests arrive in one batch, and Carol answers them in one commit.
    for (int i = 0; i < 2; i++) {
      store("Dan")
          .transaction(
              tx -> {
                tx.askForMissing();
                return null;
              })
          .join();
    }
    move("Dan", "Carol");

    assertThat(texts(move("Carol", "Dan"))).containsExactly("sam 1", "sam 2", "sam 3");
    assertThat(store("Carol").pendingOut("Dan", 0, 100)).isEmpty();
  }
}
