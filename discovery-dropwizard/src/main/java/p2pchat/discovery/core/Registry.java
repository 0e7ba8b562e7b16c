package p2pchat.discovery.core;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;
import p2pchat.discovery.api.Heartbeat;
import p2pchat.discovery.api.Lease;
import p2pchat.discovery.api.Peer;
import p2pchat.discovery.api.PeerList;
import p2pchat.discovery.api.RegisterRequest;
import p2pchat.discovery.db.PeerDao;
import p2pchat.discovery.db.PeerRow;
import p2pchat.discovery.db.RegistryDatabase;

/**
 * The registry's use cases: register, heartbeat, away, delete, look up. All state is in the
 * database; every visible change takes the next registry version and is announced to
 * {@code changed} after commit. Thread-safe.
 *
 * <p>Signatures are checked before the write transaction (they cost CPU, not locks); the
 * transaction then re-reads the row and checks that the key is still the one verified and
 * that the timestamp is newer than the last accepted one for the name.
 */
public final class Registry {
  private final RegistryDatabase db;
  private final Clock clock;
  private final long leaseMillis;
  private final LongConsumer changed;
  private final PeerRules rules = new PeerRules();

  public Registry(RegistryDatabase db, Clock clock, long leaseMillis, LongConsumer changed) {
    this.db = db;
    this.clock = clock;
    this.leaseMillis = leaseMillis;
    this.changed = changed;
  }

  /** What a registration did: created the account (or took over a deleted name) and the epoch. */
  public record Registration(boolean created, long epoch, long version) {}

  public Registration register(RegisterRequest body, SignedRequest signed) {
    if (body == null) {
      throw ApiException.invalid("the body must be a JSON object {name, publicKey, host, port}");
    }
    String name = rules.name(body.name());
    VerifyingKey key = rules.verifyingKey(body.publicKey());
    String host = rules.host(body.host());
    int port = rules.port(body.port());
    long now = clock.millis();
    long ts = signed.verify(key, now);
    String keyText = PeerRules.canonical(key.key());
    Registration result =
        db.write(
            dao -> {
              Optional<PeerRow> old = dao.find(name);
              boolean taken = old.isPresent() && !old.get().deleted();
              if (taken && !old.get().publicKey().equals(keyText)) {
                throw ApiException.conflict(
                    "the name '%s' belongs to another key; pick another name", name);
              }
              old.ifPresent(row -> checkFresh(row, ts));
              long epoch = old.map(row -> row.epoch() + 1).orElse(1L);
              long version = dao.nextVersion();
              dao.upsert(
                  new PeerRow(name, keyText, host, port, "online", now, leaseEnd(now, ts), epoch, ts, version));
              return new Registration(!taken, epoch, version);
            });
    changed.accept(result.version());
    return result;
  }

  public Lease heartbeat(String name, Heartbeat body, SignedRequest signed) {
    rules.name(name);
    if (body == null) {
      throw ApiException.invalid("the body must be a JSON object {host, port, epoch}");
    }
    String host = rules.host(body.host());
    int port = rules.port(body.port());
    long epoch = rules.epoch(body.epoch());
    PeerRow seen = verify(name, signed);
    long now = clock.millis();
    long ts = signed.timestampMillis();
    long version =
        db.write(
            dao -> {
              PeerRow row = current(dao, name, seen, ts);
              if (epoch != row.epoch()) {
                throw epoch < row.epoch()
                    ? ApiException.conflict(
                        "stale epoch %d: '%s' registered again (epoch %d); this session is over, register again",
                        epoch, name, row.epoch())
                    : ApiException.conflict(
                        "unknown epoch %d for '%s' (current %d); register again", epoch, name, row.epoch());
              }
              boolean visible = !row.status().equals("online") || !row.host().equals(host) || row.port() != port;
              long v = visible ? dao.nextVersion() : row.version();
              dao.upsert(new PeerRow(name, row.publicKey(), host, port, "online", now, leaseEnd(now, ts),
                  row.epoch(), ts, v));
              return visible ? v : -1L;
            });
    if (version > 0) {
      changed.accept(version);
    }
    return new Lease(leaseMillis, epoch);
  }

