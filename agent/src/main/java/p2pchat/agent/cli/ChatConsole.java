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
