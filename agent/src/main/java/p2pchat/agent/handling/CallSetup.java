package p2pchat.agent.handling;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import p2pchat.agent.Behavior;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.store.Store;

/**
 * What each behavior call of one agent is made with: the agent's name, its store, the behavior, the
 * peers it knows and who of them is online, and the largest message it may send. Immutable; the
 * suppliers are read on the dispatcher's drains.
 */
public record CallSetup(
    String name,
    Store store,
    Behavior behavior,
    Supplier<List<PeerInfo>> peers,
    Predicate<String> online,
    int maxMessageBytes) {}
