package p2pchat.agent.cli;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import p2pchat.agent.AgentListener;
import p2pchat.agent.Message;
import p2pchat.agent.PeerInfo;

/**
 * Prints what happens to a chatting agent, in the prototype's words. Called from agent threads;
 * synchronized so lines never interleave.
 */
final class ChatConsole implements AgentListener {
  private final PrintStream out;
  private final Set<String> connected = new HashSet<>();
  private final Set<String> inOfflineRun = new HashSet<>();
  private String partner;
  private boolean partnerOnline;

  static String offlineMode(String peer) {
    return peer
        + " is offline right now. You are in offline sending mode. You can enter messages and they will be"
        + " sent once the user is online, or type 'exit' to talk to another user.";
  }

  /** The user now talks to {@code peer} (null: choosing); says so if the peer is offline. */
  synchronized void talkTo(String peer, boolean online) {
    partner = peer;
    partnerOnline = online;
    if (peer != null && !online) {
      out.println(offlineMode(peer));
      out.flush();
    }
  }

  ChatConsole(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void peerConnected(String peer) {
    if (connected.add(peer)) {
      out.println(peer + " just connected to you!");
      out.flush();
    }
  }

  @Override
  public synchronized void peerChanged(PeerInfo peer) {
    if (!peer.online()) {
      connected.remove(peer.name()); // greet again when it comes back
    }
    if (peer.name().equals(partner) && peer.online() != partnerOnline) {
      partnerOnline = peer.online();
      out.println(partnerOnline ? peer.name() + " is online again." : offlineMode(peer.name()));
      out.flush();
    }
  }

  @Override
  public synchronized void received(List<Message> messages) {
    for (Message m : messages) {
      if (m.offline()) {
        if (inOfflineRun.add(m.from())) {
          out.println("Offline message from " + m.from());
        }
      } else {
        inOfflineRun.remove(m.from());
      }
      out.println(m.from() + ": " + m.text());
    }
    out.flush();
  }
}
