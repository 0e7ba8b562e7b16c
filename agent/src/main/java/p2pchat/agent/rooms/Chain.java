package p2pchat.agent.rooms;

/**
 * Where one arriving room message stands in its author's sequence, seen by one member. A member
 * takes an author's messages in the author's order: a message is taken when the member already has
 * the one before it (its header's {@code prevFor(member)}); one whose predecessor is missing waits,
 * stored, until it comes (whichever member passes it on); one already taken is a duplicate. Pure.
 */
public final class Chain {
  /** What to do with an arriving room message. */
  public enum Verdict {
    /** Its predecessor is in: hand it to the script now, then any waiting successors. */
    TAKE,
    /** Its predecessor is missing: store it and hand it over when that one comes. */
    WAIT,
    /** Taken before: acknowledge it, store nothing. */
    DUPLICATE
  }

  private Chain() {}

  /**
   * @param lastTaken the author's last message this member took (0: none)
   * @param seq the arriving message's place in its author's sequence
   * @param prev the author's message before it that this member was owed (0: none)
   */
  public static Verdict judge(long lastTaken, long seq, long prev) {
    if (seq <= lastTaken) {
      return Verdict.DUPLICATE;
    }
    // prev < lastTaken < seq cannot come from an honest author; taking it keeps the chain moving.
    return prev <= lastTaken ? Verdict.TAKE : Verdict.WAIT;
  }
}
