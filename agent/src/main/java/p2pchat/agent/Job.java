package p2pchat.agent;

/**
 * A persisted timer: due at {@code dueAt} (epoch ms), repeating every {@code periodMillis} when
 * that is non-null. {@code payload} is whatever the scheduler stored. Immutable.
 */
public record Job(long id, long dueAt, Long periodMillis, byte[] payload, String description) {}
