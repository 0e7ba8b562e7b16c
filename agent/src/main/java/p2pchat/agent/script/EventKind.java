package p2pchat.agent.script;

import java.util.Locale;

/** The events a script can handle with {@code on WORD { ... }}. Immutable. */
public enum EventKind {
  START,
  STOP,
  MESSAGE,
  ONLINE,
  OFFLINE,
  DELIVERED,
  EXPIRED,
  ERROR,
  JOINED,
  LEFT,
  /** A peer was refused a command or a {@code hear} it is not allowed (never an AgentEvent). */
  DENIED;

  /** The word a script writes after {@code on}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
