package p2pchat.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Durability;
import p2pchat.agent.Job;
import p2pchat.agent.Message;
import p2pchat.agent.Message.Direction;
import p2pchat.agent.Message.Status;
import p2pchat.agent.MessageRows;

class StoreWritesTest {
  @TempDir Path dir;
  private Store store;

  private Store open() {
    store = Store.open(dir, "Sam", Durability.FULL);
    return store;
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private static Message incoming(String from, long seq, String text) {
    return MessageRows.sent(
        "id-" + from + "-" + seq, from, "Sam", seq, text, Status.QUEUED, 1_000 + seq);
  }

  @Test
  void enqueueAssignsTimeOrderedIdsAndSeqsPerReceiver() {
    open();
    Message a1 = store.enqueue(Outgoing.text("Ann", "a1")).join();
    Message b1 = store.enqueue(Outgoing.text("Bob", "b1")).join();
    Message a2 = store.enqueue(new Outgoing("Ann", "a2", "{\"k\":1}", 99L, true)).join();

    assertThat(List.of(a1.seq(), b1.seq(), a2.seq())).containsExactly(1L, 1L, 2L);
    assertThat(a1.id()).isLessThan(b1.id());
    assertThat(b1.id()).isLessThan(a2.id());
    assertThat(a2)
        .extracting(
            Message::from,
            Message::to,
            Message::direction,
            Message::status,
            Message::data,
            Message::expiresAt,
            Message::offline)
        .containsExactly("Sam", "Ann", Direction.OUT, Status.QUEUED, "{\"k\":1}", 99L, true);
    assertThat(store.pendingOut("Ann", 0, 10)).containsExactly(a1, a2);
    assertThat(store.peersWithPendingOut()).containsExactlyInAnyOrder("Ann", "Bob");
  }

  @Test
  void seqNumberingPerReceiverSurvivesReopen() {
    open();
    store.enqueue(Outgoing.text("Ann", "1")).join();
    store.enqueue(Outgoing.text("Ann", "2")).join();
    store.enqueue(Outgoing.text("Bob", "1")).join();
    store.close();

    open();
    assertThat(store.enqueue(Outgoing.text("Ann", "3")).join().seq()).isEqualTo(3);
    assertThat(store.enqueue(Outgoing.text("Bob", "2")).join().seq()).isEqualTo(2);
    assertThat(store.enqueue(Outgoing.text("Cy", "1")).join().seq()).isEqualTo(1);
  }

  @Test
  void aBatchLargerThanTheWritersChunksIsStoredWholeWithEachDuplicateSkipped() {
    open();
    int n = 3 * HotStatements.CHUNK + 7;
    // the same ids as the batch's messages 300 to 309, under seqs the batch does not use
    List<Message> before = new ArrayList<>();
    for (int seq = 300; seq < 310; seq++) {
      Message m = incoming("Bob", seq, "early");
      before.add(
          new Message(
              m.id(),
              "Bob",
              "Sam",
              Direction.OUT,
              seq - 299,
              "early",
              null,
              Status.QUEUED,
              m.sentAt(),
              null,
              false,
              null));
    }
    store.receive("Bob", before).join();
    List<Message> batch = new ArrayList<>();
    for (int seq = 11; seq <= n; seq++) {
      batch.add(incoming("Bob", seq, "m" + seq));
    }

    List<Message> stored = store.receive("Bob", batch).join();

    assertThat(stored).hasSize(batch.size() - 10);
    assertThat(stored).extracting(Message::seq).doesNotContain(300L, 309L).contains(11L, (long) n);
    assertThat(store.history("Bob")).hasSize(n - 10);
    assertThat(store.outboxDepths()).isEmpty();
  }

  @Test
  void receiveSkipsMessagesWhoseIdOrSeqIsAlreadyStored() {
    open();
    List<Message> first =
        store.receive("Bob", List.of(incoming("Bob", 1, "one"), incoming("Bob", 2, "two"))).join();
    assertThat(first).extracting(Message::seq).containsExactly(1L, 2L);
    assertThat(first)
        .allSatisfy(
            m -> {
              assertThat(m.direction()).isEqualTo(Direction.IN);
              assertThat(m.status()).isEqualTo(Status.RECEIVED);
              assertThat(m.receivedAt()).isNotNull();
              assertThat(m.to()).isEqualTo("Sam");
            });

    // A resend after a lost ACK: 1 and 2 again (by seq), plus 3.
    List<Message> resend =
        store
            .receive(
                "Bob",
                List.of(
                    incoming("Bob", 1, "one"),
                    incoming("Bob", 2, "two"),
                    incoming("Bob", 3, "three")))
            .join();
    assertThat(resend).extracting(Message::text).containsExactly("three");

    // A known id under a new seq is not stored twice either.
    Message sameIdNewSeq =
        new Message(
            "id-Bob-3",
            "Bob",
            "Sam",
            Direction.OUT,
            4,
            "three again",
            null,
            Status.QUEUED,
            0,
            null,
            false,
            null);
    assertThat(store.receive("Bob", List.of(sameIdNewSeq)).join()).isEmpty();

    // Out of order within a batch: the lower seq after a higher one is skipped.
    assertThat(
            store
                .receive("Bob", List.of(incoming("Bob", 6, "six"), incoming("Bob", 5, "five")))
                .join())
        .extracting(Message::seq)
        .containsExactly(6L);

    store.close();
    open(); // the seq high-water mark is reloaded from the table
    assertThat(store.receive("Bob", List.of(incoming("Bob", 6, "six"))).join()).isEmpty();
    assertThat(store.lastReceivedSeq("Bob")).isEqualTo(6);
    assertThat(store.history("Bob"))
        .extracting(Message::text)
        .containsExactly("one", "two", "three", "six");
  }

  @Test
  void aBatchThatWouldBeStoredPastAHoleIsRefused() {
    open();
    store.receive("Bob", List.of(incoming("Bob", 1, "one"))).join();
    // Batch 2..3 failed to commit; batch 4..5, sent right after it on the same connection, must not
    // land.
    assertThatThrownBy(
            () ->
                store
                    .receive(
                        "Bob", List.of(incoming("Bob", 4, "four"), incoming("Bob", 5, "five")), 3)
                    .join())
        .hasMessageContaining("after seq 3 arrived, but only up to seq 1 is stored");
    // The sender resends from the hole, on a new connection.
    store.receive("Bob", List.of(incoming("Bob", 2, "two"), incoming("Bob", 3, "three")), 0).join();
    store.receive("Bob", List.of(incoming("Bob", 4, "four"), incoming("Bob", 5, "five")), 3).join();
    assertThat(store.history("Bob"))
        .extracting(Message::text)
        .containsExactly("one", "two", "three", "four", "five");
  }

  @Test
  void receivedMessagesWaitInTheInboxUntilMarkedHandled() {
    open();
    store.receive("Bob", List.of(incoming("Bob", 1, "b1"), incoming("Bob", 2, "b2"))).join();
    store.receive("Cy", List.of(incoming("Cy", 1, "c1"))).join();
    assertThat(store.unhandled(10)).extracting(Message::text).containsExactly("b1", "b2", "c1");
    assertThat(store.unhandled(2)).extracting(Message::text).containsExactly("b1", "b2");

    store
        .transaction(
            tx -> {
              tx.markHandled("id-Bob-1");
              return null;
            })
        .join();

    assertThat(store.unhandled(10)).extracting(Message::text).containsExactly("b2", "c1");
    assertThat(store.history(null))
        .filteredOn(m -> m.text().equals("b1"))
        .singleElement()
        .extracting(Message::status)
        .isEqualTo(Status.HANDLED);
  }

  @Test
  void markDeliveredReturnsExactlyTheNewlyDeliveredRows() {
    open();
    for (int i = 1; i <= 5; i++) {
      store.enqueue(Outgoing.text("Ann", "m" + i)).join();
    }
    store.enqueue(Outgoing.text("Bob", "other")).join();
    store.markSent("Ann", 3).join();
    assertThat(store.pendingOut("Ann", 0, 10))
        .extracting(Message::status)
        .containsExactly(Status.SENT, Status.SENT, Status.SENT, Status.QUEUED, Status.QUEUED);

    List<Message> delivered = store.markDelivered("Ann", 3).join();
    assertThat(delivered).extracting(Message::seq).containsExactly(1L, 2L, 3L);
    assertThat(delivered).extracting(Message::status).containsOnly(Status.DELIVERED);
    assertThat(store.markDelivered("Ann", 3).join()).isEmpty();
    assertThat(store.markDelivered("Ann", 5).join())
        .extracting(Message::text)
        .containsExactly("m4", "m5");

    assertThat(store.pendingOut("Ann", 0, 10)).isEmpty();
    assertThat(store.peersWithPendingOut()).containsExactly("Bob");
  }

  @Test
  void expireDueExpiresOnlyPendingMessagesPastTheirTime() {
    open();
    store.enqueue(new Outgoing("Ann", "soon", null, 1_000L, false)).join();
    store.enqueue(new Outgoing("Ann", "later", null, 5_000L, false)).join();
    store.enqueue(Outgoing.text("Ann", "never")).join();
    store.enqueue(new Outgoing("Ann", "delivered first", null, 1_000L, false)).join();
    store.markDelivered("Ann", 4).join(); // too late to expire anything up to seq 4

    store.enqueue(new Outgoing("Ann", "soon too", null, 1_500L, false)).join();
    List<Message> expired = store.expireDue(2_000).join();
    assertThat(expired).extracting(Message::text).containsExactly("soon too");
    assertThat(expired).extracting(Message::status).containsOnly(Status.EXPIRED);
    assertThat(store.expireDue(2_000).join()).isEmpty();
  }

  @Test
  void theExpirySweepIsNeededOnlyOnceAMessageWithATimeToLiveWaitsAcrossReopens() {
    open();
    store.enqueue(Outgoing.text("Ann", "no time-to-live")).join();
    assertThat(store.mayHaveExpiring()).as("nothing can expire").isFalse();
    store.enqueue(new Outgoing("Ann", "expires", null, 1_000L, false)).join();
    assertThat(store.mayHaveExpiring()).isTrue();

    store.close();
    open();
    assertThat(store.mayHaveExpiring()).as("found again at open").isTrue();
    assertThat(store.expireDue(2_000).join()).extracting(Message::text).containsExactly("expires");

    store.close();
    open();
    assertThat(store.mayHaveExpiring()).as("expired: nothing left to sweep").isFalse();
  }

  @Test
  void outgoingStatusesReadTheSameEverywhereAndSurviveReopen() {
    open();
    store.enqueue(Outgoing.text("Ann", "delivered")).join();
    store.enqueue(new Outgoing("Ann", "expires", null, 1_000L, false)).join();
    store.enqueue(Outgoing.text("Ann", "sent")).join();
    store.enqueue(Outgoing.text("Ann", "queued")).join();
    store.enqueue(new Outgoing("Ann", "delivered with ttl", null, 1_000L, false)).join();
    store.markDelivered("Ann", 1).join();
    assertThat(store.expireDue(2_000).join())
        .extracting(Message::text)
        .containsExactly("expires", "delivered with ttl");
    store.enqueue(new Outgoing("Ann", "delivered before its time", null, 1_000L, false)).join();
    store.markSent("Ann", 3).join();
    // An acknowledgement past an expired message neither delivers it nor returns it.
    assertThat(store.markDelivered("Ann", 3).join())
        .extracting(Message::text)
        .containsExactly("sent");
    assertThat(store.markDelivered("Ann", 6).join())
        .extracting(Message::text)
        .containsExactly("queued", "delivered before its time");
    store.enqueue(Outgoing.text("Ann", "new")).join();
    assertThat(store.expireDue(2_000).join()).isEmpty(); // delivered rows never expire
    store.close();

    open();
    assertThat(store.history("Ann"))
        .extracting(Message::text, Message::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("delivered", Status.DELIVERED),
            org.assertj.core.groups.Tuple.tuple("expires", Status.EXPIRED),
            org.assertj.core.groups.Tuple.tuple("sent", Status.DELIVERED),
            org.assertj.core.groups.Tuple.tuple("queued", Status.DELIVERED),
            org.assertj.core.groups.Tuple.tuple("delivered with ttl", Status.EXPIRED),
            org.assertj.core.groups.Tuple.tuple("delivered before its time", Status.DELIVERED),
            org.assertj.core.groups.Tuple.tuple("new", Status.QUEUED));
    assertThat(store.pendingOut("Ann", 0, 10)).extracting(Message::text).containsExactly("new");
    assertThat(store.peersWithPendingOut()).containsExactly("Ann");
  }

  @Test
  void theOutboxReadsTheSameFromMemoryAsFromTheDatabase() {
    open();
    int count =
        OutboxTail.MAX_PER_RECEIVER
            + 500; // more than memory keeps: the oldest come from the database
    store
        .transaction(
            tx -> {
              for (int i = 1; i <= count; i++) {
                tx.enqueue(
                    i == 300
                        ? new Outgoing("Ann", "m" + i, null, Long.MAX_VALUE, false)
                        : Outgoing.text("Ann", "m" + i));
              }
              return null;
            })
        .join();
    store.markSent("Ann", 3000).join();
    try (Store fromDisk = Store.openReadOnly(dir, "Sam")) {
      for (long after : new long[] {0, 299, 300, 499, 500, 1000, 3000, count - 10, count}) {
        assertThat(store.pendingOut("Ann", after, 50))
            .as("pending after seq %d", after)
            .isEqualTo(fromDisk.pendingOut("Ann", after, 50));
      }
      List<Message> delivered = store.markDelivered("Ann", 600).join();
      delivered.addAll(store.markDelivered("Ann", 4000).join());
      delivered.addAll(store.markDelivered("Ann", count).join());
      assertThat(delivered).extracting(Message::seq).doesNotHaveDuplicates().hasSize(count);
      assertThat(delivered).extracting(Message::status).containsOnly(Status.DELIVERED);
      assertThat(delivered).isSortedAccordingTo(java.util.Comparator.comparingLong(Message::seq));
      assertThat(store.pendingOut("Ann", 0, 50)).isEmpty();
      assertThat(fromDisk.pendingOut("Ann", 0, 50)).isEmpty();
    }
  }

  @Test
  void acknowledgeDeliversLikeMarkDeliveredWithoutReadingTheRowsBack() {
    open();
    for (int i = 1; i <= 4; i++) {
      store.enqueue(Outgoing.text("Ann", "m" + i)).join();
    }
    assertThat(StoreBenchOps.acknowledge(store, "Ann", 3).join()).isEqualTo(3);
    assertThat(StoreBenchOps.acknowledge(store, "Ann", 2).join()).isEqualTo(3); // never backwards
    assertThat(StoreBenchOps.acknowledge(store, "Ann", 99).join())
        .isEqualTo(4); // never past the last seq
    assertThat(store.markDelivered("Ann", 4).join()).isEmpty();
    assertThat(store.history("Ann")).extracting(Message::status).containsOnly(Status.DELIVERED);
    assertThat(StoreBenchOps.acknowledge(store, "Nobody", 1).join()).isZero();
  }

  @Test
  void anAcknowledgementBeyondTheLastMessageDeliversNothingLater() {
    open();
    store.enqueue(Outgoing.text("Ann", "one")).join();
    assertThat(store.markDelivered("Ann", 100).join()).hasSize(1);
    store.markSent("Ann", 100).join();
    Message two = store.enqueue(Outgoing.text("Ann", "two")).join();
    assertThat(store.pendingOut("Ann", 0, 10))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.id()).isEqualTo(two.id());
              assertThat(m.status()).isEqualTo(Status.QUEUED);
            });
    assertThat(store.markDelivered("Nobody", 5).join()).isEmpty();
  }

  @Test
  void aMessageAlreadySentDoesNotExpireWhileItWaitsForItsAcknowledgement() {
    open();
    store.enqueue(new Outgoing("Ann", "on the wire", null, 1_000L, false)).join();
    store.enqueue(new Outgoing("Ann", "still queued", null, 1_000L, false)).join();
    store.markSent("Ann", 1).join();
    assertThat(store.expireDue(2_000).join())
        .extracting(Message::text)
        .containsExactly("still queued");
    assertThat(store.pendingOut("Ann", 0, 10))
        .extracting(Message::text, Message::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("on the wire", Status.SENT));
    assertThat(store.markDelivered("Ann", 2).join())
        .extracting(Message::text)
        .containsExactly("on the wire");
  }

  @Test
  void stateRoundTripsThroughReopen() {
    open();
    store
        .transaction(
            tx -> {
              tx.putState("count", "3");
              tx.putState("name", "\"Sam\"");
              tx.putState("gone", "true");
              return null;
            })
        .join();
    store
        .transaction(
            tx -> {
              tx.putState("gone", null);
              tx.putState("count", "4");
              return null;
            })
        .join();
    store.close();

    open();
    assertThat(store.state()).isEqualTo(Map.of("count", "4", "name", "\"Sam\""));
  }

  @Test
  void jobsRoundTripThroughReopenAndKeepDistinctIds() {
    open();
    long a = addJob(1, 3_000, null, "a", "after 3s");
    long b = addJob(2, 1_000, 500L, "b", "every 500ms");
    assertThat(store.nextJobDue()).contains(1_000L);
    store
        .transaction(
            tx -> {
              tx.rescheduleJob(b, 4_000);
              return null;
            })
        .join();
    assertThat(store.jobs()).extracting(Job::id).containsExactly(a, b);
    store.close();

    open();
    Job bJob = store.jobs().get(1);
    assertThat(bJob.periodMillis()).isEqualTo(500L);
    assertThat(new String(bJob.payload(), StandardCharsets.UTF_8)).isEqualTo("b");
    assertThat(bJob.description()).isEqualTo("every 500ms");
    long c = addJob(3, 2_000, null, "c", null);
    store
        .transaction(
            tx -> {
              tx.deleteJob(a);
              return null;
            })
        .join();
    assertThat(store.jobs()).extracting(Job::id).containsExactly(c, b);
    assertThat(store.nextJobDue()).contains(2_000L);
  }

  @Test
  void knownPeersAreSavedAndUpdatedByName() {
    open();
    store.savePeer(new RememberedPeer("Bob", "key1", "127.0.0.1", 4001, 10)).join();
    store.savePeer(new RememberedPeer("Ann", "key2", null, null, 11)).join();
    store.savePeer(new RememberedPeer("Bob", "key1", "127.0.0.1", 4002, 12)).join();
    assertThat(store.knownPeers())
        .containsExactly(
            new RememberedPeer("Ann", "key2", null, null, 11),
            new RememberedPeer("Bob", "key1", "127.0.0.1", 4002, 12));
  }

  @Test
  void historyListsBothDirectionsInStorageOrder() {
    open();
    store.enqueue(Outgoing.text("Bob", "hi Bob")).join();
    store.receive("Bob", List.of(incoming("Bob", 1, "hi Sam"))).join();
    store.enqueue(Outgoing.text("Cy", "hi Cy")).join();
    store.enqueue(Outgoing.text("Bob", "how are you")).join();

    assertThat(store.history(null))
        .extracting(Message::text)
        .containsExactly("hi Bob", "hi Sam", "hi Cy", "how are you");
    assertThat(store.history("Bob"))
        .extracting(m -> m.from() + ">" + m.to())
        .containsExactly("Sam>Bob", "Bob>Sam", "Sam>Bob");
  }

  private long addJob(long id, long dueAt, Long periodMillis, String payload, String description) {
    store
        .transaction(
            tx -> {
              tx.addJob(id, dueAt, periodMillis, bytes(payload), description);
              return null;
            })
        .join();
    return id;
  }

  @Test
  void badArgumentsAreRefusedBeforeReachingTheWriter() {
    open();
    assertThatThrownBy(() -> Outgoing.text("no spaces allowed", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid peer name");
    assertThatThrownBy(() -> addJob(1, 1, 0L, "x", "bad"))
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("periodMillis");
    assertThatThrownBy(() -> store.receive("Bob", List.of(incoming("Bob", 0, "zero"))).join())
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seq must be 1 or more: 0");
  }

  @Test
  void aUnitThatFailsAfterWritingIsUndoneAloneAndTheRestOfItsGroupCommits() throws Exception {
    open();
    java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
    var blocker =
        store.transaction(
            tx -> {
              try {
                hold.await(); // keeps the writer busy so that the next three units share one group
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return null;
            });
    var before = store.enqueue(Outgoing.text("Ann", "before"));
    var failing =
        store.transaction(
            tx -> {
              tx.addJob(7, 1L, null, bytes("x"), "written, then undone");
              tx.enqueue(Outgoing.text("Ann", "never"));
              throw new IllegalStateException("the handler broke");
            });
    var after = store.enqueue(Outgoing.text("Ann", "after"));
    hold.countDown();
    blocker.join();

    assertThatThrownBy(failing::join).hasRootCauseMessage("the handler broke");
    assertThat(List.of(before.join().seq(), after.join().seq())).containsExactly(1L, 2L);
    assertThat(store.pendingOut("Ann", 0, 10))
        .extracting(Message::text)
        .containsExactly("before", "after");
    assertThat(store.jobs()).isEmpty();
  }

  @Test
  void aTxUsedOutsideItsUnitIsRefused() {
    open();
    Tx leaked = store.transaction(tx -> tx).join();
    assertThatThrownBy(() -> leaked.enqueue(Outgoing.text("Ann", "late")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only inside its transaction unit");
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
