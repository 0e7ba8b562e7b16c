package p2pchat.agent.transport;

/**
 * The pipeline event a handshake handler fires once both sides are proven and it has put the record
 * layer in its place: from here on every frame is sealed, and {@code peer} is the name whose
 * registry key the other side proved. Stream handlers start on it and never see a half-open
 * connection.
 */
record Handshaken(String peer) {}
