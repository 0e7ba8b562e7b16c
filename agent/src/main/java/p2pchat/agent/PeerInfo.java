package p2pchat.agent;

/**
 * What an agent knows of another peer from the registry, as the public API shows it (no key, no
 * epoch: those are {@code presence.RegistryPeer}'s; scripts get a {@code script.ScriptPeer}):
 * status is {@code online}, {@code away} or {@code unreachable}; host/port the advertised address;
 * lastSeen epoch ms or null. Immutable.
 */
public record PeerInfo(String name, String status, String host, int port, Long lastSeen) {
  /** The registry's three statuses (docs/registry-api.md). */
  public static final String ONLINE = "online";

  public static final String AWAY = "away";
  public static final String UNREACHABLE = "unreachable";

  public boolean online() {
    return ONLINE.equals(status);
  }
}
