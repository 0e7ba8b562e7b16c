package p2pchat.harness;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One connection through a {@link FaultProxy}: reads the first frame to learn the sender, asks its
 * {@link Link} whether it may pass, then relays bytes both ways with the link's latency (order
 * kept) and lets the link drop or reset it. Both channels share one event loop, so the state below
 * is only touched from that thread (except {@link #kill}, which hops onto it).
 */
final class ProxyConnection extends RelaySockets.Side {
  private static final int HELLO = 1;
  private static final int MAX_FIRST_FRAME = 64 * 1024;

  private final FaultProxy proxy;
  private final Channel front;
  private ByteBuf head = Unpooled.buffer();
  private Channel back;
  private Link link;
  private final Direction toBack = new Direction();
  private final Direction toFront = new Direction();

  ProxyConnection(FaultProxy proxy, Channel front) {
    this.proxy = proxy;
    this.front = front;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    if (back != null) {
      toBack.send(buf, back, front);
      return;
    }
    if (head == null) { // deciding or connecting: keep what arrives
      buf.release();
      return;
    }
    head.writeBytes(buf);
    buf.release();
    String from = sender();
    if (from != null) {
      connect(from);
    }
  }

  /** The HELLO's sender, "?" when the first frame is not a HELLO, null while incomplete. */
  private String sender() {
    if (head.readableBytes() < 4) {
      return null;
    }
    int length = head.getInt(0);
    if (length < 4 || length > MAX_FIRST_FRAME) {
      return "?";
    }
    if (head.readableBytes() < 4 + length) {
      return null;
    }
    int n = head.getUnsignedByte(7);
    if (head.getByte(4) != HELLO || n < 1 || 8 + n > 4 + length) {
      return "?";
    }
    return head.toString(8, n, StandardCharsets.US_ASCII);
  }

  private void connect(String from) {
    link = proxy.link(from);
    toBack.sender = from;
    toFront.sender = proxy.owner();
    int target = proxy.target();
    if (link.refuses(from) || target == 0) {
      RelaySockets.reset(front);
      return;
    }
    ByteBuf first = head;
    head = null;
    RelaySockets.dial(
        front,
        target,
        new Back(),
        opened -> {
          back = opened;
          link.opened(this);
          toBack.send(first, back, front);
        },
        () -> {
          first.release();
          RelaySockets.reset(front);
        });
  }

  /** Close both sides now; with {@code rst} as a TCP reset (SO_LINGER 0) instead of a FIN. */
  void kill(boolean rst) {
    front
        .eventLoop()
        .execute(
            () -> {
              for (Channel c : new Channel[] {front, back}) {
                if (c != null) {
                  if (rst) {
                    RelaySockets.reset(c);
                  } else {
                    c.close();
                  }
                }
              }
            });
  }

  /** After a one-way partition heals: what was held back goes on, in order. */
  void release() {
    front
        .eventLoop()
        .execute(
            () -> {
              if (back != null) {
                toBack.release(back, front);
                toFront.release(front, back);
              }
            });
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (front.isWritable() && back != null) {
      back.config().setAutoRead(true);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (head != null) {
      head.release();
      head = null;
    }
    if (back != null) {
      toBack.closeAfterPending(back);
    }
    if (link != null) {
      link.closed(this);
    }
  }

  /** The proxy's connection to the real peer: bytes back to the sender. */
  private final class Back extends RelaySockets.Side {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      toFront.send((ByteBuf) msg, front, back);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (back.isWritable()) {
        front.config().setAutoRead(true);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      toFront.closeAfterPending(front);
    }
  }

  /**
   * One way of the relay: holds bytes back during a one-way partition, cuts a frame for a mid-frame
   * reset, delays by the link's latency and bandwidth, slices writes, never reorders.
   */
  private final class Direction {
    private static final int PAUSE_READS_AT = 256 * 1024;
    private String sender = "?";
    private long lastDue;
    private long linkFreeAt;
    private long pending;
    private final java.util.ArrayDeque<ByteBuf> held = new java.util.ArrayDeque<>();

    void send(ByteBuf buf, Channel to, Channel from) {
      if (link.holds(sender) || !held.isEmpty()) {
        held.addLast(buf);
        return;
      }
      pass(buf, to, from);
    }

    private void pass(ByteBuf buf, Channel to, Channel from) {
      if (link.takeMidFrameCut()) {
        cutMidFrame(buf, to);
        return;
      }
      long now = System.nanoTime();
      long due = now + link.latencyNanos();
      long bps = link.bytesPerSecond();
      if (bps > 0) {
        long start = Math.max(now, linkFreeAt);
        linkFreeAt = start + buf.readableBytes() * 1_000_000_000L / bps;
        due = linkFreeAt + link.latencyNanos();
      }
      if (due <= now && lastDue <= now) {
        write(buf, to, from);
        return;
      }
      lastDue = Math.max(due, lastDue);
      int size = buf.readableBytes();
      pending += size;
      if (pending > PAUSE_READS_AT) {
        from.config().setAutoRead(false);
      }
      to.eventLoop()
          .schedule(
              () -> {
                pending -= size;
                write(buf, to, from);
                if (pending <= PAUSE_READS_AT / 4 && to.isWritable()) {
                  from.config().setAutoRead(true);
                }
              },
              lastDue - now,
              TimeUnit.NANOSECONDS);
    }

    /** The first 3 bytes go through, then both sides are reset. */
    private void cutMidFrame(ByteBuf buf, Channel to) {
      if (!to.isActive() || buf.readableBytes() < 4) {
        write(buf, to, to);
        link.resetMidFrameAgain();
        return;
      }
      ByteBuf head = buf.readRetainedSlice(3);
      buf.release();
      to.writeAndFlush(head).addListener(f -> kill(true));
    }

    void release(Channel to, Channel from) {
      while (!held.isEmpty() && !link.holds(sender)) {
        pass(held.pollFirst(), to, from);
      }
    }

    private void write(ByteBuf buf, Channel to, Channel from) {
      if (!to.isActive()) {
        buf.release();
        return;
      }
      int slice = link.sliceBytes();
      if (slice > 0) {
        while (buf.readableBytes() > slice) {
          to.writeAndFlush(buf.readRetainedSlice(slice));
          link.slices.incrementAndGet();
        }
        link.slices.incrementAndGet();
      }
      to.writeAndFlush(buf);
      if (!to.isWritable()) {
        from.config().setAutoRead(false);
      }
    }

    void closeAfterPending(Channel to) {
      held.forEach(ByteBuf::release);
      held.clear();
      long wait = lastDue - System.nanoTime();
      Runnable close =
          () -> to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      if (wait > 0) {
        to.eventLoop().schedule(close, wait, TimeUnit.NANOSECONDS);
      } else {
        close.run();
      }
    }
  }
}
