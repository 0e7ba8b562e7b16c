package p2pchat.agent.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.List;
import p2pchat.agent.Message;
import p2pchat.agent.wire.Frame;
import p2pchat.agent.wire.FrameCodec;

/**
 * One outbound connection's sending bookkeeping: the seqs in flight, the last sent and last
 * acknowledged, and the encoding of outbox rows into one buffer of MSG frames. A new connection
 * gets a new window that starts again after the last acknowledged seq. Confined to the link's event
 * loop; not thread-safe.
 */
final class SendWindow {
  /**
   * Frames for {@code first..last} (null if none), and why the row after them could not be sent, if
   * so.
   */
  record Batch(ByteBuf frames, long first, long last, Message blocked, String problem) {}

  enum Ack {
    STALE,
    ADVANCED,
    INVALID
  }

  private final int capacity;
  private final int maxFrameBytes;
  private final ArrayDeque<Long> inFlight = new ArrayDeque<>();
  private long lastSent;
  private long lastAcked;

  SendWindow(int capacity, int maxFrameBytes, long lastAcked) {
    this.capacity = capacity;
    this.maxFrameBytes = maxFrameBytes;
    this.lastAcked = lastAcked;
    this.lastSent = lastAcked;
  }

  long lastSent() {
    return lastSent;
  }

  long lastAcked() {
    return lastAcked;
  }

  int inFlight() {
    return inFlight.size();
  }

  int room() {
    return capacity - inFlight.size();
  }

  Ack ack(long seq) {
    if (seq > lastSent) {
      return Ack.INVALID;
    }
    if (seq <= lastAcked) {
      return Ack.STALE;
    }
    lastAcked = seq;
    while (!inFlight.isEmpty() && inFlight.peekFirst() <= seq) {
      inFlight.pollFirst();
    }
    return Ack.ADVANCED;
  }

  /**
   * Encodes the rows after {@code lastSent}, in order, and counts them as in flight; stops at the
   * first row that cannot go in a frame (too big, or an id over 255 bytes), which then holds back
   * everything after it.
   */
  Batch encode(List<Message> rows, ByteBufAllocator alloc) {
    ByteBuf buf = alloc.ioBuffer(Math.min(rows.size() * 128, 1 << 20));
    long first = -1;
    Message blocked = null;
    String problem = null;
    for (Message m : rows) {
      if (m.seq() <= lastSent) {
        continue; // the outbox returned a row already sent; skip rather than break the order
      }
      int mark = buf.writerIndex();
      try {
        int length =
            FrameCodec.writeFrame(
                new Frame.Msg(
                    m.id(),
                    m.seq(),
                    m.sentAt(),
                    m.expiresAt(),
                    m.offline(),
                    m.text(),
                    m.data(),
                    m.roomHeader()),
                buf);
        if (length > maxFrameBytes) {
          problem =
              "needs a " + length + "-byte frame, more than the " + maxFrameBytes + "-byte limit";
        }
      } catch (IllegalArgumentException e) {
        problem = "cannot be encoded (" + e.getMessage() + ")";
      }
      if (problem != null) {
        buf.writerIndex(mark);
        blocked = m;
        break;
      }
      if (first < 0) {
        first = m.seq();
      }
      lastSent = m.seq();
      inFlight.addLast(lastSent);
    }
    if (first < 0) {
      buf.release();
      return new Batch(null, -1, -1, blocked, problem);
    }
    return new Batch(buf, first, lastSent, blocked, problem);
  }
}
