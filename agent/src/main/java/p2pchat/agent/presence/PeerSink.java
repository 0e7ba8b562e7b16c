package p2pchat.agent.presence;

import java.util.List;

/** Where a {@link Watch} puts what the registry says: one agent's cache, or all of a process's. */
interface PeerSink {
  /** The registry's full list; with {@code tellAll} every record is reported, else only changes. */
  void replaceAll(List<RegistryPeer> list, boolean tellAll);

  /** One change from the registry's watch. */
  void apply(RegistryPeer now);
}
