/**
 * Small rules every part of the agent follows, one copy each: retry delays ({@link
 * p2pchat.agent.common.Backoff}), the agent's name in the log's MDC ({@link
 * p2pchat.agent.common.AgentMdc}), one line for a failure ({@link p2pchat.agent.common.Causes}) and
 * how a map of pending changes lands on a map ({@link p2pchat.agent.common.Changes}). Depends on
 * nothing else of ours.
 */
package p2pchat.agent.common;
