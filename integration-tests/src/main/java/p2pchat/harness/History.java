package p2pchat.harness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.RoomHeader;

/**
 * The recorded history of a scenario: a snapshot of what every peer of a scenario sent and
 * received, read from their own stores, plus what the harness was promised (sends whose future
 * completed: durably queued). The checkers and the report read it. Immutable once built;
 * thread-safe.
 *
 * <p>A flow is one message id: who sent it, when, and every copy its receiver stored.
 */
public final class History {

  /** One message from sender to receiver, and what became of it. */
  public record Flow(
      String id,
      String from,
      String to,
      long seq,
      String text,
      long sentAt,
      List<Long> receivedAt,
      boolean expired,
      boolean offline,
      boolean inSenderStore,
      String room) {

    public boolean received() {
      return !receivedAt.isEmpty();
    }

    public Long latencyMillis() {
      return receivedAt.isEmpty() ? null : Math.max(0, receivedAt.get(0) - sentAt);
    }

    String brief() {
      return from
          + "→"
          + to
          + (room == null ? "" : " in " + room)
          + " #"
          + seq
          + " "
          + Texts.quote(text);
    }
  }

  private final Map<String, List<Message>> histories;
  private final List<Message> promised;
  private final Set<String> peers;
  private final Map<String, Flow> flows = new LinkedHashMap<>();

  /**
   * A chat message: not a room's membership, and not one waiting for an earlier message of its
   * author's (stored, not yet taken).
   */
  static boolean isChat(Message m) {
    return (m.roomHeader() == null || m.roomHeader().type() == RoomHeader.MESSAGE)
        && m.status() != Message.Status.WAITING;
  }

  /** A room message is one flow per member: its id and the member. */
  private static String key(Message m, String receiver) {
    return m.roomHeader() == null ? m.id() : m.id() + "/" + receiver;
  }

  private History(Map<String, List<Message>> histories, Collection<Message> promised) {
    this.histories = Map.copyOf(histories);
    this.promised = List.copyOf(promised);
    this.peers = Set.copyOf(histories.keySet());
    Map<String, List<Long>> copies = new LinkedHashMap<>();
    Map<String, Message> inbound = new LinkedHashMap<>();
    histories.forEach(
        (peer, history) -> {
          for (Message m : history) {
            if (m.direction() == Message.Direction.IN && isChat(m)) {
              copies
                  .computeIfAbsent(key(m, peer), k -> new ArrayList<>())
                  .add(m.receivedAt() == null ? m.sentAt() : m.receivedAt());
              inbound.putIfAbsent(key(m, peer), m);
            }
          }
        });
    histories.forEach(
        (peer, history) -> {
          for (Message m : history) {
            if (m.direction() == Message.Direction.OUT && isChat(m)) {
              add(key(m, m.to()), m, m.to(), copies, m.status() == Message.Status.EXPIRED, true);
            }
          }
        });
    Map<String, List<String>> versions = versions(histories);
    for (Message m : promised) {
      RoomHeader h = m.roomHeader();
      if (h == null) {
        if (!flows.containsKey(m.id())) {
          add(m.id(), m, m.to(), copies, false, false);
        }
        continue;
      }
      // a room message is owed to every other member of the version its author sent it under
      for (String member : versions.getOrDefault(h.roomName() + " v" + h.version(), List.of())) {
        String key = m.id() + "/" + member;
        if (!member.equals(m.from()) && !flows.containsKey(key)) {
          add(key, m, member, copies, false, false);
        }
      }
    }
    inbound.forEach(
        (key, m) -> {
          if (!flows.containsKey(key)) {
            String receiver = key.equals(m.id()) ? m.to() : key.substring(m.id().length() + 1);
            add(key, m, receiver, copies, false, false); // from a sender outside the scenario
          }
        });
  }

  private void add(
      String key,
      Message m,
      String to,
      Map<String, List<Long>> copies,
      boolean expired,
      boolean inSenderStore) {
    flows.put(
        key,
        new Flow(
            m.id(),
            m.from(),
            to,
            m.roomHeader() == null ? m.seq() : m.roomHeader().authorSeq(),
            m.text(),
            m.sentAt(),
            List.copyOf(copies.getOrDefault(key, List.of())),
            expired,
            m.offline(),
            inSenderStore,
            m.room()));
  }

  public static History of(Map<String, List<Message>> histories, Collection<Message> promised) {
    return new History(histories, promised);
  }

