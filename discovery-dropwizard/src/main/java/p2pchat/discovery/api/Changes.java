package p2pchat.discovery.api;

import java.util.List;

/**
 * Answer to {@code GET /v1/peers/changes}: peers whose record changed after the asked version, and
 * the version to ask from next. A removed peer shows once as {@code away}. Immutable.
 */
public record Changes(long version, List<Peer> changes) {}
