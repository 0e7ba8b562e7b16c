package p2pchat.harness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import p2pchat.agent.Message;

/**
 * A snapshot of what every peer of a scenario sent and received, read from their own stores, plus
 * what the harness was promised (sends whose future completed: durably queued). The checkers and
 * the report read it. Immutable once built; thread-safe.
 *
 * <p>A flow is one message id: who sent it, when, and every copy its receiver stored.
 */
public final class Traffic {

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
      boolean inSenderStore) {

    public boolean received() {
      return !receivedAt.isEmpty();
    }

    public Long latencyMillis() {
      return receivedAt.isEmpty() ? null : Math.max(0, receivedAt.get(0) - sentAt);
    }

    String brief() {
      return from + "→" + to + " #" + seq + " " + Texts.quote(text);
    }
  }

  private final Map<String, List<Message>> histories;
  private final Set<String> peers;
  private final Map<String, Flow> flows = new LinkedHashMap<>();

  private Traffic(Map<String, List<Message>> histories, Collection<Message> promised) {
    this.histories = Map.copyOf(histories);
    this.peers = Set.copyOf(histories.keySet());
    Map<String, List<Long>> copies = new LinkedHashMap<>();
    Map<String, Message> inbound = new LinkedHashMap<>();
    histories.forEach(
        (peer, history) -> {
          for (Message m : history) {
            if (m.direction() == Message.Direction.IN) {
              copies
                  .computeIfAbsent(m.id(), k -> new ArrayList<>())
                  .add(m.receivedAt() == null ? m.sentAt() : m.receivedAt());
              inbound.putIfAbsent(m.id(), m);
            }
          }
        });
    histories.forEach(
        (peer, history) -> {
          for (Message m : history) {
            if (m.direction() == Message.Direction.OUT) {
              add(m, copies, m.status() == Message.Status.EXPIRED, true);
            }
          }
        });
    for (Message m : promised) {
      if (!flows.containsKey(m.id())) {
        add(m, copies, false, false);
      }
    }
    inbound.forEach(
        (id, m) -> {
          if (!flows.containsKey(id)) {
            add(m, copies, false, false); // from a sender outside the scenario
          }
        });
  }

  private void add(
      Message m, Map<String, List<Long>> copies, boolean expired, boolean inSenderStore) {
    flows.put(
        m.id(),
        new Flow(
            m.id(),
            m.from(),
            m.to(),
            m.seq(),
            m.text(),
            m.sentAt(),
            List.copyOf(copies.getOrDefault(m.id(), List.of())),
            expired,
            m.offline(),
            inSenderStore));
  }

  public static Traffic of(Map<String, List<Message>> histories, Collection<Message> promised) {
    return new Traffic(histories, promised);
  }

  public Collection<Flow> flows() {
    return flows.values();
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
            if (m.direction() == Message.Direction.IN) {
              byId.merge(m.id(), 1, Integer::sum);
              bySeq.merge(m.from() + " #" + m.seq(), 1, Integer::sum);
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
            if (m.direction() != Message.Direction.IN) {
              continue;
            }
            Long before = last.get(m.from());
            if (before != null && m.seq() <= before) {
              found.add(
                  peer
                      + " handled "
                      + m.from()
                      + " #"
                      + m.seq()
                      + " "
                      + Texts.quote(m.text())
                      + " after #"
                      + before);
            }
            last.merge(m.from(), m.seq(), Math::max);
          }
        });
    return found;
  }

  private String describe(String id) {
    Flow f = flows.get(id);
    return f == null ? "message " + id : f.brief();
  }
}
