package p2pchat.agent;

/**
 * How hard a commit is pushed to disk. {@code FULL} (the default) survives power loss; {@code
 * NORMAL} survives a crash of the process but may lose the last commits on power loss. Maps to
 * SQLite's {@code synchronous} setting in WAL mode.
 */
public enum Durability {
  FULL,
  NORMAL
}
