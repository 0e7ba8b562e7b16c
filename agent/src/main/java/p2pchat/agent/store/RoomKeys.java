package p2pchat.agent.store;

/**
 * The keys rooms need (docs/rooms.md): this agent's, to sign what it writes in a room, and the
 * registry's view of the others', to check what one member passes on from another. Thread-safe.
 */
public interface RoomKeys {
  /** Keys that sign nothing and accept no passed-on copy: a store without an identity. */
  RoomKeys NONE =
      new RoomKeys() {
        @Override
        public byte[] sign(byte[] payload) {
          return new byte[0];
        }

        @Override
        public boolean verify(String author, byte[] payload, byte[] signature) {
          return false;
        }
      };

  byte[] sign(byte[] payload);

  /** True only if {@code signature} is {@code author}'s over {@code payload}. */
  boolean verify(String author, byte[] payload, byte[] signature);
}
