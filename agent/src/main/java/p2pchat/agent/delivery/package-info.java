/**
 * The adapters that let the transport read the outbox, write the inbox and find peers without
 * knowing the store or the registry: {@link p2pchat.agent.delivery.StoreOutbox}, {@link
 * p2pchat.agent.delivery.StoreInbox} and {@link p2pchat.agent.delivery.PresenceResolver}
 * (docs/message-path.md); and what the agent does with their news: {@link
 * p2pchat.agent.delivery.PresencePolicy} (registry news), {@link p2pchat.agent.delivery.PeerMemory}
 * (the peers it talks to, kept on disk) and {@link p2pchat.agent.delivery.DeliveryNews} (stored,
 * delivered, expired, connected). Each is thread-safe as far as the parts it wraps are.
 */
package p2pchat.agent.delivery;
