package p2pchat.agent.transport;

import io.netty.channel.Channel;
import java.util.List;
import p2pchat.agent.Message;
import p2pchat.agent.wire.Frame;

/**
 * One accepted outbound connection of a {@link Link}: its channel, its {@link SendWindow}, and
 * whether it is fetching from the store, has sent all there was, or is closing for being idle. Made
 * when the server accepts, discarded when the channel closes; a discarded one does nothing, so late
 * results of its store reads cannot reach the next connection. Memory is bounded: at most {@code
 * window} messages are in flight, and nothing more is read from the store while the channel is not
 * writable. Confined to the link's event loop; not thread-safe.
 */
final class LinkConnection {
  private static final int FETCH_LIMIT = 256;

  private final Link link;
  private final Channel channel;
  private final SendWindow window;
  private final LinkOutbox outbox;
  private final Context ctx;
  private boolean fetching;
  private boolean drained;
  private boolean idleClosing;
  private boolean discarded;
  private long lastActivityNanos = System.nanoTime(); // the last write or ACK

  LinkConnection(Link link, Channel channel, SendWindow window, LinkOutbox outbox, Context ctx) {
    this.link = link;
    this.channel = channel;
    this.window = window;
    this.outbox = outbox;
    this.ctx = ctx;
  }

  Channel channel() {
    return channel;
  }

  String describe() {
    return "lastSent="
        + window.lastSent()
        + " inFlight="
        + window.inFlight()
        + " fetching="
        + fetching
        + " drained="
        + drained
        + " idleClosing="
        + idleClosing
        + " channel="
        + channel.isActive()
        + "/writable="
        + channel.isWritable();
  }

  /** Something new may be pending. */
  void wake() {
    drained = false;
    pump();
  }

  void onAck(long seq) {
    if (discarded) {
      return;
    }
    switch (window.ack(seq)) {
      case INVALID -> {
        ctx.log()
            .warn(
                "closing the link to {}: it acknowledged seq {} but only {} was sent",
                link.peer(),
                seq,
                window.lastSent());
        channel.close();
        return;
      }
      case STALE -> {
        return;
      }
      case ADVANCED -> {}
    }
    lastActivityNanos = System.nanoTime();
    link.acked(seq);
    if (link.closing()) {
      finishIfIdle();
    } else {
      pump();
    }
  }

  void onWritable() {
    if (channel.isWritable()) {
      pump();
    }
  }

  void onReaderIdle() {
    if (discarded) {
      return;
    }
    if (window.inFlight() > 0) {
      ctx.log()
          .warn(
              "no ACK from {} for {} ms with {} messages in flight; reconnecting",
              link.peer(),
              ctx.config().idleTimeout().toMillis(),
              window.inFlight());
      channel.close();
    } else if (drained && !fetching) {
      ctx.log().debug("link to {} idle; closing it", link.peer());
      closeIdle();
    }
  }

  /** Says BYE as an idle link does and closes; the link opens again on its next wake. */
  private void closeIdle() {
    idleClosing = true;
    channel.writeAndFlush(new Frame.Bye("idle"));
    channel.close();
  }

  /** The channel closed: this connection is done. */
  void closed() {
    if (discarded) {
      return;
    }
    discarded = true;
    link.connectionClosed(this, window.inFlight() == 0 && (drained || idleClosing));
  }

  /**
   * Closes as the idle timeout would, sooner: if everything is sent and acknowledged and nothing
   * was written or acknowledged for {@code quietNanos}. The link opens again on its next wake.
   */
  void closeIfQuiet(long quietNanos) {
    if (!discarded
        && drained
        && !fetching
        && !idleClosing
        && window.inFlight() == 0
        && System.nanoTime() - lastActivityNanos > quietNanos) {
      ctx.log()
          .debug("link to {} quiet for {} ms; closing it", link.peer(), quietNanos / 1_000_000);
      closeIdle();
    }
  }

  /** When the link closes: says BYE and closes once nothing is in flight. */
  void finishIfIdle() {
    if (!discarded && window.inFlight() == 0) {
      channel.writeAndFlush(new Frame.Bye("closing"));
      channel.close();
    }
  }

  void pump() {
    if (discarded || fetching || drained || link.closing() || idleClosing) {
      return;
    }
    int room = window.room();
    if (room <= 0 || !channel.isWritable()) {
      return;
    }
    int limit = Math.min(room, FETCH_LIMIT);
    fetching = true;
    link.readStarts();
    outbox.fetch(
        window.lastSent(),
        limit,
        rows -> {
          fetching = false;
          if (rows == null) {
            if (!discarded) {
              channel.close(); // reconnects with backoff, and reads again
            }
          } else {
            onFetched(rows, limit);
          }
        });
  }

  private void onFetched(List<Message> rows, int limit) {
    if (discarded) {
      return;
    }
    if (link.closing()) { // stop taking new work: these rows stay pending for the next run
      finishIfIdle();
      return;
    }
    if (rows.size() < limit && !link.wokenSinceRead()) {
      drained = true;
    }
    if (!rows.isEmpty()) {
      write(rows);
    }
    if (link.closing()) {
      finishIfIdle();
    } else {
      pump();
    }
  }

  private void write(List<Message> rows) {
    SendWindow.Batch batch = window.encode(rows, channel.alloc());
    if (batch.problem() != null) {
      link.cannotSend(batch.blocked(), batch.problem());
      drained = true; // until the next wake: the same row would come back first
    }
    if (batch.frames() != null) {
      lastActivityNanos = System.nanoTime();
      channel.writeAndFlush(batch.frames(), channel.voidPromise());
      outbox.sent(batch.first(), batch.last());
    }
  }
}
