package p2pchat.agent.handling;

import p2pchat.agent.HandlerCall;
import p2pchat.agent.Job;
import p2pchat.agent.Message;

/**
 * One behavior call of a round: the message it handled or the timer it fired (either may be null),
 * the effects it left to commit, and how it ran (for listeners). Immutable reference; its effects
 * are not.
 */
record Call(Message message, Job firedJob, CallEffects effects, HandlerCall ran) {
  boolean changesNothing() {
    return message == null && firedJob == null && effects.isEmpty();
  }
}
