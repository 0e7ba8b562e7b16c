package p2pchat.harness;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import p2pchat.agent.Agent;

/** The scenario's room words as calls on an agent's own API, for both kinds of peer. Stateless. */
final class RoomWords {
  private RoomWords() {}

  static CompletableFuture<Void> apply(Agent agent, String word, String room, List<String> names) {
    return switch (word) {
      case "create" -> agent.rooms().create(room, names).thenApply(m -> null);
      case "invite" -> agent.rooms().invite(room, names.get(0)).thenApply(m -> null);
      case "remove" -> agent.rooms().removeMember(room, names.get(0)).thenApply(m -> null);
      case "leave" -> agent.rooms().leave(room);
      default -> throw new IllegalArgumentException("no room word " + word);
    };
  }
}
