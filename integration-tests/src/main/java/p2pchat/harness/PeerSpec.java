package p2pchat.harness;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import p2pchat.agent.Durability;

/**
 * How to start one peer: its name, where the registry is, its data directory, its script (or
 * null), the port its proxy listens on (which it advertises) and its heartbeat. Immutable.
 */
record PeerSpec(
    String name, URI registry, Path dataDir, Path script, int advertisedPort, Duration heartbeat, Durability durability) {}
