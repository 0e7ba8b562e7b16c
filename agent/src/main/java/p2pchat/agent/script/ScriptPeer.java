package p2pchat.agent.script;

import java.io.Serializable;
import p2pchat.agent.PeerInfo;

/**
 * A peer as a script sees it: a Groovy-friendly, Serializable copy of {@link PeerInfo} (scripts
 * keep peers in timer closures and state), with the DSL's error for an unknown property. Prints as
 * its name (so {@code send peer, 'hi'} and {@code "${peer} is back"} read well) and has {@code
 * name}, {@code status}, {@code online}, {@code host}, {@code port}, {@code lastSeen}. Serializable
 * for timer closures. Immutable.
 */
public final class ScriptPeer implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final String status;
  private final String host;
  private final int port;
  private final Long lastSeen;

  ScriptPeer(String name, String status, String host, int port, Long lastSeen) {
    this.name = name;
    this.status = status;
    this.host = host;
    this.port = port;
    this.lastSeen = lastSeen;
  }

  static ScriptPeer of(PeerInfo p) {
    return new ScriptPeer(p.name(), p.status(), p.host(), p.port(), p.lastSeen());
  }

  public String getName() {
    return name;
  }

  /** {@code online}, {@code away} or {@code unreachable}. */
  public String getStatus() {
    return status;
  }

  public boolean isOnline() {
    return PeerInfo.ONLINE.equals(status);
  }

  public String getHost() {
    return host;
  }

  public int getPort() {
    return port;
  }

  public Long getLastSeen() {
    return lastSeen;
  }

  public Object propertyMissing(String name) {
    throw DslException.noProperty("a peer", name, "name, status, online, host, port, lastSeen");
  }

  @Override
  public String toString() {
    return name;
  }
}
