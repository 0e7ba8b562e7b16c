package p2pchat.agent;

/**
 * Something from outside the agent (a script's webhook, say) that runs on the agent's dispatch
 * thread as one call of a round, with that call's {@link Effects}: its effects commit with the
 * round, exactly like a message handler's, and its result is handed back once they have.
 */
@FunctionalInterface
public interface BehaviorCall<T> {
  T call(Effects effects) throws Exception;
}
