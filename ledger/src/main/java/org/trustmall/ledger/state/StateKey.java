package org.trustmall.ledger.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.trustmall.ledger.crypto.Hash;

/** A key of the world state: a contract's id and a key in that contract's own namespace. */
public record StateKey(String contract, String key) {

    public StateKey {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(key, "key");
    }

    /** SHA-256(contract | 0x00 | key): the key's position in the state tree. */
    public Hash hash() {
        MessageDigest md = Hash.sha256Digest();
        md.update(contract.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(key.getBytes(StandardCharsets.UTF_8));
        return Hash.finish(md);
    }
}
