package p2pchat.agent.cli.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import p2pchat.agent.Message;

/**
 * The lines this chat sent that are not delivered to everyone yet, and the mark each delivery
 * earns: {@code ✓} for a peer, {@code ✓ 2/3} in a room (copies delivered of copies sent, one per
 * other member). Thread-safe: sends come from the chat's thread, deliveries from the agent's.
 */
final class Deliveries {
  /** Deliveries heard of before the send returned its id; a few, from this chat or older runs. */
  private static final int EARLY_KEPT = 1000;

  /** A mark to show: {@code have} of {@code copies} delivered of {@code text} to {@code target}. */
  record Mark(String target, String text, int have, int copies) {
    boolean room() {
      return target.startsWith("#");
    }
  }

  private record Pending(String target, String text, int copies, Set<String> have) {}

  private final Map<String, Pending> pending = new HashMap<>();
  private final Map<String, Set<String>> early =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
          return size() > EARLY_KEPT;
        }
      };

  /**
   * {@code sent} (one copy of it) went to {@code target} as {@code copies} copies; returns the mark
   * already earned, if deliveries came first.
   */
  synchronized List<Mark> sent(Message sent, String target, int copies) {
    if (copies < 1) {
      return List.of();
    }
    Pending p = new Pending(target, sent.text(), copies, new HashSet<>());
    pending.put(sent.id(), p);
    Set<String> before = early.remove(sent.id());
    if (before == null) {
      return List.of();
    }
    p.have().addAll(before);
    return List.of(mark(sent.id(), p));
  }

  /** Copies were delivered; returns a mark per line of ours that moved. */
  synchronized List<Mark> delivered(List<Message> copies) {
    Map<String, Pending> moved = new LinkedHashMap<>();
    for (Message m : copies) {
      Pending p = pending.get(m.id());
      if (p == null) {
        early.computeIfAbsent(m.id(), id -> new HashSet<>()).add(m.to());
      } else if (p.have().add(m.to())) {
        moved.put(m.id(), p);
      }
    }
    List<Mark> marks = new ArrayList<>();
    moved.forEach((id, p) -> marks.add(mark(id, p)));
    return marks;
  }

  private Mark mark(String id, Pending p) {
    int have = Math.min(p.have().size(), p.copies());
    if (have >= p.copies()) {
      pending.remove(id);
    }
    return new Mark(p.target(), p.text(), have, p.copies());
  }
}
