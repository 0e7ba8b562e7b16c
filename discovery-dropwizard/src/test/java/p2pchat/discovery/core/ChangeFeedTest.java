package p2pchat.discovery.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.discovery.api.Changes;
import p2pchat.discovery.api.Peer;
import p2pchat.discovery.db.PeerRow;
import p2pchat.discovery.db.RegistryDatabase;

/** The change feed's answers, read straight from a real SQLite file. */
class ChangeFeedTest {
  @TempDir Path dir;
  RegistryDatabase db;
  ChangeFeed feed;

  @BeforeEach
  void open() {
    db = new RegistryDatabase(dir.resolve("registry.db").toString(), 2, new MetricRegistry());
    db.start();
    feed = new ChangeFeed(db, 200);
  }

  @AfterEach
  void close() {
    db.stop();
  }

  private long put(String name, String status) {
    return db.write(
        dao -> {
          long v = dao.nextVersion();
          dao.upsert(new PeerRow(name, "key", "127.0.0.1", 7001, status, 1L, null, 1, v, v));
          return v;
        });
  }

  @Test
  void aReaderGetsExactlyThePeersChangedAfterItsVersionInVersionOrder() {
    long sam = put("Sam", "online");
    put("Carol", "online");
    put("Dana", "online");
    put("Sam", "away"); // Sam changed again: one entry, its latest state, last

    Changes changes = feed.query(sam);

    assertThat(changes.changes()).extracting(Peer::name).containsExactly("Carol", "Dana", "Sam");
    assertThat(changes.changes().get(2).status()).isEqualTo("away");
    assertThat(changes.version()).isEqualTo(db.version());
  }

  @Test
  void aReaderAtTheCurrentVersionGetsNothingAndTheSameVersionBack() {
    put("Sam", "online");
    long version = db.version();

    Changes changes = feed.query(version);

    assertThat(changes.changes()).isEmpty();
    assertThat(changes.version()).isEqualTo(version);
  }

  @Test
  void aReaderFromAVersionTheDatabaseNeverReachedGetsEverything() {
    put("Sam", "online");
    put("Carol", "online");

    Changes changes = feed.query(db.version() + 1000);

    assertThat(changes.changes()).extracting(Peer::name).containsExactlyInAnyOrder("Sam", "Carol");
    assertThat(changes.version()).isEqualTo(db.version());
  }

  @Test
  void aDeletedPeerShowsAsAwaySoWatchersForgetItsAddress() {
    long before = put("Sam", "online");
    put("Sam", PeerRow.DELETED);

    assertThat(feed.query(before).changes())
        .singleElement()
        .satisfies(p -> assertThat(p.status()).isEqualTo("away"));
  }

  @Test
  void followingTheFeedFromEachAnswersVersionSeesEveryChangeOnce() {
    long since = db.version();
    int seen = 0;
    for (int i = 0; i < 5; i++) {
      put("peer" + i, "online");
      Changes c = feed.query(since);
      seen += c.changes().size();
      since = c.version();
    }
    assertThat(seen).isEqualTo(5);
    assertThat(feed.query(since).changes()).isEmpty();
  }
}
