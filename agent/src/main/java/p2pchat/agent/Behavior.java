package p2pchat.agent;

/**
 * What an agent does when something happens to it: the seam between the agent core and a script (or
 * any Java bot). The core calls these methods on the agent's single dispatch thread ({@code
 * agent-NAME-script}), one call at a time, in arrival order, never on a network thread, so
 * implementations need no locks.
 *
 * <p>Everything a call wants to change goes through {@link Effects}; the core commits those effects
 * in one transaction together with marking the message handled (or the timer fired), so after a
 * crash either all of them happened or none did and the call is made again. If a call throws, its
 * effects are discarded, {@link #onError} runs, and the message is marked handled anyway (a poison
 * message must not block every later one from that sender).
 */
public interface Behavior {

  /** The agent started (also after a restart); state and timers are already loaded. */
  default void onStart(Effects effects) throws Exception {}

  /** A message was received; called once per message, in order per sender. */
  void onMessage(Message message, Effects effects) throws Exception;

  /** A peer turned online or offline, an outgoing message was delivered or expired. */
  default void onEvent(AgentEvent event, Effects effects) throws Exception {}

  /**
   * Whether {@link #onEvent} would do anything with this event; the core does not queue events a
   * behavior ignores (a thousand agents in one JVM see every peer come and go).
   */
  default boolean wants(AgentEvent event) {
    return true;
  }

  /** A timer set through {@link Effects#schedule} is due. */
  default void onTimer(Job job, Effects effects) throws Exception {}

  /**
   * A call above threw. {@code message} is the message being handled, or null if the failure was
   * not about a message. Exceptions thrown here are logged and ignored.
   */
  default void onError(Throwable error, Message message, Effects effects) throws Exception {}

  /** The agent is stopping gracefully; effects still commit. */
  default void onStop(Effects effects) throws Exception {}

  /** A behavior that only stores and logs what arrives: the agent's default without a script. */
  Behavior STORE_ONLY = (message, effects) -> {};
}
