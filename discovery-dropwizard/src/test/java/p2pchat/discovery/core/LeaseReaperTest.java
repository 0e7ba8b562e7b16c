package p2pchat.discovery.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.discovery.db.PeerRow;
import p2pchat.discovery.db.RegistryDatabase;

/** The lease reaper alone, on a real SQLite file, with a clock the test moves. */
class LeaseReaperTest {
  @TempDir Path dir;
  RegistryDatabase db;
  final AtomicLong now = new AtomicLong(1_000_000);
  final Clock clock =
      new Clock() {
        @Override
        public long millis() {
          return now.get();
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now.get());
        }

        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }
      };
  final List<Long> announced = new ArrayList<>();

  @BeforeEach
  void open() {
    db = new RegistryDatabase(dir.resolve("registry.db").toString(), 2, new MetricRegistry());
    db.start();
  }

  @AfterEach
  void close() {
    db.stop();
  }

  private void online(String name, long leaseEnd) {
    db.write(
        dao -> {
          dao.upsert(
              new PeerRow(
                  name,
                  "key",
                  "127.0.0.1",
                  7001,
                  "online",
                  now.get(),
                  leaseEnd,
                  1,
                  1,
                  dao.nextVersion()));
          return null;
        });
  }

  private String status(String name) {
    return db.findPeer(name).orElseThrow().status();
  }

  @Test
  void aLeaseThatHasNotPassedIsLeftAloneAndTakesNoVersion() {
    online("Sam", now.get() + 3000);
    long before = db.version();
    LeaseReaper reaper = new LeaseReaper(db, clock, 100, announced::add);

    assertThat(reaper.reap()).isEqualTo(-1);
    assertThat(status("Sam")).isEqualTo("online");
    assertThat(db.version()).isEqualTo(before);
    assertThat(announced).isEmpty();
  }

  @Test
  void passedLeasesTurnUnreachableTogetherUnderOneNewVersionAnnouncedOnce() {
    online("Sam", now.get() + 1000);
    online("Carol", now.get() + 2000);
    online("Dana", now.get() + 5000);
    long before = db.version();
    LeaseReaper reaper = new LeaseReaper(db, clock, 100, announced::add);

    now.addAndGet(2000); // Sam's and Carol's leases end; Dana's runs on
    long version = reaper.reap();

    assertThat(version).isEqualTo(before + 1);
    assertThat(status("Sam")).isEqualTo("unreachable");
    assertThat(status("Carol")).isEqualTo("unreachable");
    assertThat(status("Dana")).isEqualTo("online");
    assertThat(db.findPeer("Sam").orElseThrow().version()).isEqualTo(version);
    assertThat(announced).containsExactly(version);
  }

  @Test
  void aSecondReaperFindsNothingLeftToDo() {
    online("Sam", now.get() + 1000);
    LeaseReaper first = new LeaseReaper(db, clock, 100, announced::add);
    LeaseReaper second = new LeaseReaper(db, clock, 100, announced::add);
    now.addAndGet(1000);

    long version = first.reap();
    assertThat(second.reap()).isEqualTo(-1);
    assertThat(db.version()).isEqualTo(version);
    assertThat(announced).containsExactly(version);
  }

  @Test
  void awayAndUnreachablePeersAreNotReapedAgain() {
    online("Sam", now.get() + 1000);
    LeaseReaper reaper = new LeaseReaper(db, clock, 100, announced::add);
    now.addAndGet(1000);
    reaper.reap();
    long after = db.version();

    now.addAndGet(60_000);
    assertThat(reaper.reap()).isEqualTo(-1);
    assertThat(db.version()).isEqualTo(after);
  }
}
