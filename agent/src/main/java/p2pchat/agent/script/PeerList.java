package p2pchat.agent.script;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import p2pchat.agent.PeerInfo;

/**
 * What {@code peers} answers: every known peer (with status), plus {@code peers.online}, the names
 * of those online, this agent excluded. A snapshot taken when first read in a call; not thread-safe
 * (one dispatch thread).
 */
public final class PeerList extends AbstractList<ScriptPeer> {

  private final List<ScriptPeer> peers;
  private final String me;

  PeerList(List<PeerInfo> infos, String me) {
    this.peers = new ArrayList<>(infos.size());
    for (PeerInfo p : infos) {
      peers.add(ScriptPeer.of(p));
    }
    this.me = me;
  }

  @Override
  public ScriptPeer get(int index) {
    return peers.get(index);
  }

  @Override
  public int size() {
    return peers.size();
  }

  /** Names of the peers online now, other than this agent. */
  public List<String> getOnline() {
    List<String> names = new ArrayList<>();
    for (ScriptPeer p : peers) {
      if (p.isOnline() && !p.getName().equals(me)) {
        names.add(p.getName());
      }
    }
    return names;
  }

  /** {@code peers['Carol']}: that peer, or null if the registry does not know it. */
  public ScriptPeer getAt(String name) {
    for (ScriptPeer p : peers) {
      if (p.getName().equals(name)) {
        return p;
      }
    }
    return null;
  }
}
