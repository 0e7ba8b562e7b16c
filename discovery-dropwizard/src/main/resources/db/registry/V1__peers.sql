-- The registry's whole state: peers (leases included) and one registry-wide change counter.
CREATE TABLE registry_state (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT  NOT NULL
);
INSERT INTO registry_state (id, version) VALUES (1, 0);

-- status is online, away, unreachable or deleted (a tombstone, so watchers learn of the
-- removal and replayed requests for the name stay refused).
CREATE TABLE peers (
  name             VARCHAR(64)  PRIMARY KEY,
  public_key       VARCHAR(200) NOT NULL,
  host             VARCHAR(255) NOT NULL,
  port             INTEGER      NOT NULL,
  status           VARCHAR(16)  NOT NULL,
  last_seen        BIGINT,
  lease_expires_at BIGINT,
  epoch            BIGINT       NOT NULL,
  last_timestamp   BIGINT       NOT NULL,
  version          BIGINT       NOT NULL
);
CREATE INDEX peers_by_version ON peers (version);
CREATE INDEX peers_by_lease ON peers (status, lease_expires_at);
