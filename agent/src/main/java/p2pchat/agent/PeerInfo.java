package p2pchat.agent;

/**
 * What an agent knows of another peer from the registry: status is {@code online}, {@code away} or
 * {@code unreachable}; host/port the advertised address; lastSeen epoch ms or null. Immutable.
 */
public record PeerInfo(String name, String status, String host, int port, Long lastSeen) {

  public boolean online() {
    return "online".equals(status);
  }
}
