package org.trustmall.ledger.ordering.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.block.BlockHeader;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.cosign.CheckpointSource;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.merkle.ConsistencyProof;

/**
 * The peers' seals a node adds to its checkpoints, with the peers faked in process: seals over the same header count,
 * a forked peer's never do, a block's seals are asked for once, and a peer that is away is left alone for the
 * back-off rather than waited for at every checkpoint.
 */
class PeerSealsTest {
    private static final Hash CHAIN = Hash.sha256(new byte[] {'c'});
    private static final Duration BACK_OFF = Duration.ofSeconds(5);
    private static final SigningKey SELF = SigningKey.generate();
    private static final SigningKey B = SigningKey.generate();
    private static final SigningKey C = SigningKey.generate();

    private final AtomicLong now = new AtomicLong();

    private static BlockHeader header(long height, int variant) {
        return new BlockHeader(height, Hash.sha256(new byte[] {(byte) height, (byte) variant, 1}), height * 3, 3,
                Hash.sha256(new byte[] {(byte) height, (byte) variant, 2}),
                Hash.sha256(new byte[] {(byte) height, (byte) variant, 3}),
                Hash.sha256(new byte[] {(byte) height, (byte) variant, 4}), 1_700_000_000_000L + height);
    }

    private static Checkpoint own(long height) {
        return new Checkpoint(CHAIN, header(height, 0), List.of()).signedBy("self", SELF);
    }

    /** A peer answering with {@code answer(height)}, counting the questions. */
    private static final class FakePeer implements CheckpointSource {
        final String name;
        final AtomicInteger asked = new AtomicInteger();
        volatile LongFunction<Checkpoint> answer;

        FakePeer(String name, LongFunction<Checkpoint> answer) {
            this.name = name;
            this.answer = answer;
        }

        static FakePeer sealing(String name, SigningKey key, int variant) {
            return new FakePeer(name, h -> new Checkpoint(CHAIN, header(h, variant), List.of()).signedBy(name, key));
        }

        @Override
        public String organisation() {
            return name;
        }

        @Override
        public long height() {
            return Long.MAX_VALUE;
        }

        @Override
        public Checkpoint checkpoint(long height) {
            asked.incrementAndGet();
            return answer.apply(height);
        }

        @Override
        public ConsistencyProof consistencyProof(long size1, long size2) {
            throw new UnsupportedOperationException();
        }
    }

    private PeerSeals seals(CheckpointSource... peers) {
        return new PeerSeals(chain -> List.of(peers), Signatures.fastest(), Duration.ofSeconds(1), BACK_OFF,
                now::get);
    }

    private static Checkpoint with(Checkpoint own, List<Checkpoint.Signature> peers) {
        List<Checkpoint.Signature> all = new ArrayList<>(own.signatures());
        all.addAll(peers);
        return new Checkpoint(own.chainId(), own.header(), all);
    }

    private static TrustedKeys trust(int k) {
        return new TrustedKeys(Optional.of(CHAIN), List.of(new Organisation("self", SELF.publicKey()),
                new Organisation("b", B.publicKey()), new Organisation("c", C.publicKey())), k);
    }

    @Test
    void theSealsOfPeersHoldingTheSameBlockMakeACheckpointAllThreeSigned() {
        PeerSeals seals = seals(FakePeer.sealing("b", B, 0), FakePeer.sealing("c", C, 0));

        List<Checkpoint.Signature> got = seals.of(own(4));

        assertEquals(Set.of("b", "c"), Set.copyOf(got.stream().map(Checkpoint.Signature::organisation).toList()));
        assertTrue(with(own(4), got).verify(trust(3), Signatures.fastest()).ok());
    }

    @Test
    void aPeerWithAnotherBlockAtTheHeightIsReportedAndItsSealNeverCounted() {
        FakePeer forked = FakePeer.sealing("c", C, 1);
        PeerSeals seals = seals(FakePeer.sealing("b", B, 0), forked);

        List<Checkpoint.Signature> got = seals.of(own(4));
        now.addAndGet(BACK_OFF.toNanos() * 10);
        seals.of(own(4));

        assertEquals(List.of("b"), got.stream().map(Checkpoint.Signature::organisation).toList());
        assertEquals(Set.of("c"), seals.forkedPeers());
        assertTrue(with(own(4), got).verify(trust(2), Signatures.fastest()).ok());
        assertFalse(with(own(4), got).verify(trust(3), Signatures.fastest()).ok());
        assertEquals(1, forked.asked.get(), "its answer at a height does not change: asked once");
    }

    @Test
    void aBlocksSealsAreAskedForOnceAndReused() {
        FakePeer b = FakePeer.sealing("b", B, 0);
        FakePeer c = FakePeer.sealing("c", C, 0);
        PeerSeals seals = seals(b, c);

        List<Checkpoint.Signature> first = seals.of(own(7));
        now.addAndGet(BACK_OFF.toNanos() * 10);
        List<Checkpoint.Signature> again = seals.of(own(7));

        assertEquals(first, again);
        assertEquals(1, b.asked.get());
        assertEquals(1, c.asked.get());
    }

    @Test
    void thePeersOfTheGenesisAreNotAskedForEveryNodeHoldsTheFoundersSealThere() {
        FakePeer b = FakePeer.sealing("b", B, 0);

        assertEquals(List.of(), seals(b).of(own(0)));
        assertEquals(0, b.asked.get());
    }

    @Test
    void aPeerThatDoesNotAnswerIsLeftOutThenLeftAloneForTheBackOffThenAskedAgain() {
        CountDownLatch released = new CountDownLatch(1);
        FakePeer b = FakePeer.sealing("b", B, 0);
        FakePeer c = new FakePeer("c", h -> {
            try {
                released.await(); // a peer cut off: never answers until the collector gives up on it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new LedgerException("cut off");
        });
        PeerSeals seals = seals(b, c);
        try {
            List<Checkpoint.Signature> first = seals.of(own(3));
            List<Checkpoint.Signature> nextBlock = seals.of(own(4));
            assertEquals(List.of("b"), first.stream().map(Checkpoint.Signature::organisation).toList());
            assertEquals(List.of("b"), nextBlock.stream().map(Checkpoint.Signature::organisation).toList());
            assertEquals(1, c.asked.get(), "left alone during the back-off");

            c.answer = h -> new Checkpoint(CHAIN, header(h, 0), List.of()).signedBy("c", C);
            now.addAndGet(BACK_OFF.toNanos() + 1);
            List<Checkpoint.Signature> later = seals.of(own(3));

            assertEquals(Set.of("b", "c"), Set.copyOf(later.stream().map(Checkpoint.Signature::organisation)
                    .toList()));
            assertEquals(2, b.asked.get(), "b was asked once per height; its seal at height 3 was kept");
        } finally {
            released.countDown();
        }
    }

    @Test
    void aPeerBehindOrDownIsLeftOutAndTheOthersStillCount() {
        FakePeer down = new FakePeer("c", h -> {
            throw new LedgerException("node c did not answer: connection refused");
        });
        PeerSeals seals = seals(FakePeer.sealing("b", B, 0), down);

        List<Checkpoint.Signature> got = seals.of(own(9));

        assertTrue(with(own(9), got).verify(trust(2), Signatures.fastest()).ok());
        assertFalse(with(own(9), got).verify(trust(3), Signatures.fastest()).ok());
        assertEquals(Set.of(), seals.forkedPeers());
    }
}
