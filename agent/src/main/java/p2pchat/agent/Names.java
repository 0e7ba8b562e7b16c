package p2pchat.agent;

import p2pchat.agent.common.PeerNames;

/**
 * The rule for peer names, as the API offers it to commands and scripts; the rule itself is {@link
 * PeerNames}. Stateless.
 */
public final class Names {
  private Names() {}

  public static boolean valid(String name) {
    return PeerNames.valid(name);
  }

  /** Returns the name, or throws with a one-line message saying what a name may contain. */
  public static String check(String name) {
    return PeerNames.check(name);
  }
}
