package p2pchat.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * One peer's room words ({@code createRoom}, {@code invite}, {@code removeMember}, {@code leave}),
 * each a step that is done when the change is committed in the peer's store. Called on the scenario
 * thread.
 */
record PeerRooms(Peer peer, Scenario scenario, String name, PeerDriver driver) {

  /** {@code sam.createRoom('#ops', 'Carol', 'Dan')}: Sam owns #ops, with Carol and Dan in it. */
  void create(Object room, Object... members) {
    List<String> names = new ArrayList<>();
    for (Object m : members) {
      names.add(scenario.nameOf(m));
    }
    roomStep("createRoom", "create", room, names);
  }

  /** {@code invite}, {@code removeMember} (with a peer) or {@code leave} (without). */
  void change(String word, String driverWord, Object room, Object peer) {
    roomStep(word, driverWord, room, peer == null ? List.of() : List.of(scenario.nameOf(peer)));
  }

  /** A room change, done when the change is committed in this peer's store. */
  private void roomStep(String word, String driverWord, Object room, List<String> names) {
    String r = scenario.destinationOf(room);
    if (!p2pchat.agent.rooms.RoomNames.isRoom(r)) {
      throw new ScenarioError(
          word + " needs a room like '#ops', not '" + r + "'", word + "('#ops', ...)");
    }
    scenario.step(
        word,
        true,
        () -> {
          peer.requireState(word, Peer.State.RUNNING);
          try {
            driver.room(driverWord, r, names).get(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException e) {
            throw new ScenarioError(
                name + "." + word + " refused: " + e.getCause().getMessage(),
                "check the room's name and members");
          }
          return null;
        });
  }
}
