package p2pchat.agent.cli.chat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import p2pchat.agent.AgentListener;
import p2pchat.agent.Message;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.cli.chat.ChatIo.Ink;
import p2pchat.agent.rooms.Membership;

/**
 * Shows what happens to a chatting agent: in the prototype's words on a pipe, and on a terminal
 * with times and delivery marks too. Called from agent threads and the chat's thread; synchronized
 * so its state and lines stay in step.
 */
public final class ChatConsole implements AgentListener {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
  private static final int MARK_TEXT = 40;

  private final ChatIo io;
  private final Deliveries deliveries = new Deliveries();
  private final Set<String> connected = new HashSet<>();
  private final Set<String> inOfflineRun = new HashSet<>();
  private final Map<String, Membership> rooms = new HashMap<>();
  private String partner;
  private boolean partnerOnline;

  public ChatConsole(ChatIo io) {
    this.io = io;
  }

  public static String offlineMode(String peer) {
    return peer
        + " is offline right now. You are in offline sending mode. You can enter messages and they will be"
        + " sent once the user is online, or type 'exit' to talk to another user.";
  }

  /** The rooms as they were when the chat started, so changes can be told as changes. */
  synchronized void knowRooms(List<Membership> joined) {
    joined.forEach(m -> rooms.put(m.room(), m));
  }

  /**
   * The user now talks to {@code peer} (a room, or null: choosing); says so if the peer is offline.
   */
  synchronized void talkTo(String peer, boolean online) {
    partner = peer;
    partnerOnline = online;
    if (peer != null && !online) {
      io.show(offlineMode(peer));
    }
  }

  /** A line of ours was queued as {@code copies} copies (one per receiver). */
  synchronized void sent(Message m, String target, int copies) {
    deliveries.sent(m, target, copies).forEach(this::showMark);
  }

  @Override
  public synchronized void peerConnected(String peer) {
    if (connected.add(peer)) {
      io.show(peer + " just connected to you!");
    }
  }

  @Override
  public synchronized void peerChanged(PeerInfo peer) {
    if (!peer.online()) {
      connected.remove(peer.name()); // greet again when it comes back
    }
    if (peer.name().equals(partner) && peer.online() != partnerOnline) {
      partnerOnline = peer.online();
      io.show(partnerOnline ? peer.name() + " is online again." : offlineMode(peer.name()));
    }
  }

  @Override
  public synchronized void received(List<Message> messages) {
    for (Message m : messages) {
      if (MembershipWords.isMembership(m)) {
        showMembership(m);
        continue;
      }
      if (m.offline()) {
        if (inOfflineRun.add(m.from())) {
          io.show("Offline message from " + m.from());
        }
      } else {
        inOfflineRun.remove(m.from());
      }
      io.show(line(m));
    }
  }

  @Override
  public synchronized void delivered(List<Message> messages) {
    deliveries.delivered(messages).forEach(this::showMark);
  }

  /** {@code Carol: hi} as the prototype printed it; with the time on a terminal, and the room. */
  private String line(Message m) {
    StringBuilder b = new StringBuilder();
    if (io.decorated()) {
      b.append(io.paint(Ink.TIME, CLOCK.format(Instant.ofEpochMilli(m.sentAt())))).append(' ');
      if (m.room() != null) {
        b.append(io.paint(Ink.ROOM, m.room())).append(' ');
      }
    } else if (m.room() != null) {
      b.append('[').append(m.room()).append("] ");
    }
    return b.append(io.paint(Ink.NAME, m.from())).append(": ").append(m.text()).toString();
  }

  private void showMembership(Message m) {
    String words = MembershipWords.describe(m, rooms.get(m.room()));
    MembershipWords.membership(m).ifPresent(now -> rooms.put(now.room(), now));
    io.show(io.paint(Ink.NOTICE, "* " + words));
  }

  private void showMark(Deliveries.Mark mark) {
    if (!io.decorated()) {
      return; // a pipe's output stays the prototype's
    }
    String check = mark.room() ? "✓ " + mark.have() + "/" + mark.copies() : "✓";
    String text =
        mark.text().length() > MARK_TEXT
            ? mark.text().substring(0, MARK_TEXT - 1) + "…"
            : mark.text();
    io.show("  " + io.paint(Ink.MARK, check) + " → " + mark.target() + ": " + text);
  }
}
