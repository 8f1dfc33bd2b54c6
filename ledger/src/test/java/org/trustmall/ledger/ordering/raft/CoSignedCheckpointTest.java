package org.trustmall.ledger.ordering.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.cosign.CheckpointVerdict;
import org.trustmall.ledger.cosign.LightClient;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.proof.ProofBundle;
import org.trustmall.ledger.tx.Transaction;

/**
 * The checkpoints a consortium node serves carry the seals of every node that answered: on a three-node cluster over
 * loopback, any node's checkpoint and proof bundle are believed at threshold three; with a node down, the two left
 * still give what a threshold of two accepts and a threshold of three refuses.
 */
class CoSignedCheckpointTest {
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

    private TrustedKeys trust(int k) {
        return new TrustedKeys(Optional.of(cluster.chainId), cluster.organisations, k);
    }

    private Transaction commit(Ledger on) throws Exception {
        Transaction tx = cluster.put("k" + System.nanoTime());
        assertInstanceOf(Receipt.Committed.class, on.submit(tx).get(60, TimeUnit.SECONDS));
        return tx;
    }

    private static Set<String> signers(Checkpoint cp) {
        return Set.copyOf(cp.signatures().stream().map(Checkpoint.Signature::organisation).toList());
    }

    @Test
    void everyNodeServesCheckpointsAndProofsSignedByAllThreeNodes() throws Exception {
        cluster = new RaftCluster(work, 3).startAll();
        int leader = cluster.awaitLeader(WAIT);
        int follower = (leader + 1) % 3;
        commit(cluster.ledgers[leader]);
        Transaction tx = commit(cluster.ledgers[follower]);
        for (int i = 0; i < 3; i++) {
            Checkpoint cp = cluster.ledgers[i].checkpoint();
            assertEquals(Set.of("org0", "org1", "org2"), signers(cp), "node " + i);
            assertEquals("org" + i, cp.signatures().get(0).organisation(), "the node's own seal first");
            Check all = cp.verify(trust(3), Signatures.fastest());
            assertTrue(all.ok(), "node " + i + ": " + all.reason());
        }

        ProofBundle bundle = cluster.ledgers[follower].proof(tx.id()).orElseThrow();
        Check proof = bundle.verify(trust(2), Signatures.fastest());
        assertTrue(proof.ok(), proof::reason);
        LightClient client = new LightClient(trust(2), Signatures.fastest());
        CheckpointVerdict first = client.offer(bundle.checkpoint(), Optional.empty());
        assertTrue(first.accepted(), first::toString);
        commit(cluster.ledgers[leader]);
        Checkpoint next = cluster.ledgers[follower].checkpoint();
        CheckpointVerdict moved = client.offer(next, Optional.of(cluster.ledgers[follower].consistencyProof(
                bundle.checkpoint().logSize(), next.logSize())));
        assertTrue(moved.accepted(), moved::toString);
        assertTrue(cluster.orderers[follower].forkedPeers().isEmpty());
    }

    @Test
    void withOneNodeDownCheckpointsCarryTheTwoLiveSealsAndKeepThoseAlreadyCollected() throws Exception {
        cluster = new RaftCluster(work, 3).startAll();
        int leader = cluster.awaitLeader(WAIT);
        int down = (leader + 1) % 3;
        int other = (leader + 2) % 3;
        commit(cluster.ledgers[leader]);
        long before = cluster.awaitConverged(WAIT);
        assertEquals(3, cluster.ledgers[other].checkpoint(before).signatures().size());

        cluster.stop(down);
        commit(cluster.ledgers[leader]);
        for (int i : new int[] {leader, other}) {
            Checkpoint cp = cluster.ledgers[i].checkpoint();
            assertEquals(Set.of("org" + leader, "org" + other), signers(cp), "node " + i);
            assertTrue(cp.verify(trust(2), Signatures.fastest()).ok(), "node " + i + " at threshold 2");
            assertFalse(cp.verify(trust(3), Signatures.fastest()).ok(), "node " + i + " at threshold 3");
        }
        assertEquals(3, cluster.ledgers[other].checkpoint(before).signatures().size(),
                "a block's seals, once collected, are kept while a node is away");
    }
}
