package p2pchat.agent.store;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the room operations write with, wired once by the writer's group: this agent's name, the
 * group itself, the room tables in memory, the messages table, the unit's buffers and counters,
 * ids, the clock and the room keys. {@link RoomOps} and its parts ({@link RoomChanges}, {@link
 * RoomArrivals}, {@link RoomRelay}) share one. The record is immutable; what it names is used on
 * the writer thread only.
 */
record RoomWriting(
    String self,
    GroupTx tx,
    RoomTables rooms,
    MessageDao messages,
    UnitBuffers buffers,
    Counters counters,
    MessageIds ids,
    LongSupplier clock,
    Supplier<RoomKeys> roomKeys) {

  /** The keys that sign this agent's room messages and check others', as the store has them now. */
  RoomKeys keys() {
    return roomKeys.get();
  }
}
