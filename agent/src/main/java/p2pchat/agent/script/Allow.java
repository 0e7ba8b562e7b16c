package p2pchat.agent.script;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import p2pchat.agent.Names;

/**
 * Who may run a command or trigger a {@code hear}: the peer names of {@code allow: ['Sam', 'Ops']}
 * and of {@code allow: admins} (read when a message arrives, so {@code admins} may be declared
 * below the command). Checked at load; immutable apart from the admins list it refers to, which is
 * filled at load and only read afterwards.
 */
final class Allow {

  /** Everyone: what a command or hear without {@code allow:} takes. */
  static final Allow EVERYONE = new Allow(null);

  private final List<Object> entries; // names, or Admins; null: everyone

  private Allow(List<Object> entries) {
    this.entries = entries;
  }

  /** Reads {@code allow:}'s value: a name, an {@code admins}, or a list of those. */
  static Allow of(String word, Object value) {
    List<Object> entries = new ArrayList<>();
    add(word, value, entries);
    return new Allow(List.copyOf(entries));
  }

  private static void add(String word, Object value, List<Object> entries) {
    if (value instanceof Admins admins) {
      entries.add(admins);
    } else if (value instanceof Collection<?> many) {
      for (Object one : many) {
        add(word, one, entries);
      }
    } else if (value instanceof CharSequence name && Names.valid(name.toString())) {
      entries.add(name.toString());
    } else {
      throw new DslException(
          word
              + "'s allow: takes peer names or admins, like allow: ['Sam', 'Carol'] or allow: admins;"
              + " not "
              + (value == null ? "null" : "'" + value + "'"));
    }
  }

  boolean admits(String peer) {
    if (entries == null) {
      return true;
    }
    for (Object e : entries) {
      if (e instanceof Admins admins ? admins.contains(peer) : e.equals(peer)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The script's {@code admins 'Sam', 'Carol'}: one list per load, filled by the top of the script.
   */
  static final class Admins extends java.util.AbstractList<String> {
    private final List<String> names = new ArrayList<>();

    void add(String word, Object[] given) {
      for (Object g : given) {
        if (g instanceof Collection<?> many) {
          add(word, many.toArray());
        } else if (g instanceof CharSequence name && Names.valid(name.toString())) {
          names.add(name.toString());
        } else {
          throw new DslException(
              word + " takes peer names, like admins 'Sam', 'Carol'; not '" + g + "'");
        }
      }
    }

    @Override
    public String get(int index) {
      return names.get(index);
    }

    @Override
    public int size() {
      return names.size();
    }
  }
}
