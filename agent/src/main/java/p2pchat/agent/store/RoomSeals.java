package p2pchat.agent.store;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import p2pchat.agent.rooms.RoomHeader;
import p2pchat.agent.rooms.RoomSignatures;

/**
 * Signs the room messages this agent wrote in a group just before the group's rows are written: all
 * of them with one signature a batch ({@link RoomSignatures#signAll}), each member's copy of a
 * message with the same one. Until then the rows carry their header unsigned. Writer thread only.
 */
final class RoomSeals {
  private final String self;
  private final Supplier<RoomKeys> keys;

  /**
   * The unsigned headers of this group's room messages by the bytes their rows carry, so that
   * sealing does not parse again what the writer has just encoded. Emptied by each seal.
   */
  private final Map<byte[], RoomHeader> unsealed = new IdentityHashMap<>();

  RoomSeals(String self, Supplier<RoomKeys> keys) {
    this.self = self;
    this.keys = keys;
  }

  /** The rows about to be buffered with {@code bytes} carry {@code header}, not yet signed. */
  void willSeal(byte[] bytes, RoomHeader header) {
    unsealed.put(bytes, header);
  }

  /** Replaces, in {@code rows}, each unsigned room message of this agent's with its signed copy. */
  void seal(List<MessageDao.Row> rows) {
    RoomKeys signer = keys.get();
    if (signer == RoomKeys.NONE) {
      unsealed.clear();
      return;
    }
    Map<String, Unsigned> unsigned = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      MessageDao.Row row = rows.get(i);
      if (row.header() == null || !self.equals(row.author())) {
        continue;
      }
      RoomHeader known = unsealed.get(row.header());
      RoomHeader h = known != null ? known : RoomHeader.parse(row.header());
      if (h.type() != RoomHeader.MESSAGE || h.signature().length > 0) {
        continue;
      }
      int slash = row.id().indexOf('/');
      String id = slash < 0 ? row.id() : row.id().substring(0, slash);
      int at = i;
      unsigned
          .computeIfAbsent(
              id,
              k ->
                  new Unsigned(
                      h,
                      RoomSignatures.payload(
                          h, k, row.sentAt(), row.expiresAt(), row.text(), row.data()),
                      new ArrayList<>()))
          .rows()
          .add(at);
    }
    unsealed.clear();
    if (unsigned.isEmpty()) {
      return;
    }
    List<byte[]> fields =
        RoomSignatures.signAll(
            unsigned.values().stream().map(Unsigned::payload).toList(), signer::sign);
    int k = 0;
    for (Unsigned u : unsigned.values()) {
      byte[] bytes = u.header().withSignature(fields.get(k++)).toBytes();
      for (int i : u.rows()) {
        rows.set(i, rows.get(i).withHeader(bytes));
      }
    }
  }

  private record Unsigned(RoomHeader header, byte[] payload, List<Integer> rows) {}
}
