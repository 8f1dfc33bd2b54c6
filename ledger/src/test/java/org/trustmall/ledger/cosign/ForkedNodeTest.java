package org.trustmall.ledger.cosign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.cosign.CheckpointCollector.Collected;
import org.trustmall.ledger.cosign.CheckpointVerdict.Accepted;
import org.trustmall.ledger.cosign.CheckpointVerdict.Reason;
import org.trustmall.ledger.cosign.CheckpointVerdict.Refused;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.merkle.ConsistencyProof;
import org.trustmall.ledger.tx.Transaction;

/**
 * Three organisations each run a node from one genesis and are fed the same batches — until block 3, where gamma
 * commits a different transaction than alpha and beta and seals it with its own key: a real fork, which gamma then
 * keeps extending with the same batches as the others. Collecting seals exposes gamma as disagreeing; gamma's word
 * alone does not reach a threshold of two; and a client that trusted the co-signed block 3 cannot be moved onto
 * gamma's history, because no consistency proof links the two — while the honest nodes' later checkpoint is taken.
 */
class ForkedNodeTest {
    private static final int FORK_HEIGHT = 3;
    private static final int LAST_HEIGHT = 5;

    @TempDir
    static Path dir;

    private static Consortium consortium;
    private static Consortium.Node alpha;
    private static Consortium.Node beta;
    private static Consortium.Node gamma;
    private static final CheckpointCollector COLLECTOR = new CheckpointCollector(Signatures.fastest(),
            Duration.ofSeconds(30));

    @BeforeAll
    static void threeNodesThatAgreeForTwoBlocksThenOneForks() {
        consortium = Consortium.create(dir, "alpha", "beta", "gamma");
        alpha = consortium.node("alpha");
        beta = consortium.node("beta");
        gamma = consortium.node("gamma");
        consortium.commit("one", 3);
        consortium.commit("two", 4);
        long t = consortium.tick();
        List<Transaction> honest = consortium.puts("three", 2, t);
        List<Transaction> forked = consortium.puts("rewritten", 2, t);
        alpha.commit(t, honest);
        beta.commit(t, honest);
        gamma.commit(t, forked);
        consortium.commit("four", 3);
        consortium.commit("five", 1);
    }

    @AfterAll
    static void close() {
        if (consortium != null) {
            consortium.close();
        }
    }

    private static Collected collect(long height, Consortium.Node local, Consortium.Node... peers) {
        return COLLECTOR.collect(height, local.source(), List.of(peers).stream().map(Consortium.Node::source)
                .toList());
    }

    private static Checkpoint honest(long height) {
        return collect(height, alpha, beta, gamma).checkpoint();
    }

    private static LightClient clientTrusting(Checkpoint kept, int k) {
        return new LightClient(consortium.trust(k), Signatures.fastest(), kept);
    }

    @Test
    void nodesFedTheSameBatchesCoSignTheSameBlock() {
        Collected c = collect(2, alpha, beta, gamma);

        assertEquals(List.of("alpha", "beta", "gamma"), c.signers());
        assertEquals(List.of(), c.forked());
        assertEquals(List.of(), c.unanswered());
        assertEquals("ok", c.checkpoint().verify(consortium.trust(3), Signatures.fastest()).reason());
    }

    @Test
    void theCollectorReportsTheForkedNodeAsDisagreeingAndLeavesItsSealOut() {
        Collected c = collect(FORK_HEIGHT, alpha, beta, gamma);

        assertEquals(List.of("alpha", "beta"), c.signers());
        assertEquals(1, c.forked().size());
        assertEquals("gamma", c.forked().getFirst().organisation());
        assertNotEquals(c.checkpoint().blockHash(), c.forked().getFirst().theirs().blockHash());
        assertEquals("ok", c.checkpoint().verify(consortium.trust(2), Signatures.fastest()).reason());
        assertFalse(c.checkpoint().verify(consortium.trust(3), Signatures.fastest()).ok());
    }

    @Test
    void theForkedNodesOwnCheckpointFailsATwoOfThreeThreshold() {
        Collected c = collect(LAST_HEIGHT, gamma, alpha, beta);

        assertEquals(List.of("gamma"), c.signers());
        assertEquals(List.of("alpha", "beta"), c.forked().stream().map(CheckpointCollector.Forked::organisation)
                .toList());
        Refused r = assertInstanceOf(Refused.class,
                clientTrusting(honest(FORK_HEIGHT), 2).offer(c.checkpoint(), gamma.source()));
        assertEquals(Reason.TOO_FEW_SIGNATURES, r.reason());
        assertEquals("checkpoint has 1 valid trusted signature(s), 2 required", r.detail());
    }

    @Test
    void theHonestNodesLaterCheckpointIsAcceptedWithAValidConsistencyProof() {
        Checkpoint kept = honest(FORK_HEIGHT);
        LightClient client = clientTrusting(kept, 2);
        Checkpoint later = honest(LAST_HEIGHT);

        CheckpointVerdict v = client.offer(later, beta.source());

        assertEquals(later, assertInstanceOf(Accepted.class, v).checkpoint());
        assertEquals(Optional.of(later), client.trusted());
        assertEquals("ok", alpha.ledger().consistencyProof(kept.logSize(), later.logSize())
                .verify(kept.root(), later.root()).reason());
    }

