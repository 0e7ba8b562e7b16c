/**
 * The agent's storage: one SQLite file per agent ({@code <dataDir>/agent.db}, WAL) behind {@link
 * p2pchat.agent.store.Store}.
 *
 * <p>How it is built, and why:
 *
 * <ul>
 *   <li><b>One writer, group commit.</b> Every write is an operation on a queue drained by the
 *       agent's {@code agent-NAME-store} thread, which runs everything pending as one transaction
 *       ({@code BEGIN IMMEDIATE} ... {@code COMMIT}): hundreds of sends cost one fsync. Each
 *       operation is a unit of its own; one that throws is undone alone (buffered rows dropped,
 *       savepoint rolled back, counters put back) and the rest of the group commits. Futures
 *       complete after the commit, on the writer thread.
 *   <li><b>Buffered rows.</b> Sends, handled marks and state changes are collected and written as
 *       prepared batches just before the commit (or before an operation that reads messages), so
 *       the common unit — handle a message, send a reply — runs no statement of its own.
 *   <li><b>Outbox watermarks.</b> An outgoing row stores 'queued' (or 'expired'); SENT and
 *       DELIVERED follow from two numbers per receiver in {@code outbox}. An acknowledgement moves
 *       one row instead of rewriting every message it covers. Every read derives the status the
 *       same way, so callers only ever see {@link p2pchat.agent.Message.Status} values.
 *   <li><b>Ids and seqs in Java.</b> Message ids are UUIDv7-style strings made by the writer; seqs
 *       come from per-peer counters the writer loads lazily from the unique (direction, peer, seq)
 *       index. Nothing asks the driver for generated keys.
 *   <li><b>Reads beside the writer.</b> Pooled read-only handles (WAL readers never block the
 *       writer); {@code Store.openReadOnly} is the same without lock or writer, for {@code p2pchat
 *       history} beside a running agent.
 *   <li><b>Lock.</b> An OS file lock on {@code agent.lock} holding the owner's pid; the OS drops it
 *       when the process dies, so a kill -9 leaves nothing stale.
 *   <li><b>Schema.</b> Versioned files under {@code db/agent/}, applied on {@code PRAGMA
 *       user_version} by a tiny runner (no Flyway: a thousand agents start in one JVM).
 * </ul>
 */
package p2pchat.agent.store;
