package p2pchat.agent.handling;

import p2pchat.agent.Job;
import p2pchat.agent.Message;

/**
 * One behavior call of a round: the message it handled or the timer it fired (either may be null)
 * and the effects it left to commit. Immutable reference; its effects are not.
 */
record Call(Message message, Job firedJob, CallEffects effects) {
  boolean changesNothing() {
    return message == null && firedJob == null && effects.isEmpty();
  }
}
