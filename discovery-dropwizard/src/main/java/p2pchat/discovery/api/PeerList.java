package p2pchat.discovery.api;

import java.util.List;

/** Answer to {@code GET /v1/peers}: the peers and the registry version they reflect. Immutable. */
public record PeerList(long version, List<Peer> peers) {}
