package p2pchat.agent;

import java.util.Optional;
import java.util.function.Function;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.identity.Keys;
import p2pchat.agent.presence.RegistryPeer;
import p2pchat.agent.store.RoomKeys;

/**
 * Room signatures with the agent's identity key, checked against the key the registry holds for the
 * author (as this agent last heard it). Thread-safe.
 */
final class SignedRooms implements RoomKeys {
  private final Identity identity;
  private final Function<String, Optional<RegistryPeer>> records;

  SignedRooms(Identity identity, Function<String, Optional<RegistryPeer>> records) {
    this.identity = identity;
    this.records = records;
  }

  @Override
  public byte[] sign(byte[] payload) {
    return identity.sign(payload);
  }

  @Override
  public boolean verify(String author, byte[] payload, byte[] signature) {
    return records.apply(author).map(r -> Keys.verify(r.key(), payload, signature)).orElse(false);
  }
}
