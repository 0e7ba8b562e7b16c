package p2pchat.discovery.db;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * SQL for the {@code peers} and {@code registry_state} tables. Stateless; JDBI makes it
 * thread-safe.
 */
@RegisterRowMapper(PeerRowMapper.class)
public interface PeerDao extends SqlObject {

  String COLUMNS =
      "name, public_key, host, port, status, last_seen, lease_expires_at, epoch, last_timestamp, version";

  @SqlQuery("SELECT version FROM registry_state WHERE id = 1")
  long version();

  @SqlUpdate("UPDATE registry_state SET version = version + 1 WHERE id = 1")
  void incrementVersion();

  /** Takes the next registry version; call inside a write transaction. */
  default long nextVersion() {
    incrementVersion();
    return version();
  }

  /** The row for {@code name}, tombstone included. */
  @SqlQuery("SELECT " + COLUMNS + " FROM peers WHERE name = ?")
  Optional<PeerRow> find(String name);

  @SqlQuery("SELECT " + COLUMNS + " FROM peers WHERE status <> 'deleted' ORDER BY name")
  List<PeerRow> all();

  @SqlQuery("SELECT " + COLUMNS + " FROM peers WHERE version > ? ORDER BY version")
  List<PeerRow> changedSince(long version);

  @SqlUpdate(
      """
      INSERT INTO peers (name, public_key, host, port, status, last_seen, lease_expires_at,
                         epoch, last_timestamp, version)
      VALUES (:name, :publicKey, :host, :port, :status, :lastSeen, :leaseExpiresAt,
              :epoch, :lastTimestamp, :version)
      ON CONFLICT (name) DO UPDATE SET
        public_key = excluded.public_key, host = excluded.host, port = excluded.port,
        status = excluded.status, last_seen = excluded.last_seen,
        lease_expires_at = excluded.lease_expires_at, epoch = excluded.epoch,
        last_timestamp = excluded.last_timestamp, version = excluded.version
      """)
  void upsert(@BindMethods PeerRow row);

  /** Stores the hash of the one token that may renew {@code name}'s lease next (null: none). */
  @SqlUpdate("UPDATE peers SET lease_token = ? WHERE name = ?")
  void setLeaseToken(String tokenHash, String name);

  /**
   * Renews, for each index i, the lease of {@code name[i]} if the session is {@code epoch[i]},
   * still online, its lease not yet over at {@code now}, and {@code oldHash[i]} is its token's;
   * stores {@code newHash[i]} instead. One prepared statement for the batch; per entry 1 if
   * renewed, 0 if not.
   */
  @SqlBatch(
      """
      UPDATE peers SET last_seen = :now, lease_expires_at = :until, lease_token = :newHash
      WHERE name = :name AND epoch = :epoch AND lease_token = :oldHash
        AND status = 'online' AND lease_expires_at > :now
      """)
  int[] renew(
      List<String> name,
      List<Long> epoch,
      List<String> oldHash,
      List<String> newHash,
      long now,
      long until);

  /** Leases held now: peers online. */
  @SqlQuery("SELECT count(*) FROM peers WHERE status = 'online'")
  long countOnline();

  @SqlQuery("SELECT count(*) FROM peers WHERE status = 'online' AND lease_expires_at <= ?")
  int countExpired(long now);

  /** When the first lease of an online peer passes, if any peer is online. */
  @SqlQuery("SELECT min(lease_expires_at) FROM peers WHERE status = 'online'")
  Optional<Long> nextLeaseExpiry();

  @SqlUpdate(
      """
      UPDATE peers SET status = 'unreachable', version = :version
      WHERE status = 'online' AND lease_expires_at <= :now
      """)
  int expireLeases(long now, long version);
}
