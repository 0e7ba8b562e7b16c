package p2pchat.agent.transport;

import java.security.SecureRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import p2pchat.agent.wire.NoiseHandshake;

/**
 * What every link and inbound connection of one {@link Transport} shares. Thread-safe (all parts
 * are). {@code stopped} turns store calls into no-ops once the transport is closed or aborted, so
 * nothing touches a store the agent is about to close.
 */
record Context(
    TransportConfig config,
    String self,
    Function<byte[], byte[]> signer,
    NoiseHandshake.StaticKey staticKey,
    PeerResolver resolver,
    Outbox outbox,
    Inbox inbox,
    SenderQuota quota,
    Executor blockingExecutor,
    SecureRandom random,
    AgentLog log,
    AtomicBoolean stopped,
    DialGate dials) {

  boolean isStopped() {
    return stopped.get();
  }
}
