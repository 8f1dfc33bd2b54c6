package org.trustmall.ledger.proof;

import java.util.Objects;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SignatureVerifier;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.merkle.InclusionProof;
import org.trustmall.ledger.merkle.MerkleHashes;
import org.trustmall.ledger.tx.Transaction;

/**
 * Everything needed to check, with no ledger at hand, that a transaction is in the log: the transaction's own
 * bytes, its RFC 9162 inclusion proof, and the checkpoint (signed by the organisations) whose root the proof
 * leads to. Only what the proof covers is in here — the transaction, its leaf index and the checkpoint.
 */
public record ProofBundle(Transaction transaction, InclusionProof inclusion, Checkpoint checkpoint) {

    public ProofBundle {
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(inclusion, "inclusion");
        Objects.requireNonNull(checkpoint, "checkpoint");
    }

    public Hash leafHash() {
        return MerkleHashes.leafHash(transaction.encoded());
    }

    /**
     * Checks, in order: the checkpoint's signatures against the trusted keys; that the proof is for the
     * checkpoint's tree size; the hash path from the transaction's leaf to the checkpoint's root; that the
     * transaction belongs to the checkpoint's chain and carries a valid signature.
     */
    public Check verify(TrustedKeys trust, SignatureVerifier verifier) {
        Check signatures = checkpoint.verify(trust, verifier);
        if (!signatures.ok()) {
            return signatures;
        }
        if (inclusion.treeSize() != checkpoint.logSize()) {
            return Check.failed("the proof is for a tree of " + inclusion.treeSize() + " entries but the checkpoint"
                    + " is for " + checkpoint.logSize());
        }
        Check path = inclusion.verify(leafHash(), checkpoint.root());
        if (!path.ok()) {
            return Check.failed("inclusion proof does not lead to the checkpoint's root: " + path.reason());
        }
        if (!transaction.chainId().equals(checkpoint.chainId())) {
            return Check.failed("the transaction is for another chain");
        }
        if (!transaction.signatureValid(verifier)) {
            return Check.failed("the transaction's signature is invalid");
        }
        return Check.passed();
    }
}
