package p2pchat.harness;

import java.util.AbstractList;
import java.util.List;

/**
 * A list of message texts that prints short ("['a', 'b', ... 998 more]") so that a failed check
 * over a thousand messages stays readable. Immutable; thread-safe.
 */
public final class Texts extends AbstractList<String> {
  private static final int SHOWN = 8;
  private final List<String> texts;

  public Texts(List<String> texts) {
    this.texts = List.copyOf(texts);
  }

  @Override
  public String get(int index) {
    return texts.get(index);
  }

  @Override
  public int size() {
    return texts.size();
  }

  @Override
  public String toString() {
    return list(texts);
  }

  static String list(List<?> items) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < Math.min(items.size(), SHOWN); i++) {
      b.append(i == 0 ? "" : ", ")
          .append(items.get(i) instanceof String s ? quote(s) : String.valueOf(items.get(i)));
    }
    if (items.size() > SHOWN) {
      b.append(", ... ").append(items.size() - SHOWN).append(" more");
    }
    return b.append(']').toString();
  }

  static String quote(String s) {
    String t = s.length() > 40 ? s.substring(0, 37) + "..." : s;
    return "'" + t.replace("\n", "\\n") + "'";
  }
}
