package p2pchat.agent.store;

import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The DAOs of one handle, each attached on its first use and kept: JDBI builds a handler for every
 * method of a DAO it attaches, which a reader or writer that never needs that DAO should not pay.
 * The writer's group keeps one for its rarely used DAOs; each of the {@link Readers} is one. Not
 * thread-safe: used by one thread at a time, as its handle is.
 */
class HandleDaos {
  final Handle handle;
  private final Map<Class<?>, Object> attached = new HashMap<>(8);

  HandleDaos(Handle handle) {
    this.handle = handle;
  }

  /** The DAO of {@code type} on this handle, attached the first time it is asked for. */
  private <T> T dao(Class<T> type) {
    return type.cast(attached.computeIfAbsent(type, handle::attach));
  }

  MessageDao messages() {
    return dao(MessageDao.class);
  }

  KvDao kv() {
    return dao(KvDao.class);
  }

  JobDao jobs() {
    return dao(JobDao.class);
  }

  PeerDao peers() {
    return dao(PeerDao.class);
  }

  RoomDao rooms() {
    return dao(RoomDao.class);
  }
}
