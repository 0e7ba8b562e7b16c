package p2pchat.agent.cli.chat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import p2pchat.agent.Message;
import p2pchat.agent.Message.Direction;
import p2pchat.agent.Message.Status;
import p2pchat.agent.rooms.Membership;

/**
 * Stored rows as a person reads a conversation: a room message this agent sent is one row with each
 * member's delivery (the store keeps one copy per member, all with its id), and a membership row is
 * a line of words, never its JSON. Stateless.
 */
public final class HistoryRows {
  private HistoryRows() {}

  /**
   * One row of the history: {@code message} (for a sent room message, its first copy) with {@code
   * copies} (every member's copy, in the order stored; just the message for anything else), or a
   * membership change told in {@code words} (null for a message).
   */
  public record Row(Message message, List<Message> copies, String words) {
    public boolean isMembership() {
      return words != null;
    }

    /** A sent room message: how many of its copies are delivered. */
    public long deliveredCopies() {
      return copies.stream().filter(c -> c.status() == Status.DELIVERED).count();
    }

    /**
     * The status of the whole: a copy's status for a single one; for a sent room message {@code
     * delivered} only once every member has it, else the least advanced copy's ({@code expired} if
     * every copy that is not delivered expired).
     */
    public Status status() {
      if (copies.size() == 1) {
        return message.status();
      }
      if (copies.stream().allMatch(c -> c.status() == Status.DELIVERED)) {
        return Status.DELIVERED;
      }
      if (copies.stream().anyMatch(c -> c.status() == Status.QUEUED)) {
        return Status.QUEUED;
      }
      if (copies.stream().anyMatch(c -> c.status() == Status.SENT)) {
        return Status.SENT;
      }
      return Status.EXPIRED;
    }
  }

  /** Rows in storage order; with {@code withMemberships} false, membership rows are left out. */
  public static List<Row> of(List<Message> stored, boolean withMemberships) {
    Map<String, List<Message>> sentToRoom = new LinkedHashMap<>();
    Map<String, Membership> lastSeen = new LinkedHashMap<>();
    Set<String> publishedVersions = new HashSet<>();
    List<Object> order = new ArrayList<>(); // a Row, or the id of a sent room message
    for (Message m : stored) {
      if (MembershipWords.isMembership(m)) {
        // the owner stores each version once per member it goes to, each copy with an id of its own
        String version = m.room() + " " + m.roomHeader().type() + " " + m.roomHeader().version();
        if (m.direction() == Direction.OUT && !publishedVersions.add(version)) {
          continue;
        }
        String words = MembershipWords.describe(m, lastSeen.get(m.room()));
        MembershipWords.membership(m).ifPresent(now -> lastSeen.put(now.room(), now));
        if (withMemberships) {
          order.add(new Row(m, List.of(m), words));
        }
      } else if (m.room() != null && m.direction() == Direction.OUT) {
        List<Message> copies = sentToRoom.get(m.id());
        if (copies == null) {
          sentToRoom.put(m.id(), copies = new ArrayList<>());
          order.add(m.id());
        }
        copies.add(m);
      } else {
        order.add(new Row(m, List.of(m), null));
      }
    }
    List<Row> rows = new ArrayList<>(order.size());
    for (Object o : order) {
      if (o instanceof Row r) {
        rows.add(r);
      } else {
        List<Message> copies = List.copyOf(sentToRoom.get((String) o));
        rows.add(new Row(copies.get(0), copies, null));
      }
    }
    return rows;
  }

  /**
   * {@code 2024-05-01 12:00:00 Sam -> #ops [delivered 2/3: Carol, Dan; Eve: sent] text}; a direct
   * message as {@code history} always showed it; a membership change as {@code * words}.
   */
  public static String text(Row row, DateTimeFormatter time) {
    Message m = row.message();
    StringBuilder b = new StringBuilder(time.format(Instant.ofEpochMilli(m.sentAt()))).append("  ");
    if (row.isMembership()) {
      return b.append("* ").append(row.words()).toString();
    }
    b.append(m.from()).append(" -> ").append(m.room() != null ? m.room() : m.to()).append("  [");
    if (row.copies().size() > 1 || (m.room() != null && m.direction() == Direction.OUT)) {
      b.append(delivery(row));
    } else {
      b.append(m.status().dbName());
    }
    return b.append("]  ").append(m.text()).toString();
  }

  /** {@code delivered} once all have it, else {@code delivered 2/3: Carol, Dan; Eve: sent}. */
  static String delivery(Row row) {
    List<String> have = new ArrayList<>();
    List<String> lack = new ArrayList<>();
    for (Message c : row.copies()) {
      if (c.status() == Status.DELIVERED) {
        have.add(c.to());
      } else {
        lack.add(c.to() + ": " + c.status().dbName());
      }
    }
    if (lack.isEmpty()) {
      return "delivered";
    }
    StringBuilder b =
        new StringBuilder("delivered ").append(have.size()).append('/').append(row.copies().size());
    if (!have.isEmpty()) {
      b.append(": ").append(String.join(", ", have));
    }
    return b.append("; ").append(String.join(", ", lack)).toString();
  }
}
