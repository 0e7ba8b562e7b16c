/**
 * What the implementations of {@link p2pchat.agent.Effects} share: the dispatcher's ({@code
 * handling.CallEffects}) and the test kit's ({@code testkit.MemoryEffects}).
 */
package p2pchat.agent.effects;
