package org.trustmall.ledger.ordering.raft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.cosign.CheckpointCollector;
import org.trustmall.ledger.cosign.CheckpointSource;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.PublicKey;
import org.trustmall.ledger.crypto.SignatureVerifier;
import org.trustmall.ledger.merkle.ConsistencyProof;

/**
 * The other nodes' seals over this node's blocks, for the checkpoints the ledger serves. They are collected on demand
 * with a {@link CheckpointCollector}, this node's own checkpoint being the reference (only seals over the very same
 * header count), and kept per height: a block's seals never change, so a height whose peers all answered is never
 * asked again.
 *
 * <p>Waiting is bounded: one collection waits at most the collector's timeout, a peer that did not answer is left
 * alone for the back-off (so a node that is down or cut off costs at most one timeout per back-off, not one per
 * checkpoint), and a height still missing seals is collected again only after the back-off, adding what the peers
 * give then. A peer that holds a different block at a height has another history: it is reported
 * ({@link #forkedPeers}), logged once, and its seals are never counted.
 *
 * <p>Thread-safe: concurrent callers at one height share one collection; while a later one runs for a height,
 * callers take the seals already known.
 */
final class PeerSeals {
    private static final System.Logger LOG = System.getLogger(PeerSeals.class.getName());
    private static final int KEPT_HEIGHTS = 1024;

    private final Function<Hash, List<CheckpointSource>> peers;
    private final CheckpointCollector collector;
    private final long backOffNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Long> quietUntil = new ConcurrentHashMap<>();
    private final Set<String> forked = ConcurrentHashMap.newKeySet();
    private final Map<Long, Kept> kept = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Kept> eldest) {
            return size() > KEPT_HEIGHTS;
        }
    };

    /** What is known of one height's seals. Fields other than the seals are guarded by the {@link PeerSeals}. */
    private static final class Kept {
        final Hash blockHash;
        final Set<String> answered = new HashSet<>();
        volatile List<Checkpoint.Signature> seals = List.of();
        boolean collected;
        boolean complete;
        long retryAt;
        CompletableFuture<List<Checkpoint.Signature>> running;

        Kept(Hash blockHash) {
            this.blockHash = blockHash;
        }
    }

    /**
     * @param peers    the other nodes, as sources for the chain given (called when first needed)
     * @param timeout  the most one collection waits for all peers together
     * @param backOff  how long a peer that did not answer is left alone, and a height missing seals kept as it is
     * @param nanoTime the clock for back-offs ({@code System::nanoTime} but in tests)
     */
    PeerSeals(Function<Hash, List<CheckpointSource>> peers, SignatureVerifier verifier, Duration timeout,
              Duration backOff, LongSupplier nanoTime) {
        this.peers = peers;
        this.collector = new CheckpointCollector(verifier, timeout);
        this.backOffNanos = backOff.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The peers' seals over the block of {@code own}, without this node's own; see the class comment. */
    List<Checkpoint.Signature> of(Checkpoint own) {
        if (own.height() == 0) {
            return List.of(); // every node holds the genesis with the founder's seal, and only that
        }
        Kept k;
        CompletableFuture<List<Checkpoint.Signature>> mine = null;
        CompletableFuture<List<Checkpoint.Signature>> other = null;
        synchronized (this) {
            k = kept.get(own.height());
            if (k == null || !k.blockHash.equals(own.blockHash())) {
                k = new Kept(own.blockHash());
                kept.put(own.height(), k);
            }
            if (k.complete || (k.collected && nanoTime.getAsLong() - k.retryAt < 0)) {
                return k.seals;
            }
            if (k.running == null) {
                mine = new CompletableFuture<>();
                k.running = mine;
            } else if (k.collected) {
                return k.seals;
            } else {
                other = k.running;
            }
        }
        if (other != null) {
            return other.join(); // the collection under way is bounded by the collector's timeout
        }
        try {
            collect(k, own);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "collecting the peers'' seals at height {0} failed: {1}",
                    own.height(), e.getMessage());
        } finally {
            synchronized (this) {
                k.collected = true;
                k.retryAt = nanoTime.getAsLong() + backOffNanos;
                k.running = null;
            }
            mine.complete(k.seals);
        }
        return k.seals;
    }

    /** The peers that were found to hold a different block than this node at some height. */
    Set<String> forkedPeers() {
        return Set.copyOf(forked);
    }

    private void collect(Kept k, Checkpoint own) {
        List<CheckpointSource> all = peers.apply(own.chainId());
        long now = nanoTime.getAsLong();
        List<CheckpointSource> ask = new ArrayList<>();
        synchronized (this) {
            for (CheckpointSource p : all) {
                Long quiet = quietUntil.get(p.organisation());
                if (!k.answered.contains(p.organisation()) && (quiet == null || now - quiet >= 0)) {
                    ask.add(p);
                }
            }
        }
        if (ask.isEmpty()) {
            return;
        }
        CheckpointCollector.Collected got = collector.collect(own.height(), new Fixed(own), ask);
        Set<String> silent = new HashSet<>();
        for (CheckpointCollector.Unanswered u : got.unanswered()) {
            silent.add(u.organisation());
            quietUntil.put(u.organisation(), now + backOffNanos);
        }
        for (CheckpointCollector.Forked f : got.forked()) {
            if (forked.add(f.organisation())) {
                LOG.log(System.Logger.Level.WARNING, "node {0} holds block {1} at height {2} where this node holds"
                        + " {3}: it has another history, and its seals are not counted", f.organisation(),
                        f.theirs().blockHash().hex(), own.height(), own.blockHash().hex());
            }
        }
        Set<PublicKey> mineKeys = new HashSet<>();
        own.signatures().forEach(s -> mineKeys.add(s.key()));
        synchronized (this) {
            List<Checkpoint.Signature> seals = new ArrayList<>(k.seals);
            Set<PublicKey> known = new HashSet<>(mineKeys);
            seals.forEach(s -> known.add(s.key()));
            for (Checkpoint.Signature s : got.checkpoint().signatures()) {
                if (known.add(s.key())) {
                    seals.add(s);
                }
            }
            k.seals = List.copyOf(seals);
            for (CheckpointSource p : ask) {
                if (!silent.contains(p.organisation())) {
                    k.answered.add(p.organisation()); // with a seal, or forked: asking again changes nothing
                    quietUntil.remove(p.organisation());
                }
            }
            k.complete = all.stream().allMatch(p -> k.answered.contains(p.organisation()));
        }
    }

    /** This node's own checkpoint as the collector's reference, without asking the ledger again. */
    private record Fixed(Checkpoint own) implements CheckpointSource {
        @Override
        public String organisation() {
            return own.signatures().isEmpty() ? "this node" : own.signatures().get(0).organisation();
        }

        @Override
        public long height() {
            return own.height();
        }

        @Override
        public Checkpoint checkpoint(long height) {
            return own;
        }

        @Override
        public ConsistencyProof consistencyProof(long size1, long size2) {
            throw new UnsupportedOperationException("the reference answers its checkpoint only");
        }
    }
}
