package org.trustmall.ledger.merkle;

import java.util.Arrays;

import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.crypto.Hash;

/**
 * A growable array of 32-byte hashes kept as raw bytes in fixed-size chunks, so that tens of millions of hashes cost
 * their 32 bytes each and growing never copies more than one chunk.
 *
 * <p>Threading: one writer calls {@link #writableChunk} and {@link #retain}; readers call {@link #chunk} only for
 * entries that the writer published through a volatile write after storing them (see {@link MerkleLog}). The chunk
 * directory is copy-on-write and published through a volatile field, so a reader that sees a directory also sees every
 * chunk reference and every chunk copy in it; the directory array itself is never written after it is published.
 */
final class HashColumn {
    private static final byte[][] NO_CHUNKS = new byte[0][];
    /** Hashes in a first chunk when it is allocated; it doubles from there. */
    private static final int FIRST_CHUNK_HASHES = 8;

    private final int shift;
    private final long mask;
    private final int chunkBytes;
    private volatile byte[][] chunks = NO_CHUNKS;

    /** @param log2HashesPerChunk chunks hold 2^log2HashesPerChunk hashes */
    HashColumn(int log2HashesPerChunk) {
        this.shift = log2HashesPerChunk;
        this.mask = (1L << log2HashesPerChunk) - 1;
        this.chunkBytes = Hash.LENGTH << log2HashesPerChunk;
    }

    /** The chunk holding entry {@code index}, which must be stored already (for readers: published). */
    byte[] chunk(long index) {
        return chunks[(int) (index >>> shift)];
    }

    /** Where entry {@code index} starts in its chunk. */
    int offset(long index) {
        return (int) (index & mask) * Hash.LENGTH;
    }

    /**
     * The chunk to store entry {@code index} in, grown or added as needed. Writer only; entries are written in
     * order, so {@code index} is at most one past the last entry kept.
     */
    byte[] writableChunk(long index) {
        long chunkIndex = index >>> shift;
        byte[][] directory = chunks;
        if (chunkIndex < directory.length) {
            byte[] chunk = directory[(int) chunkIndex];
            if (offset(index) + Hash.LENGTH <= chunk.length) {
                return chunk;
            }
        }
        return grow(chunkIndex, offset(index) + Hash.LENGTH);
    }

    private byte[] grow(long chunkIndex, int bytesNeeded) {
        if (chunkIndex >= Integer.MAX_VALUE - 8) {
            throw new LedgerException("the Merkle log is full: a level cannot hold " + chunkIndex + " chunks of "
                    + (chunkBytes / Hash.LENGTH) + " hashes");
        }
        byte[][] directory = chunks;
        int at = (int) chunkIndex;
        byte[][] grown;
        int length;
        if (at == 0) {
            // The first chunk starts small and doubles up to the full chunk size, so the many short upper levels
            // of a tree, and small trees, stay small.
            length = Math.max(at < directory.length ? directory[0].length : 0, Hash.LENGTH * FIRST_CHUNK_HASHES);
            while (length < bytesNeeded) {
                length *= 2;
            }
            length = Math.min(length, chunkBytes);
        } else {
            length = chunkBytes;
        }
        byte[] chunk;
        if (at < directory.length) {
            chunk = Arrays.copyOf(directory[at], length);
            grown = directory.clone();
        } else {
            chunk = new byte[length];
            grown = Arrays.copyOf(directory, at + 1);
        }
        grown[at] = chunk;
        chunks = grown;
        return chunk;
    }

    /** Releases the chunks that lie wholly beyond the first {@code entries} entries. Writer only. */
    void retain(long entries) {
        byte[][] directory = chunks;
        long needed = (entries + mask) >>> shift;
        if (needed < directory.length) {
            chunks = Arrays.copyOf(directory, (int) needed);
        }
    }
}
