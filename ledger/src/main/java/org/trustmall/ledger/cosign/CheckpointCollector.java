package org.trustmall.ledger.cosign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.crypto.PublicKey;
import org.trustmall.ledger.crypto.SignatureVerifier;

/**
 * Gathers the nodes' seals for one height into a co-signed {@link Checkpoint}. The local node's block at that height
 * is the reference: a peer's signatures are kept only when the peer holds the very same header (same chain, same
 * block hash) and they verify over it; a peer with a different block at that height is reported as
 * {@link Forked} — it has another history — and a peer that fails, times out or answers without a valid signature as
 * {@link Unanswered}. Whether the result is enough to believe is for the reader's threshold to decide
 * ({@link Checkpoint#verify} or a {@link LightClient}); the collector only assembles and reports.
 *
 * <p>Peers are asked concurrently, each on its own virtual thread, and the collector waits for all of them at most
 * the timeout given. Thread-safe and stateless.
 */
public final class CheckpointCollector {
    private final SignatureVerifier verifier;
    private final Duration timeout;

    /**
     * @param verifier checks each seal before it is kept
     * @param timeout  how long to wait for all peers together before reporting the rest as unanswered
     */
    public CheckpointCollector(SignatureVerifier verifier, Duration timeout) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        this.timeout = timeout;
    }

    /** A peer with a different block (or chain) at the height asked for: its checkpoint as it answered. */
    public record Forked(String organisation, Checkpoint theirs) {
    }

    /** A peer whose seal could not be had, and why. */
    public record Unanswered(String organisation, String reason) {
    }

    /**
     * The outcome of one collection.
     *
     * @param checkpoint the local node's header with every valid seal over it, the local node's first
     * @param forked     peers that hold a different block at that height
     * @param unanswered peers that did not give a valid seal
     */
    public record Collected(Checkpoint checkpoint, List<Forked> forked, List<Unanswered> unanswered) {
        public Collected {
            Objects.requireNonNull(checkpoint, "checkpoint");
            forked = List.copyOf(forked);
            unanswered = List.copyOf(unanswered);
        }

        /** The organisations whose seals the checkpoint carries, in order. */
        public List<String> signers() {
            return checkpoint.signatures().stream().map(Checkpoint.Signature::organisation).toList();
        }
    }

    /**
     * Collects the seals for {@code height}. The local node must answer with a validly sealed block (it is the
     * reference); otherwise this throws a {@link LedgerException}.
     */
    public Collected collect(long height, CheckpointSource local, List<CheckpointSource> peers) {
        Checkpoint reference;
        try {
            reference = local.checkpoint(height);
        } catch (RuntimeException e) {
            throw new LedgerException("the local node (" + local.organisation() + ") has no checkpoint at height "
                    + height + ": " + e.getMessage(), e);
        }
        Map<PublicKey, Checkpoint.Signature> seals = new LinkedHashMap<>();
        if (keepValid(reference, reference, seals) == 0) {
            throw new LedgerException("the local node (" + local.organisation() + ") has no valid seal at height "
                    + height);
        }
        List<Forked> forked = new ArrayList<>();
        List<Unanswered> unanswered = new ArrayList<>();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Checkpoint>> answers = new ArrayList<>(peers.size());
            for (CheckpointSource peer : peers) {
                answers.add(threads.submit(() -> peer.checkpoint(height)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int i = 0; i < peers.size(); i++) {
                String org = peers.get(i).organisation();
                Checkpoint theirs;
                try {
                    theirs = answers.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    answers.get(i).cancel(true);
                    unanswered.add(new Unanswered(org, "no answer within " + timeout.toMillis() + " ms"));
                    continue;
                } catch (ExecutionException e) {
                    unanswered.add(new Unanswered(org, "failed: " + e.getCause().getMessage()));
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LedgerException("interrupted while collecting checkpoint seals");
                }
                if (theirs == null) {
                    unanswered.add(new Unanswered(org, "answered nothing"));
                } else if (theirs.height() != height) {
                    unanswered.add(new Unanswered(org, "answered with height " + theirs.height() + ", not "
                            + height));
                } else if (!theirs.chainId().equals(reference.chainId())
                        || !theirs.blockHash().equals(reference.blockHash())) {
                    forked.add(new Forked(org, theirs));
                } else if (keepValid(reference, theirs, seals) == 0) {
                    unanswered.add(new Unanswered(org, "answered without a valid seal over block "
                            + reference.blockHash().hex()));
                }
            }
        } finally {
            // Not close(): that would wait for a peer that never answers.
            threads.shutdownNow();
        }
        return new Collected(new Checkpoint(reference.chainId(), reference.header(), List.copyOf(seals.values())),
                forked, unanswered);
    }

    /** Adds the signatures of {@code answer} that verify over the reference block; returns how many did. */
    private int keepValid(Checkpoint reference, Checkpoint answer, Map<PublicKey, Checkpoint.Signature> seals) {
        byte[] message = reference.signingMessage();
        int valid = 0;
        for (Checkpoint.Signature s : answer.signatures()) {
            if (verifier.verify(s.key(), message, s.signature())) {
                seals.putIfAbsent(s.key(), s);
                valid++;
            }
        }
        return valid;
    }
}