  /** Marks the peer {@code away} (a graceful stop). */
  public void away(String name, SignedRequest signed) {
    setStatus(name, signed, "away");
  }

  /** Removes the account; the name is free again and watchers see the peer once more as away. */
  public void delete(String name, SignedRequest signed) {
    setStatus(name, signed, PeerRow.DELETED);
  }

  public Optional<Peer> find(String name) {
    rules.name(name);
    return db.findPeer(name).filter(row -> !row.deleted()).map(PeerRow::toPeer);
  }

  /** All peers, optionally only those with {@code status} and whose name contains {@code q}. */
  public PeerList list(String status, String q) {
    if (status != null && !PeerRules.STATUSES.contains(status)) {
      throw ApiException.invalid("status must be one of online, away, unreachable: '%s'", status);
    }
    String needle = q == null ? null : q.toLowerCase(Locale.ROOT);
    long version = db.version(); // read first: the list may be newer, never older
    List<Peer> peers =
        db.read(PeerDao::all).stream()
            .filter(row -> status == null || row.status().equals(status))
            .filter(row -> needle == null || row.name().toLowerCase(Locale.ROOT).contains(needle))
            .map(PeerRow::toPeer)
            .toList();
    return new PeerList(version, peers);
  }

  public long leaseMillis() {
    return leaseMillis;
  }

  private void setStatus(String name, SignedRequest signed, String status) {
    rules.name(name);
    PeerRow seen = verify(name, signed);
    long now = clock.millis();
    long ts = signed.timestampMillis();
    long version =
        db.write(
            dao -> {
              PeerRow row = current(dao, name, seen, ts);
              boolean visible = !row.status().equals(status);
              long v = visible ? dao.nextVersion() : row.version();
              dao.upsert(new PeerRow(name, row.publicKey(), row.host(), row.port(), status, now, null,
                  row.epoch(), ts, v));
              return visible ? v : -1L;
            });
    if (version > 0) {
      changed.accept(version);
    }
  }

  /** Checks the signature against the key the registry holds for {@code name}. */
  private PeerRow verify(String name, SignedRequest signed) {
    PeerRow row = db.findPeer(name).filter(r -> !r.deleted()).orElseThrow(() -> unknown(name));
    signed.verify(rules.verifyingKey(row.publicKey()), clock.millis());
    return row;
  }

  /** The row inside the write transaction, still held by the key that signed, and fresh. */
  private PeerRow current(PeerDao dao, String name, PeerRow seen, long ts) {
    PeerRow row = dao.find(name).filter(r -> !r.deleted()).orElseThrow(() -> unknown(name));
    if (!row.publicKey().equals(seen.publicKey())) {
      throw ApiException.unauthorized("'%s' was registered again with another key meanwhile", name);
    }
    return checkFresh(row, ts);
  }

  private static PeerRow checkFresh(PeerRow row, long ts) {
    if (ts <= row.lastTimestamp()) {
      throw ApiException.unauthorized(
          "timestamp %d is not newer than the last accepted request for '%s' (%d): a replay, or sign with a fresh timestamp",
          ts, row.name(), row.lastTimestamp());
    }
    return row;
  }

  private static ApiException unknown(String name) {
    return ApiException.notFound("no peer named '%s'; register it first with POST /v1/peers", name);
  }

  /**
   * A lease runs for the TTL from when the agent signed its request (it was alive then), not from
   * when the write committed: a kill right after a heartbeat then turns the peer unreachable
   * within the TTL. The signed time counts only within the second before receipt, so a skewed
   * clock can shorten a lease by at most a second and never lengthen it.
   */
  private long leaseEnd(long now, long signedAt) {
    return Math.max(now - 1000, Math.min(now, signedAt)) + leaseMillis;
  }
}