    @Test
    void noConsistencyProofLinksTheTrustedCheckpointToTheForkedHistoryEvenWhereOneSignatureWouldDo() {
        Checkpoint kept = honest(FORK_HEIGHT);
        Checkpoint forked = gamma.ledger().checkpoint(LAST_HEIGHT);
        assertEquals(kept.logSize(), gamma.ledger().checkpoint(FORK_HEIGHT).logSize(), "the fork keeps the sizes");

        for (Consortium.Node prover : List.of(gamma, alpha)) {
            LightClient client = clientTrusting(kept, 1);

            Refused r = assertInstanceOf(Refused.class, client.offer(forked, prover.source()));

            assertEquals(Reason.NOT_AN_EXTENSION, r.reason(), "proof from " + prover.org().name());
            assertTrue(r.detail().startsWith("the consistency proof from the trusted checkpoint (height "
                    + FORK_HEIGHT + ", " + kept.logSize() + " entries) fails: "), r.detail());
            assertEquals(Optional.of(kept), client.trusted(), "a refused checkpoint changes nothing");
        }
    }

    @Test
    void theForkedBlockAtTheTrustedHeightIsAnotherHistory() {
        Checkpoint kept = honest(FORK_HEIGHT);

        Refused r = assertInstanceOf(Refused.class,
                clientTrusting(kept, 1).offer(gamma.ledger().checkpoint(FORK_HEIGHT), Optional.empty()));

        assertEquals(Reason.NOT_AN_EXTENSION, r.reason());
        assertTrue(r.detail().endsWith("another history"), r.detail());
    }

    @Test
    void aClientNeitherGoesBackNorMovesOnWithoutAProofThatFitsItsCheckpoint() {
        Checkpoint kept = honest(4);
        LightClient client = clientTrusting(kept, 2);
        Checkpoint later = honest(LAST_HEIGHT);
        ConsistencyProof wrongSizes = alpha.ledger().consistencyProof(honest(2).logSize(), later.logSize());

        Refused older = assertInstanceOf(Refused.class, client.offer(honest(2), Optional.empty()));
        Refused unproven = assertInstanceOf(Refused.class, client.offer(later, Optional.empty()));
        Refused misfit = assertInstanceOf(Refused.class, client.offer(later, Optional.of(wrongSizes)));

        assertEquals("height 2 is below the trusted checkpoint (height 4, " + kept.logSize() + " entries)",
                older.detail());
        assertTrue(unproven.detail().startsWith("no consistency proof from the trusted checkpoint"),
                unproven.detail());
        assertTrue(misfit.detail().startsWith("the consistency proof runs from " + wrongSizes.size1() + " to "),
                misfit.detail());
        assertEquals(Optional.of(kept), client.trusted());
        assertTrue(client.offer(kept, Optional.empty()).accepted(), "the kept block itself is no news, but fine");
    }

    @Test
    void aClientThatTrustsNothingYetTakesTheFirstCheckpointOnItsSignatures() {
        LightClient client = new LightClient(consortium.trust(2), Signatures.fastest());

        assertFalse(client.offer(gamma.ledger().checkpoint(LAST_HEIGHT), Optional.empty()).accepted());
        assertTrue(client.offer(honest(FORK_HEIGHT), Optional.empty()).accepted());
        assertEquals(FORK_HEIGHT, client.trusted().orElseThrow().height());
    }

    @Test
    void peersThatFailStallOrAnswerUnsignedAreReportedAndTheOthersStillCount() {
        CountDownLatch never = new CountDownLatch(1);
        CheckpointSource failing = new Peer("delta") {
            @Override
            public Checkpoint checkpoint(long height) {
                throw new LedgerException("connection refused");
            }
        };
        CheckpointSource stalled = new Peer("epsilon") {
            @Override
            public Checkpoint checkpoint(long height) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new LedgerException("interrupted");
            }
        };
        SigningKey stranger = SigningKey.generate();
        CheckpointSource unsigned = new Peer("zeta") {
            @Override
            public Checkpoint checkpoint(long height) {
                Checkpoint c = alpha.ledger().checkpoint(height);
                return new Checkpoint(c.chainId(), c.header(), List.of())
                        .signedBy("zeta", stranger).signedBy("zeta", stranger);
            }
        };
        try {
            Collected c = new CheckpointCollector(Signatures.fastest(), Duration.ofMillis(500)).collect(2,
                    alpha.source(), List.of(failing, stalled, beta.source(), unsigned));

            assertEquals(List.of("alpha", "beta", "zeta"), c.signers(),
                    "a valid seal by any key counts here; the reader's trusted keys decide what it is worth");
            assertEquals(List.of("delta", "epsilon"), c.unanswered().stream()
                    .map(CheckpointCollector.Unanswered::organisation).toList());
            assertEquals("failed: connection refused", c.unanswered().get(0).reason());
            assertEquals("no answer within 500 ms", c.unanswered().get(1).reason());
            assertEquals("ok", c.checkpoint().verify(consortium.trust(2), Signatures.fastest()).reason());
        } finally {
            never.countDown();
        }
    }

    @Test
    void aLocalNodeWithoutTheBlockCannotBeTheReference() {
        LedgerException e = assertThrows(LedgerException.class, () -> collect(LAST_HEIGHT + 1, alpha, beta));

        assertTrue(e.getMessage().startsWith("the local node (alpha) has no checkpoint at height 6: "),
                e.getMessage());
    }

    /** A peer reached some other way; only its checkpoint answer matters to these tests. */
    private abstract static class Peer implements CheckpointSource {
        private final String organisation;

        Peer(String organisation) {
            this.organisation = organisation;
        }

        @Override
        public String organisation() {
            return organisation;
        }

        @Override
        public long height() {
            return LAST_HEIGHT;
        }

        @Override
        public ConsistencyProof consistencyProof(long size1, long size2) {
            throw new LedgerException("not asked in these tests");
        }
    }
}
