package p2pchat.agent.common;

/**
 * The peer-name rule, {@code [A-Za-z0-9_.-]{1,64}} (the registry's, docs/registry-api.md): the
 * agent's one copy, for the wire, the store, presence, commands and scripts. Stateless.
 */
public final class PeerNames {
  /** The longest name, in characters (all ASCII). */
  public static final int MAX_LENGTH = 64;

  private PeerNames() {}

  /** True if {@code name} follows the rule. */
  public static boolean valid(CharSequence name) {
    if (name == null || name.length() == 0 || name.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!allowed(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** True if {@code c} may appear in a name. */
  public static boolean allowed(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-';
  }

  /** Returns the name, or throws with the one message that says what a name may contain. */
  public static String check(String name) {
    if (!valid(name)) {
      throw new IllegalArgumentException(
          "invalid peer name '" + name + "': use 1 to 64 letters, digits, '_', '.' or '-'");
    }
    return name;
  }
}
