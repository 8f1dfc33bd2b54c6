package org.trustmall.ledger.cosign;

import java.util.Objects;
import java.util.Optional;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.cosign.CheckpointVerdict.Accepted;
import org.trustmall.ledger.cosign.CheckpointVerdict.Reason;
import org.trustmall.ledger.cosign.CheckpointVerdict.Refused;
import org.trustmall.ledger.crypto.SignatureVerifier;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.merkle.ConsistencyProof;

/**
 * A client that follows the ledger without holding it: it keeps the last checkpoint it trusted and moves on to a new
 * one only when (1) the new one is for the trusted chain, (2) at least the threshold of distinct trusted
 * organisations signed it ({@link TrustedKeys#threshold()}, the k of k-of-n) and (3) an RFC 9162 consistency proof
 * shows the log it commits to to extend the kept one — so a node that shows this client a history different from
 * what it saw before is caught, whoever signed. The first checkpoint is taken on its signatures alone.
 *
 * <p>A light client catches a node that contradicts what the client itself saw; a node that forked before the
 * client's kept checkpoint but agrees with it since is caught by comparing nodes ({@link CheckpointCollector}).
 *
 * <p>Thread-safe: {@link #offer} is atomic, and the kept checkpoint only ever moves forward.
 */
public final class LightClient {
    private final TrustedKeys trust;
    private final SignatureVerifier verifier;
    private Checkpoint kept;

    /** A client that trusts nothing yet: its first accepted checkpoint needs only the signatures. */
    public LightClient(TrustedKeys trust, SignatureVerifier verifier) {
        this(trust, verifier, null);
    }

    /** A client that already trusts {@code kept} (e.g. read back from its own storage), unchecked. */
    public LightClient(TrustedKeys trust, SignatureVerifier verifier, Checkpoint kept) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.kept = kept;
    }

    /** The checkpoint trusted now, if any. */
    public synchronized Optional<Checkpoint> trusted() {
        return Optional.ofNullable(kept);
    }

    /**
     * Judges {@code next} against the kept checkpoint and, when accepted, keeps it. {@code proof} must run from the
     * kept checkpoint's log size to {@code next}'s; it may be absent when nothing is kept yet or {@code next} is the
     * kept block itself.
     */
    public synchronized CheckpointVerdict offer(Checkpoint next, Optional<ConsistencyProof> proof) {
        CheckpointVerdict verdict = judge(next, proof);
        if (verdict instanceof Accepted a) {
            kept = a.checkpoint();
        }
        return verdict;
    }

    /**
     * Offers {@code next} with a consistency proof fetched from {@code prover} (any node: the proof is checked, not
     * believed). A prover that cannot give one leaves the checkpoint refused.
     */
    public CheckpointVerdict offer(Checkpoint next, CheckpointSource prover) {
        Optional<Checkpoint> from = trusted();
        if (from.isEmpty() || from.get().logSize() >= next.logSize()) {
            return offer(next, Optional.empty());
        }
        ConsistencyProof proof;
        try {
            proof = prover.consistencyProof(from.get().logSize(), next.logSize());
        } catch (RuntimeException e) {
            return new Refused(Reason.NOT_AN_EXTENSION, prover.organisation() + " gave no consistency proof from "
                    + from.get().logSize() + " to " + next.logSize() + " entries: " + e.getMessage());
        }
        return offer(next, Optional.of(proof));
    }

    /** What {@link #offer} would answer, without keeping anything. */
    public synchronized CheckpointVerdict judge(Checkpoint next, Optional<ConsistencyProof> proof) {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(proof, "proof");
        if (trust.chainId().isPresent() && !trust.chainId().get().equals(next.chainId())) {
            return new Refused(Reason.OTHER_CHAIN, "checkpoint is for chain " + next.chainId().hex()
                    + ", not the trusted chain " + trust.chainId().get().hex());
        }
        if (kept != null && !kept.chainId().equals(next.chainId())) {
            return new Refused(Reason.OTHER_CHAIN, "checkpoint is for chain " + next.chainId().hex()
                    + ", not the chain " + kept.chainId().hex() + " of the trusted checkpoint");
        }
        Check signed = next.verify(trust, verifier);
        if (!signed.ok()) {
            return new Refused(Reason.TOO_FEW_SIGNATURES, signed.reason());
        }
        if (kept == null) {
            return new Accepted(next);
        }
        Check extension = extendsKept(next, proof);
        return extension.ok() ? new Accepted(next) : new Refused(Reason.NOT_AN_EXTENSION, extension.reason());
    }

    private Check extendsKept(Checkpoint next, Optional<ConsistencyProof> proof) {
        String was = "the trusted checkpoint (height " + kept.height() + ", " + kept.logSize() + " entries)";
        if (next.height() < kept.height()) {
            return Check.failed("height " + next.height() + " is below " + was);
        }
        if (next.height() == kept.height()) {
            return next.blockHash().equals(kept.blockHash()) ? Check.passed()
                    : Check.failed("block " + next.blockHash().hex() + " at height " + next.height()
                    + " differs from " + was + ", block " + kept.blockHash().hex() + ": another history");
        }
        if (next.logSize() <= kept.logSize()) {
            // Every block after genesis adds at least one entry, so a higher block with no more entries is not ours.
            return Check.failed("height " + next.height() + " has " + next.logSize() + " entries, not more than "
                    + was);
        }
        if (proof.isEmpty()) {
            return Check.failed("no consistency proof from " + was + " to " + next.logSize() + " entries");
        }
        ConsistencyProof p = proof.get();
        if (p.size1() != kept.logSize() || p.size2() != next.logSize()) {
            return Check.failed("the consistency proof runs from " + p.size1() + " to " + p.size2()
                    + " entries, not from " + kept.logSize() + " to " + next.logSize());
        }
        Check consistent = p.verify(kept.root(), next.root());
        return consistent.ok() ? consistent
                : Check.failed("the consistency proof from " + was + " fails: " + consistent.reason());
    }
}
