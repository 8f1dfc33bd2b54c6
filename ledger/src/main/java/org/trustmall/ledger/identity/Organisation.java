package org.trustmall.ledger.identity;

import java.util.Objects;
import org.trustmall.ledger.crypto.PublicKey;

/** A member organisation of the ledger and its own Ed25519 key, which seals blocks and signs checkpoints. */
public record Organisation(String name, PublicKey key) {
    public Organisation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        if (!name.matches("[a-z][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("organisation name must be 1-63 characters of a-z, 0-9 and '-', "
                    + "starting with a letter: " + name);
        }
    }
}
