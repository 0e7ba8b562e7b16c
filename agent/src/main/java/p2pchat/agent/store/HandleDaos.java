package p2pchat.agent.store;

import org.jdbi.v3.core.Handle;

/**
 * The DAOs of one handle, each attached on its first use and kept: JDBI builds a handler for every
 * method of a DAO it attaches, which a reader or writer that never needs that DAO should not pay.
 * The writer's group keeps one for its rarely used DAOs; each of the {@link Readers} is one. Not
 * thread-safe: used by one thread at a time, as its handle is.
 */
class HandleDaos {
  final Handle handle;
  private MessageDao messages;
  private KvDao kv;
  private JobDao jobs;
  private PeerDao peers;
  private RoomDao rooms;

  HandleDaos(Handle handle) {
    this.handle = handle;
  }

  MessageDao messages() {
    if (messages == null) {
      messages = handle.attach(MessageDao.class);
    }
    return messages;
  }

  KvDao kv() {
    if (kv == null) {
      kv = handle.attach(KvDao.class);
    }
    return kv;
  }

  JobDao jobs() {
    if (jobs == null) {
      jobs = handle.attach(JobDao.class);
    }
    return jobs;
  }

  PeerDao peers() {
    if (peers == null) {
      peers = handle.attach(PeerDao.class);
    }
    return peers;
  }

  RoomDao rooms() {
    if (rooms == null) {
      rooms = handle.attach(RoomDao.class);
    }
    return rooms;
  }
}
