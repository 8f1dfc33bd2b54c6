package org.trustmall.ledger.block;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.trustmall.ledger.crypto.Hash;

/**
 * What a block commits to. Its hash is SHA-256 of the fixed 157-byte encoding below; the signature that seals a
 * block lies outside the hash, so every node of a consortium computes the same hash for the same block and signs it
 * with its own key.
 *
 * <pre>
 * version (1) | height (8) | previous block hash (32) | log size after the block (8) | transaction count (4)
 * | Merkle root of the log at that size (32) | state root (32) | results hash (32) | timestamp ms (8)
 * </pre>
 */
public record BlockHeader(long height, Hash previous, long logSize, int transactionCount, Hash merkleRoot,
                          Hash stateRoot, Hash resultsHash, long timestamp) {
    public static final int VERSION = 1;
    public static final int ENCODED_LENGTH = 1 + 8 + 32 + 8 + 4 + 32 + 32 + 32 + 8;
    private static final byte[] SIGNING_DOMAIN = "TrustMall block v1\0".getBytes(StandardCharsets.US_ASCII);

    public BlockHeader {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(merkleRoot, "merkleRoot");
        Objects.requireNonNull(stateRoot, "stateRoot");
        Objects.requireNonNull(resultsHash, "resultsHash");
        if (height < 0 || logSize < 0 || transactionCount < 0) {
            throw new IllegalArgumentException("negative height, size or count");
        }
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(ENCODED_LENGTH);
        writeTo(b);
        return b.array();
    }

    public void writeTo(ByteBuffer b) {
        b.put((byte) VERSION).putLong(height).put(previous.bytes()).putLong(logSize).putInt(transactionCount)
                .put(merkleRoot.bytes()).put(stateRoot.bytes()).put(resultsHash.bytes()).putLong(timestamp);
    }

    /** Reads a header from {@code b}'s position; see {@link #ENCODED_LENGTH}. */
    public static BlockHeader decode(ByteBuffer b) {
        return readFrom(b);
    }

    static BlockHeader readFrom(ByteBuffer b) {
        int version = b.get() & 0xff;
        if (version != VERSION) {
            throw new MalformedBlockException("unsupported block version " + version);
        }
        long height = b.getLong();
        Hash previous = hash(b);
        long logSize = b.getLong();
        int count = b.getInt();
        Hash merkle = hash(b);
        Hash state = hash(b);
        Hash results = hash(b);
        long timestamp = b.getLong();
        if (height < 0 || logSize < 0 || count < 0) {
            throw new MalformedBlockException("negative height, log size or transaction count");
        }
        return new BlockHeader(height, previous, logSize, count, merkle, state, results, timestamp);
    }

    public Hash hash() {
        return Hash.sha256(encode());
    }

    /** The bytes a node signs to seal this block: a domain tag, the chain id and the block hash. */
    public static byte[] signingMessage(Hash chainId, Hash blockHash) {
        ByteBuffer b = ByteBuffer.allocate(SIGNING_DOMAIN.length + 64);
        b.put(SIGNING_DOMAIN).put(chainId.bytes()).put(blockHash.bytes());
        return b.array();
    }

    private static Hash hash(ByteBuffer b) {
        byte[] h = new byte[Hash.LENGTH];
        b.get(h);
        return Hash.of(h);
    }
}
