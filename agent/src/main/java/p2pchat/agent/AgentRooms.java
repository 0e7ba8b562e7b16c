package p2pchat.agent;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomNames;
import p2pchat.agent.store.Store;
import p2pchat.agent.store.Tx;

/**
 * An agent's rooms, for Java callers and commands (scripts use {@code rooms} in the DSL, which
 * commits with the handler's round): each change is one durable transaction that also queues the
 * new membership to the members. Bad input throws IllegalArgumentException with one line saying
 * what and what to do, before anything is written. Thread-safe. docs/rooms.md.
 */
public final class AgentRooms {
  private final String me;
  private final Store store;
  private final Predicate<String> known;
  private final Consumer<Set<String>> wake;

  AgentRooms(String me, Store store, Predicate<String> known, Consumer<Set<String>> wake) {
    this.me = me;
    this.store = store;
    this.known = known;
    this.wake = wake;
  }

  /** The rooms this agent is in, by name. */
  public List<Membership> joined() {
    return store.rooms();
  }

  public Optional<Membership> get(String room) {
    RoomNames.check(room);
    return joined().stream().filter(r -> r.room().equals(room)).findFirst();
  }

  /** Creates {@code room}, owned by this agent, with {@code members} besides it. */
  public CompletableFuture<Membership> create(String room, List<String> members) {
    RoomNames.check(room);
    if (get(room).isPresent()) {
      throw new IllegalArgumentException(room + " exists already; pick another name");
    }
    members.forEach(this::checkKnown);
    return change(Set.of(room), tx -> tx.createRoom(room, members));
  }

  public CompletableFuture<Membership> invite(String room, String name) {
    checkKnown(name);
    checkMember(room).invite(me, name); // refuses before writing
    return change(Set.of(room, name), tx -> tx.invite(room, name));
  }

  public CompletableFuture<Membership> removeMember(String room, String name) {
    checkMember(room).remove(me, name); // refuses before writing
    return change(Set.of(room, name), tx -> tx.removeMember(room, name));
  }

  public CompletableFuture<Void> leave(String room) {
    Membership before = checkMember(room);
    return store
        .transaction(
            tx -> {
              tx.leaveRoom(room);
              return null;
            })
        .thenAccept(v -> wake.accept(Set.copyOf(before.members())))
        .thenApply(v -> null);
  }

  /**
   * Asks the other members of every room this agent is in for the messages it lacks; they pass them
   * on (docs/rooms.md). Runs at start and when a member goes offline, whose messages to this agent
   * may wait in its outbox for good.
   */
  void askForMissing() {
    if (joined().isEmpty()) {
      return;
    }
    store
        .transaction(
            tx -> {
              tx.askForMissing();
              return null;
            })
        .thenAccept(v -> wake.accept(Set.copyOf(joined().stream().map(Membership::room).toList())));
  }

  /** The members of the rooms this agent is in. */
  Set<String> members() {
    Set<String> members = new HashSet<>();
    joined().forEach(m -> members.addAll(m.members()));
    return members;
  }

  /** Whether {@code peer} is a member of one of the rooms this agent is in; cheap. */
  boolean sharesRoomWith(String peer) {
    List<Membership> rooms = joined();
    for (int i = 0; i < rooms.size(); i++) {
      if (rooms.get(i).includes(peer)) {
        return true;
      }
    }
    return false;
  }

  void memberWentOffline(String peer) {
    if (joined().stream().anyMatch(r -> r.includes(peer))) {
      askForMissing();
    }
  }

  /** The room, or IllegalArgumentException saying this agent is not in it. */
  Membership checkMember(String room) {
    RoomNames.check(room);
    return get(room)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "this agent is not a member of "
                        + room
                        + "; create it, or ask its owner to invite you"));
  }

  private void checkKnown(String name) {
    Names.check(name);
    if (name.equals(me)) {
      throw new IllegalArgumentException(me + " is this agent; a room's creator is in it already");
    }
    if (!known.test(name)) {
      throw new IllegalArgumentException(
          "unknown peer " + name + ": the registry does not know it; check the name");
    }
  }

  /** Writes a change; then wakes the links to {@code wakeUp} (a room: its members). */
  private CompletableFuture<Membership> change(Set<String> wakeUp, Function<Tx, Membership> write) {
    return store
        .transaction(write)
        .thenApply(
            m -> {
              wake.accept(wakeUp);
              return m;
            });
  }
}
