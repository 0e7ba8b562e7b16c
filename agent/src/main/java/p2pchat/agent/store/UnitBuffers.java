package p2pchat.agent.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import p2pchat.agent.rooms.RoomHeader;

/**
 * What a group's units wrote that waits for the group's flush: outgoing rows, handled marks and
 * state changes, each unit's part marked so that a unit that throws drops only its own. Written as
 * a few prepared batches by {@link #flush}. Not thread-safe: writer thread only.
 */
final class UnitBuffers {
  private final HotStatements hot;
  private final OutboxDao outbox;
  private final Supplier<KvDao> kv;
  private final RoomSeals seals;
  private final Set<String> outboxRows = new HashSet<>(); // receivers known to have their row

  private final List<MessageDao.Row> outgoing = new ArrayList<>();
  // The ids of the rows in outgoing, kept only once asked for in a group: a fan-out buffers tens
  // of thousands of rows a group that nobody asks about.
  private final Set<String> outgoingIds = new HashSet<>();
  private boolean idsKept;
  private final List<String> handled = new ArrayList<>();
  private final Map<String, String> stateChanges = new LinkedHashMap<>();
  // The unit running now.
  private int outgoingMark;
  private int handledMark;
  private Map<String, String> unitState;

  /** The rows about to be added with {@code bytes} carry this unsigned room header. */
  void willSeal(byte[] bytes, RoomHeader header) {
    seals.willSeal(bytes, header);
  }

  UnitBuffers(HotStatements hot, OutboxDao outbox, Supplier<KvDao> kv, RoomSeals seals) {
    this.seals = seals;
    this.hot = hot;
    this.outbox = outbox;
    this.kv = kv;
  }

  void addOutgoing(MessageDao.Row row) {
    outgoing.add(row);
    if (idsKept) {
      outgoingIds.add(row.id());
    }
  }

  /**
   * Whether a row with this id waits for the flush: the database does not have it yet, so a check
   * against the database alone would let a second copy in (and fail the whole group).
   */
  boolean hasOutgoing(String id) {
    if (!idsKept) {
      outgoing.forEach(row -> outgoingIds.add(row.id()));
      idsKept = true;
    }
    return outgoingIds.contains(id);
  }

  void addHandled(String messageId) {
    handled.add(messageId);
  }

  void putState(String key, String jsonOrNullToRemove) {
    if (unitState == null) {
      unitState = new LinkedHashMap<>();
    }
    unitState.put(key, jsonOrNullToRemove);
  }

  void startUnit() {
    outgoingMark = outgoing.size();
    handledMark = handled.size();
    unitState = null;
  }

  void endUnit() {
    if (unitState != null) {
      stateChanges.putAll(unitState);
    }
    outgoingMark = outgoing.size();
    handledMark = handled.size();
  }

  void failUnit() {
    List<MessageDao.Row> dropped = outgoing.subList(outgoingMark, outgoing.size());
    if (idsKept) {
      dropped.forEach(row -> outgoingIds.remove(row.id()));
    }
    dropped.clear();
    handled.subList(handledMark, handled.size()).clear();
  }

  /** Whether the running unit has rows buffered (a flush must not write half a unit). */
  boolean unitHasRows() {
    return outgoing.size() > outgoingMark || handled.size() > handledMark;
  }

  /** After a failed group: nothing of it is in the database. */
  void clear() {
    outgoing.clear();
    outgoingIds.clear();
    idsKept = false;
    handled.clear();
    stateChanges.clear();
    outboxRows.clear();
  }

  /** Writes what finished units buffered; returns the outgoing rows written. */
  List<MessageDao.Row> flush() {
    if (!handled.isEmpty()) {
      hot.markHandledAll(handled);
    }
    if (!stateChanges.isEmpty()) {
      writeState();
    }
    List<MessageDao.Row> written = List.of();
    if (!outgoing.isEmpty()) {
      List<String> newReceivers = new ArrayList<>();
      for (MessageDao.Row row : outgoing) {
        if (outboxRows.add(row.peer())) {
          newReceivers.add(row.peer());
        }
      }
      if (!newReceivers.isEmpty()) {
        outbox.ensureAll(newReceivers);
      }
      seals.seal(outgoing);
      hot.insertAll(outgoing);
      written = List.copyOf(outgoing);
    }
    outgoing.clear();
    outgoingIds.clear();
    idsKept = false;
    handled.clear();
    stateChanges.clear();
    outgoingMark = 0;
    handledMark = 0;
    return written;
  }

  private void writeState() {
    List<KvDao.Entry> puts = new ArrayList<>();
    List<String> deletes = new ArrayList<>();
    stateChanges.forEach(
        (k, v) -> {
          if (v == null) {
            deletes.add(k);
          } else {
            puts.add(new KvDao.Entry(k, v));
          }
        });
    if (!puts.isEmpty()) {
      kv.get().putAll(puts);
    }
    if (!deletes.isEmpty()) {
      kv.get().deleteAll(deletes);
    }
  }
}