  public Collection<Flow> flows() {
    return flows.values();
  }

  /** What the harness was promised: sends whose queueing completed. */
  public List<Message> promised() {
    return promised;
  }

  public Map<String, List<Message>> histories() {
    return histories;
  }

  /** Messages the scenario owes its receivers: not expired, to a peer of the scenario. */
  public List<Flow> owed() {
    return flows.values().stream().filter(f -> !f.expired() && peers.contains(f.to())).toList();
  }

  public List<Flow> lost() {
    return owed().stream().filter(f -> !f.received()).toList();
  }

  /** Messages stored more than once by their receiver (same id, or same sender and seq). */
  public List<String> duplicates() {
    List<String> found = new ArrayList<>();
    histories.forEach(
        (peer, history) -> {
          Map<String, Integer> byId = new LinkedHashMap<>();
          Map<String, Integer> bySeq = new LinkedHashMap<>();
          for (Message m : history) {
            if (m.direction() == Message.Direction.IN && isChat(m)) {
              byId.merge(m.id(), 1, Integer::sum);
              bySeq.merge(chain(m) + " #" + place(m), 1, Integer::sum);
            }
          }
          byId.forEach(
              (id, n) -> {
                if (n > 1) {
                  found.add(peer + " stored " + n + " copies of " + describe(id));
                }
              });
          bySeq.forEach(
              (key, n) -> {
                if (n > 1 && found.stream().noneMatch(s -> s.startsWith(peer + " "))) {
                  found.add(peer + " stored " + n + " messages numbered " + key);
                }
              });
        });
    return found;
  }

  /** For each receiver and sender, messages handled out of the sender's order. */
  public List<String> reordered() {
    List<String> found = new ArrayList<>();
    histories.forEach(
        (peer, history) -> {
          Map<String, Long> last = new LinkedHashMap<>();
          for (Message m : history) {
            if (m.direction() != Message.Direction.IN || !isChat(m)) {
              continue;
            }
            Long before = last.get(chain(m));
            if (before != null && place(m) <= before) {
              found.add(
                  peer
                      + " handled "
                      + chain(m)
                      + " #"
                      + place(m)
                      + " "
                      + Texts.quote(m.text())
                      + " after #"
                      + before);
            }
            last.merge(chain(m), place(m), Math::max);
          }
        });
    return found;
  }

  /**
   * Room messages a peer took although it was not in the membership version they were sent under
   * (the versions as the owner published them, read from the membership messages in any store).
   */
  public List<String> takenWhileOut() {
    Map<String, List<String>> versions = versions(histories);
    List<String> found = new ArrayList<>();
    histories.forEach(
        (peer, history) -> {
          for (Message m : history) {
            RoomHeader h = m.roomHeader();
            if (m.direction() == Message.Direction.IN && h != null && isChat(m)) {
              List<String> members = versions.get(h.roomName() + " v" + h.version());
              if (members != null && !members.contains(peer)) {
                found.add(
                    peer
                        + " took "
                        + m.from()
                        + "'s "
                        + Texts.quote(m.text())
                        + " in "
                        + h.roomName()
                        + ", sent under version "
                        + h.version()
                        + " "
                        + members);
              }
            }
          }
        });
    return found;
  }

  /** Each room's membership versions ("#ops v2" to its members), from any store that has them. */
  private static Map<String, List<String>> versions(Map<String, List<Message>> histories) {
    Map<String, List<String>> versions = new LinkedHashMap<>();
    histories.forEach(
        (peer, history) -> {
          for (Message m : history) {
            RoomHeader h = m.roomHeader();
            if (h != null && h.type() == RoomHeader.MEMBERSHIP) {
              versions.putIfAbsent(
                  h.roomName() + " v" + h.version(),
                  p2pchat.agent.rooms.Membership.fromJson(h.roomName(), h.version(), m.text())
                      .members());
            }
          }
        });
    return versions;
  }

  /**
   * Whose order a message keeps: its sender's to this peer, or in a room its author's there (a
   * room's messages and a pair's are ordered each on their own).
   */
  private static String chain(Message m) {
    return m.room() == null ? m.from() : m.from() + " in " + m.room();
  }

  private static long place(Message m) {
    return m.roomHeader() == null ? m.seq() : m.roomHeader().authorSeq();
  }

  private String describe(String id) {
    Flow f = flows.get(id);
    return f == null ? "message " + id : f.brief();
  }
}
