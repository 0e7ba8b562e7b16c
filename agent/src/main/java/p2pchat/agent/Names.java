package p2pchat.agent;

import java.util.regex.Pattern;

/** The rule for peer names, shared by every command and the agent. Stateless. */
public final class Names {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private Names() {}

  public static boolean valid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /** Returns the name, or throws with a one-line message saying what a name may contain. */
  public static String check(String name) {
    if (!valid(name)) {
      throw new IllegalArgumentException(
          "invalid peer name '" + name + "': use 1 to 64 letters, digits, '_', '.' or '-'");
    }
    return name;
  }
}
