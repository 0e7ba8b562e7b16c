package p2pchat.agent.rooms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import p2pchat.agent.common.PeerNames;

/**
 * One version of a room's member list, as its owner published it: the owner is always a member and
 * alone makes the next version. Immutable and thread-safe.
 */
public record Membership(String room, String owner, long version, List<String> members) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Membership {
    RoomNames.check(room);
    PeerNames.check(owner);
    if (version < 1) {
      throw new IllegalArgumentException("membership version must be at least 1: " + version);
    }
    members = List.copyOf(new LinkedHashSet<>(members));
    members.forEach(PeerNames::check);
    if (!members.contains(owner)) {
      throw new IllegalArgumentException(room + ": the owner " + owner + " must be a member");
    }
  }

  /** The first version: the owner and {@code others}. */
  public static Membership create(String room, String owner, List<String> others) {
    List<String> all = new ArrayList<>();
    all.add(owner);
    all.addAll(Objects.requireNonNull(others, "members"));
    return new Membership(room, owner, 1, all);
  }

  public boolean includes(String name) {
    return members.contains(name);
  }

  /** Everyone but {@code me}: the receivers of a room message {@code me} sends. */
  public List<String> othersThan(String me) {
    return members.stream().filter(m -> !m.equals(me)).toList();
  }

  /** The next version with {@code name} in; {@code by} must be the owner. */
  public Membership invite(String by, String name) {
    checkOwner(by, "invite");
    PeerNames.check(name);
    if (includes(name)) {
      throw new IllegalArgumentException(name + " is already a member of " + room);
    }
    List<String> next = new ArrayList<>(members);
    next.add(name);
    return new Membership(room, owner, version + 1, next);
  }

  /** The next version without {@code name}; {@code by} must be the owner. */
  public Membership remove(String by, String name) {
    checkOwner(by, "remove members from");
    if (!includes(name)) {
      throw new IllegalArgumentException(
          name + " is not a member of " + room + "; its members are " + members);
    }
    if (name.equals(owner)) {
      throw new IllegalArgumentException(
          owner + " owns " + room + " and cannot be removed; the owner leaves it instead");
    }
    List<String> next = new ArrayList<>(members);
    next.remove(name);
    return new Membership(room, owner, version + 1, next);
  }

  /**
   * The next version after the owner leaves: the longest-standing other member owns the room; null
   * when the owner was alone in it.
   */
  public Membership ownerLeaves() {
    List<String> rest = othersThan(owner);
    return rest.isEmpty() ? null : new Membership(room, rest.get(0), version + 1, rest);
  }

  private void checkOwner(String by, String what) {
    if (!owner.equals(by)) {
      throw new IllegalArgumentException(
          by + " cannot " + what + " " + room + ": only its owner " + owner + " can");
    }
  }

  /** The JSON a membership travels as: {@code {"room", "owner", "version", "members"}}. */
  public String toJson() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("room", room);
    tree.put("owner", owner);
    tree.put("version", version);
    tree.put("members", members);
    try {
      return JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads what {@link #toJson} wrote, for {@code room} at {@code version} (the header's, which
   * win); IllegalArgumentException naming what is wrong.
   */
  public static Membership fromJson(String room, long version, String json) {
    try {
      var tree = JSON.readTree(json);
      List<String> members = new ArrayList<>();
      tree.path("members").forEach(n -> members.add(n.asText()));
      return new Membership(room, tree.path("owner").asText(), version, members);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a membership: " + e.getOriginalMessage());
    }
  }
}
