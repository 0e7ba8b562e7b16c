package p2pchat.discovery.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;
import p2pchat.discovery.api.Heartbeat;
import p2pchat.discovery.api.Lease;
import p2pchat.discovery.api.Peer;
import p2pchat.discovery.api.PeerList;
import p2pchat.discovery.api.RegisterRequest;
import p2pchat.discovery.api.Renewals;
import p2pchat.discovery.api.Renewed;
import p2pchat.discovery.db.PeerDao;
import p2pchat.discovery.db.PeerRow;
import p2pchat.discovery.db.RegistryDatabase;
import p2pchat.discovery.db.RenewalBatch;

/**
 * The registry's use cases: register, heartbeat, away, delete, look up. All state is in the
 * database; every visible change takes the next registry version and is announced to {@code
 * changed} after commit. Thread-safe.
 *
 * <p>Signatures are checked before the write transaction (they cost CPU, not locks); the
 * transaction then re-reads the row and checks that the key is still the one verified and that the
 * timestamp is newer than the last accepted one for the name.
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
  public record Registration(boolean created, long epoch, long version, String leaseToken) {}

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
    String token = LeaseTokens.issue();
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
                  new PeerRow(
                      name,
                      keyText,
                      host,
                      port,
                      "online",
                      now,
                      leaseEnd(now, ts),
                      epoch,
                      ts,
                      version));
              dao.setLeaseToken(
                  LeaseTokens.hash(token), name); // a new epoch: the old token is void
              return new Registration(!taken, epoch, version, token);
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
    String token = LeaseTokens.issue();
    update(
        name,
        signed,
        LeaseTokens.hash(token),
        (row, now, ts) -> {
          if (epoch != row.epoch()) {
            throw epoch < row.epoch()
                ? ApiException.conflict(
                    "stale epoch %d: '%s' registered again (epoch %d); this session is over, register again",
                    epoch, name, row.epoch())
                : ApiException.conflict(
                    "unknown epoch %d for '%s' (current %d); register again",
                    epoch, name, row.epoch());
          }
          return new Presence(host, port, "online", leaseEnd(now, ts));
        });
    return new Lease(leaseMillis, epoch, token);
  }

  /** The most renewals one {@code POST /v1/leases} may carry. */
  public static final int MAX_RENEWALS = 20_000;

  /**
   * Renews many leases at once, each by its token and without a signature (docs/adr/0006): one
   * write for the batch, the token of each renewal consumed and a new one issued. A renewal changes
   * nothing a watcher sees (the peer is online before and after), so it takes no version. A refused
   * renewal is answered on its own; the others still count.
   */
  public Renewed renew(Renewals body) {
    if (body == null || body.renewals() == null) {
      throw ApiException.invalid(
          "the body must be a JSON object {\"renewals\": [{name, epoch, leaseToken}, ...]}");
    }
    List<Renewals.Renewal> asked = body.renewals();
    if (asked.size() > MAX_RENEWALS) {
      throw ApiException.invalid(
          "%d renewals in one request; send at most %d per request", asked.size(), MAX_RENEWALS);
    }
    int n = asked.size();
    Renewed.Result[] results = new Renewed.Result[n];
    List<Integer> index = new ArrayList<>(n);
    List<String> names = new ArrayList<>(n);
    List<Long> epochs = new ArrayList<>(n);
    List<String> oldHashes = new ArrayList<>(n);
    List<String> newHashes = new ArrayList<>(n);
    List<String> tokens = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Renewals.Renewal r = asked.get(i);
      String problem = problem(r);
      if (problem != null) {
        results[i] = Renewed.Result.refused(r == null ? null : r.name(), 422, problem);
        continue;
      }
      String token = LeaseTokens.issue();
      index.add(i);
      names.add(r.name());
      epochs.add(r.epoch());
      oldHashes.add(LeaseTokens.hash(r.leaseToken()));
      newHashes.add(LeaseTokens.hash(token));
      tokens.add(token);
    }
    if (!names.isEmpty()) {
      RenewalBatch batch = new RenewalBatch(names, epochs, oldHashes, newHashes);
      long now = clock.millis();
      List<Renewed.Result> outcome =
          db.write(
              dao -> {
                int[] renewed = db.dialect().renew(dao, batch, now, now + leaseMillis);
                List<Renewed.Result> out = new ArrayList<>(renewed.length);
                for (int j = 0; j < renewed.length; j++) {
                  out.add(
                      renewed[j] > 0
                          ? Renewed.Result.renewed(names.get(j), tokens.get(j))
                          : refusal(dao.find(names.get(j)), names.get(j), epochs.get(j), now));
                }
                return out;
              });
      for (int j = 0; j < outcome.size(); j++) {
        results[index.get(j)] = outcome.get(j);
      }
    }
    return new Renewed(leaseMillis, Arrays.asList(results));
  }

  private String problem(Renewals.Renewal r) {
    if (r == null) {
      return "a renewal must be a JSON object {name, epoch, leaseToken}";
    }
    try {
      rules.name(r.name());
      rules.epoch(r.epoch());
    } catch (ApiException e) {
      return e.getMessage();
    }
    if (r.leaseToken() == null || r.leaseToken().isEmpty() || r.leaseToken().length() > 64) {
      return "leaseToken must be the token of the last renewal or signed heartbeat of '"
          + r.name()
          + "'";
    }
    return null;
  }

  /** Why a renewal matched no row, for the client to know what to do next. */
  private static Renewed.Result refusal(
      Optional<PeerRow> found, String name, long epoch, long now) {
    if (found.isEmpty() || found.get().deleted()) {
      return Renewed.Result.refused(
          name, 404, "no peer named '" + name + "'; register it first with POST /v1/peers");
    }
    PeerRow row = found.get();
    if (row.epoch() != epoch) {
      return Renewed.Result.refused(
          name,
          409,
          String.format(
              "epoch %d is not the current session of '%s' (epoch %d); register again",
              epoch, name, row.epoch()));
    }
    if (!row.status().equals("online")
        || row.leaseExpiresAt() == null
        || row.leaseExpiresAt() <= now) {
      return Renewed.Result.refused(
          name,
          409,
          String.format(
              "the lease of '%s' is over (%s); renew it with a signed heartbeat",
              name, row.status()));
    }
    return Renewed.Result.refused(
        name,
        401,
        String.format(
            "that lease token of '%s' is used or unknown; renew with a signed heartbeat for a new one",
            name));
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
    update(
        name, signed, null, (row, now, ts) -> new Presence(row.host(), row.port(), status, null));
  }

  /** Where a peer is and how, as a signed request leaves it; a lease's end, or null for none. */
  private record Presence(String host, int port, String status, Long leaseExpiresAt) {}

  /** What a signed request makes of its peer's current row, inside the write transaction. */
  private interface Change {
    /** The peer's presence after the request signed at {@code ts}; may refuse it (ApiException). */
    Presence apply(PeerRow row, long now, long ts);
  }

  /**
   * A signed request's change to a registered peer: verified against the key held, then applied in
   * a write to the row read again there, with {@code tokenHash} as the one lease token that may
   * renew it next (null: none). Only a change a watcher sees (status, host or port) takes the next
   * version, announced after commit.
   */
  private void update(String name, SignedRequest signed, String tokenHash, Change change) {
    PeerRow seen = verify(name, signed);
    long now = clock.millis();
    long ts = signed.timestampMillis();
    long version =
        db.write(
            dao -> {
              PeerRow row = current(dao, name, seen, ts);
              Presence next = change.apply(row, now, ts);
              boolean visible =
                  !row.status().equals(next.status())
                      || !row.host().equals(next.host())
                      || row.port() != next.port();
              long v = visible ? dao.nextVersion() : row.version();
              dao.upsert(
                  new PeerRow(
                      name,
                      row.publicKey(),
                      next.host(),
                      next.port(),
                      next.status(),
                      now,
                      next.leaseExpiresAt(),
                      row.epoch(),
                      ts,
                      v));
              dao.setLeaseToken(tokenHash, name);
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
   * when the write committed: a kill right after a heartbeat then turns the peer unreachable within
   * the TTL. The signed time counts only within the second before receipt, so a skewed clock can
   * shorten a lease by at most a second and never lengthen it.
   */
  private long leaseEnd(long now, long signedAt) {
    return Math.max(now - 1000, Math.min(now, signedAt)) + leaseMillis;
  }
}
