package org.trustmall.ledger.ordering.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.testing.TestLedgers;
import org.trustmall.ledger.tx.Transaction;

/**
 * Acceptance for the raft orderer on real Ratis servers over loopback: three nodes, each with its own ledger made
 * from one genesis, agree block by block; acknowledged transactions survive the loss of the leader; a follower that
 * was down catches up; a minority commits nothing; a node restarted again and again applies nothing twice.
 */
class RaftOrdererTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private RaftCluster cluster;

    @AfterEach
    void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyNodeReachesTheSameRootAndBlockHashesWhicheverNodeTheTransactionsAreGivenTo() throws Exception {
        cluster = new RaftCluster(work, 3).startAll();
        cluster.awaitLeader(WAIT);
        List<CompletableFuture<Receipt>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            futures.add(cluster.ledgers[i % 3].submit(cluster.put("k" + i)));
        }
        for (CompletableFuture<Receipt> f : futures) {
            assertInstanceOf(Receipt.Committed.class, f.get(60, TimeUnit.SECONDS));
        }
        cluster.awaitConverged(WAIT);
        assertIdentical(cluster.ledgers[0], cluster.ledgers[1]);
        assertIdentical(cluster.ledgers[0], cluster.ledgers[2]);
        assertEquals(301, cluster.ledgers[0].logSize(), "genesis plus every transaction, once each");
    }

    @Test
    void anotherProcessSubmitsThroughTheRaftClientAndEveryNodeRejectsABadSignature() throws Exception {
        cluster = new RaftCluster(work, 3).startAll();
        cluster.awaitLeader(WAIT);
        RaftConfig any = cluster.configs.get(0);
        try (RaftSubmitter submitter = RaftSubmitter.connect(any.group(), any.peers())) {
            List<Transaction> batch = List.of(cluster.put("a"), cluster.put("b"));
            List<Receipt> receipts = submitter.submit(batch).get(60, TimeUnit.SECONDS);
            assertEquals(2, receipts.size());
            for (int i = 0; i < 2; i++) {
                Receipt.Committed c = assertInstanceOf(Receipt.Committed.class, receipts.get(i));
                assertEquals(batch.get(i).id(), c.transactionId());
            }
            byte[] forged = cluster.put("c").encoded();
            forged[forged.length - 1] ^= 1;
            Transaction bad = Transaction.decode(forged, Integer.MAX_VALUE);
            Transaction good = cluster.put("d");
            List<Receipt> mixed = submitter.submit(List.of(good, bad)).get(60, TimeUnit.SECONDS);
            assertInstanceOf(Receipt.Committed.class, mixed.get(0));
            Receipt.Rejected rejected = assertInstanceOf(Receipt.Rejected.class, mixed.get(1));
            assertEquals("invalid signature", rejected.reason());
            cluster.awaitConverged(WAIT);
            for (Ledger l : cluster.ledgers) {
                assertTrue(l.transaction(batch.get(1).id()).isPresent());
                assertTrue(l.transaction(good.id()).isPresent());
                assertEquals(4, l.logSize(), "genesis and the three good transactions only");
            }
        }
    }

    @Test
    void aForgedSignatureInAnEntryMarkedCheckedByAnotherNodeIsStillRejectedByEveryNode() throws Exception {
        cluster = new RaftCluster(work, 3).startAll();
        cluster.awaitLeader(WAIT);
        RaftConfig any = cluster.configs.get(0);
        byte[] forged = cluster.put("forged").encoded();
        forged[forged.length - 1] ^= 1;
        Transaction bad = Transaction.decode(forged, Integer.MAX_VALUE);
        Transaction good = cluster.put("honest");
        // What a dishonest node's orderer would send: "checked", so the others would take its word for it.
        try (RaftClient client = RaftOrderer.newClient(RaftOrderer.group(any.group(), any.peers()),
                TimeDuration.valueOf(3, TimeUnit.SECONDS))) {
            RaftClientReply reply = client.async().send(Message.valueOf(ByteString.copyFrom(
                    RaftMessages.request(RaftMessages.CHECKED, List.of(good, bad))))).get(60, TimeUnit.SECONDS);
            assertTrue(reply.isSuccess());
            List<Receipt> receipts = RaftMessages.receipts(reply.getMessage().getContent().asReadOnlyByteBuffer());
            assertInstanceOf(Receipt.Committed.class, receipts.get(0));
            assertEquals("invalid signature", assertInstanceOf(Receipt.Rejected.class, receipts.get(1)).reason());
        }
        cluster.awaitConverged(WAIT);
        for (Ledger l : cluster.ledgers) {
            assertTrue(l.transaction(good.id()).isPresent());
            assertFalse(l.transaction(bad.id()).isPresent());
        }
    }

    @Test
    void noAcknowledgedTransactionIsLostWhenTheLeaderStopsUnderLoad() throws Exception {
        cluster = new RaftCluster(work, 3).startAll();
        int oldLeader = cluster.awaitLeader(WAIT);
        List<Hash> acked = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int node = w;
            writers.add(Thread.ofPlatform().start(() -> {
                int n = 0;
                while (!stop.get()) {
                    Ledger l = cluster.ledgers[node];
                    if (l == null) {
                        return;
                    }
                    Transaction tx = cluster.put("w" + node + "-" + n++);
                    try {
                        if (l.submit(tx).get(30, TimeUnit.SECONDS) instanceof Receipt.Committed) {
                            acked.add(tx.id());
                        }
                    } catch (ExecutionException | TimeoutException | RuntimeException e) {
                        // Not acknowledged: it may or may not be in the ledger, and either is allowed.
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        RaftCluster.await(WAIT, "transactions acknowledged before the leader stops", () -> acked.size() >= 50);
        cluster.stop(oldLeader);
        int ackedAtLoss = acked.size();
        int newLeader = cluster.awaitLeader(WAIT);
        RaftCluster.await(WAIT, "transactions acknowledged after the new leader took over",
                () -> acked.size() >= ackedAtLoss + 50);
        stop.set(true);
        for (Thread t : writers) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertNotEquals(oldLeader, newLeader);
        cluster.awaitConverged(WAIT);
        for (int i = 0; i < 3; i++) {
            if (!cluster.running(i)) {
                continue;
            }
            Ledger l = cluster.ledgers[i];
            for (Hash id : List.copyOf(acked)) {
                assertTrue(l.transaction(id).isPresent(), "node " + i + " lacks acknowledged " + id.hex());
            }
        }
        int[] survivors = IntStream.range(0, 3).filter(cluster::running).toArray();
        assertIdentical(cluster.ledgers[survivors[0]], cluster.ledgers[survivors[1]]);
    }

    @Test
    void aFollowerThatWasDownCatchesUpFromTheLog() throws Exception {
        cluster = new RaftCluster(work, 3).startAll();
        int leader = cluster.awaitLeader(WAIT);
        int follower = (leader + 1) % 3;
        submitAll(cluster.ledgers[leader], 20);
        cluster.awaitConverged(WAIT);
        cluster.stop(follower);
        submitAll(cluster.ledgers[leader], 60);
        long height = cluster.ledgers[leader].height();
        Ledger back = cluster.start(follower);
        RaftCluster.await(WAIT, "the follower back at the leader's height", () -> back.height() >= height);
        cluster.awaitConverged(WAIT);
        assertIdentical(cluster.ledgers[leader], back);
    }

    @Test
    void aFollowerWhoseMissingEntriesWerePurgedCatchesUpFromTheLeadersBlocks() throws Exception {
        cluster = new RaftCluster(work, 3).snapshottingOften().startAll();
        int leader = cluster.awaitLeader(WAIT);
        int follower = (leader + 1) % 3;
        submitAll(cluster.ledgers[leader], 5);
        cluster.awaitConverged(WAIT);
        cluster.stop(follower);
        for (int i = 0; i < 150; i++) {
            submitAll(cluster.ledgers[leader], 1);
        }
        Path logDir = cluster.configs.get(leader).raftDir();
        RaftCluster.await(WAIT, "the leader purging its log after a snapshot",
                () -> !RaftCluster.logSegmentNames(logDir).contains("log_0-"));
        long height = cluster.ledgers[leader].height();
        Ledger back = cluster.start(follower);
        RaftCluster.await(WAIT, "the follower back at the leader's height", () -> back.height() >= height);
        submitAll(cluster.ledgers[follower], 5);
        cluster.awaitConverged(WAIT);
        assertIdentical(cluster.ledgers[leader], back);
        assertEquals(cluster.ledgers[leader].logSize(), back.logSize());
        cluster.stop(follower);
        Ledger again = cluster.start(follower);
        submitAll(cluster.ledgers[leader], 5);
        cluster.awaitConverged(WAIT);
        assertIdentical(cluster.ledgers[leader], again);
    }

    @Test
    void aNodeCutOffFromTheMajorityCommitsNothing() throws Exception {
        cluster = new RaftCluster(work, 3).startAll();
        int leader = cluster.awaitLeader(WAIT);
        submitAll(cluster.ledgers[leader], 10);
        cluster.awaitConverged(WAIT);
        int alone = (leader + 1) % 3;
        cluster.stop(leader);
        cluster.stop((leader + 2) % 3);
        Ledger l = cluster.ledgers[alone];
        long height = l.height();
        long logSize = l.logSize();
        CompletableFuture<Receipt> f = l.submit(cluster.put("lonely"));
        try {
            Receipt r = f.get(3, TimeUnit.SECONDS);
            throw new AssertionError("a lone node acknowledged a transaction: " + r);
        } catch (TimeoutException expected) {
            // Not acknowledged within the deadline: no majority.
        }
        assertFalse(f.isDone());
        assertEquals(height, l.height());
        assertEquals(logSize, l.logSize());
    }

    @Test
    void aNodeRestartedAgainAndAgainAppliesNothingTwice() throws Exception {
        cluster = new RaftCluster(work, 3).startAll();
        int leader = cluster.awaitLeader(WAIT);
        int restarted = (leader + 1) % 3;
        int total = 0;
        for (int round = 0; round < 4; round++) {
            submitAll(cluster.ledgers[restarted], 10);
            total += 10;
            cluster.stop(restarted);
            int live = cluster.awaitLeader(WAIT);
            submitAll(cluster.ledgers[live], 10);
            total += 10;
            cluster.start(restarted);
        }
        submitAll(cluster.ledgers[restarted], 10);
        total += 10;
        cluster.awaitConverged(WAIT);
        Ledger l = cluster.ledgers[restarted];
        assertEquals(total + 1, l.logSize(), "genesis plus every transaction, once each");
        for (int i = 0; i < 3; i++) {
            assertIdentical(cluster.ledgers[i], l);
        }
        Path dir = cluster.configs.get(restarted).ledgerDir();
        cluster.stop(restarted);
        try (Ledger replayed = Ledger.openReadOnly(dir, TestLedgers.runtime())) {
            assertIdentical(cluster.ledgers[leader], replayed);
        }
    }

    private void submitAll(Ledger ledger, int count) throws Exception {
        List<CompletableFuture<Receipt>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(ledger.submit(cluster.put("x" + System.nanoTime() + "-" + i)));
        }
        for (CompletableFuture<Receipt> f : futures) {
            assertInstanceOf(Receipt.Committed.class, f.get(60, TimeUnit.SECONDS));
        }
    }

    private static void assertIdentical(Ledger a, Ledger b) {
        assertEquals(a.height(), b.height(), "heights");
        for (long h = 0; h <= a.height(); h++) {
            assertEquals(a.block(h).header().hash(), b.block(h).header().hash(), "block " + h);
        }
        assertEquals(a.checkpoint().header().stateRoot(), b.checkpoint().header().stateRoot(), "state roots");
        assertEquals(a.checkpoint().root(), b.checkpoint().root(), "log roots");
    }
}
