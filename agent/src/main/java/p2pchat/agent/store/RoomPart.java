package p2pchat.agent.store;

/**
 * One part of {@link RoomOps}: what it writes with, and the whole it is part of (for what the parts
 * share: publishing a membership, queuing a room row, views, refusals). On the writer thread; not
 * thread-safe.
 */
abstract sealed class RoomPart permits RoomChanges, RoomRelay, RoomArrivals {
  final RoomWriting writing;
  final RoomOps ops;

  RoomPart(RoomWriting writing, RoomOps ops) {
    this.writing = writing;
    this.ops = ops;
  }
}
