package p2pchat.discovery.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Maps {@link PeerDao#COLUMNS}, in that order, to a {@link PeerRow}. Written by hand because
 * lookups are the registry's hot path: JDBI's reflective constructor mapper costs about three times
 * the query itself. Stateless and thread-safe.
 */
public final class PeerRowMapper implements RowMapper<PeerRow> {
  @Override
  public PeerRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    long lastSeen = rs.getLong(6);
    Long seen = rs.wasNull() ? null : lastSeen;
    long leaseExpiresAt = rs.getLong(7);
    Long lease = rs.wasNull() ? null : leaseExpiresAt;
    return new PeerRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getInt(4),
        rs.getString(5),
        seen,
        lease,
        rs.getLong(8),
        rs.getLong(9),
        rs.getLong(10));
  }
}
