package org.trustmall.ledger.block;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.PublicKey;
import org.trustmall.ledger.crypto.SignatureVerifier;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.identity.TrustedKeys;

/**
 * A signed statement "at height h the log had {@code logSize} entries with this root, and the block there has this
 * hash". It carries the block header itself, so a client recomputes the block hash and reads size and root from
 * what was signed; the signatures are the organisations' seals over (chain id, block hash) — the same signature
 * that seals the block on disk, so every stored block is a checkpoint. A client keeps the last checkpoint it
 * trusted and later asks for a consistency proof from it to a newer one; a node that shows it a different history
 * cannot produce that proof. A client believes a checkpoint once the threshold of its {@link TrustedKeys} signed it.
 */
public record Checkpoint(Hash chainId, BlockHeader header, List<Signature> signatures) {

    public Checkpoint {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(header, "header");
        signatures = List.copyOf(signatures);
    }

    /** One organisation's signature over {@link #signingMessage()}. */
    public record Signature(String organisation, PublicKey key, byte[] signature) {
        public Signature {
            Objects.requireNonNull(organisation, "organisation");
            Objects.requireNonNull(key, "key");
            if (signature.length != Signatures.SIGNATURE_LENGTH) {
                throw new IllegalArgumentException("a checkpoint signature has 64 bytes");
            }
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    public long height() {
        return header.height();
    }

    public long logSize() {
        return header.logSize();
    }

    public Hash root() {
        return header.merkleRoot();
    }

    public Hash blockHash() {
        return header.hash();
    }

    public byte[] signingMessage() {
        return BlockHeader.signingMessage(chainId, header.hash());
    }

    /** This checkpoint with one more signature, by {@code organisation}'s key. */
    public Checkpoint signedBy(String organisation, SigningKey key) {
        List<Signature> all = new ArrayList<>(signatures);
        all.add(new Signature(organisation, key.publicKey(), key.sign(signingMessage())));
        return new Checkpoint(chainId, header, all);
    }

    /**
     * Passes when at least {@code trust.threshold()} distinct trusted organisations signed it validly and, where
     * the trusted keys name a chain, it belongs to that chain. Signatures by keys outside the trusted set are
     * never counted.
     */
    public Check verify(TrustedKeys trust, SignatureVerifier verifier) {
        if (trust.chainId().isPresent() && !trust.chainId().get().equals(chainId)) {
            return Check.failed("checkpoint is for chain " + chainId.hex() + ", not the trusted chain "
                    + trust.chainId().get().hex());
        }
        byte[] message = signingMessage();
        Set<String> signed = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Signature s : signatures) {
            Organisation org = trust.byKey(s.key()).orElse(null);
            if (org == null) {
                problems.add("signature by untrusted key " + s.key().shortId());
            } else if (!verifier.verify(s.key(), message, s.signature)) {
                problems.add("invalid signature by " + org.name());
            } else {
                signed.add(org.name());
            }
        }
        if (signed.size() >= trust.threshold()) {
            return Check.passed();
        }
        return Check.failed("checkpoint has " + signed.size() + " valid trusted signature(s), " + trust.threshold()
                + " required" + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")"));
    }
}
