package org.trustmall.ledger.state;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.trustmall.ledger.crypto.Hash;

/**
 * The key-value state of every contract, and its root.
 *
 * <p>Threading: one executing thread calls {@link #begin()}, {@link #seal} and {@link #publish}; any thread may
 * call {@link #get}, which sees only published (durable) blocks, each block all or nothing.
 */
public final class WorldState {
    private final Map<StateKey, byte[]> values = new HashMap<>();
    private final StateTree tree = new StateTree();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private Hash root = tree.root();

    /** The committed value, or empty. Returns a copy. */
    public Optional<byte[]> get(StateKey key) {
        lock.readLock().lock();
        try {
            byte[] v = values.get(key);
            return v == null ? Optional.empty() : Optional.of(v.clone());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The root after the last sealed block. */
    public Hash root() {
        return root;
    }

    /** Starts the writes of one block, layered over the committed state. */
    public BlockWrites begin() {
        return new BlockWrites();
    }

    /**
     * Folds a block's writes into the state tree and returns the new root. The values themselves become visible
     * to readers only at {@link #publish}, once the block is durable.
     */
    public Hash seal(BlockWrites block) {
        for (Map.Entry<StateKey, byte[]> e : block.writes.entrySet()) {
            Hash keyHash = e.getKey().hash();
            if (e.getValue() == null) {
                tree.remove(keyHash);
            } else {
                tree.put(keyHash, Hash.sha256(e.getValue()));
            }
        }
        root = tree.root();
        return root;
    }

    /** Makes a sealed block's values visible to readers, atomically. */
    public void publish(BlockWrites block) {
        lock.writeLock().lock();
        try {
            for (Map.Entry<StateKey, byte[]> e : block.writes.entrySet()) {
                if (e.getValue() == null) {
                    values.remove(e.getKey());
                } else {
                    values.put(e.getKey(), e.getValue());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private byte[] committed(StateKey key) {
        lock.readLock().lock();
        try {
            return values.get(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The writes of one block in progress; {@code null} marks a deletion. */
    public final class BlockWrites {
        private final Map<StateKey, byte[]> writes = new LinkedHashMap<>();

        private BlockWrites() {
        }

        /** Starts the writes of one transaction inside this block. */
        public TxWrites beginTransaction() {
            return new TxWrites(this);
        }

        /** The value as this block has it so far (its own writes over the committed state). */
        public Optional<byte[]> get(StateKey key) {
            byte[] v = read(key);
            return v == null ? Optional.empty() : Optional.of(v.clone());
        }

        byte[] read(StateKey key) {
            if (writes.containsKey(key)) {
                return writes.get(key);
            }
            return committed(key);
        }
    }

    /** The writes of one transaction: kept by {@link #commit()}, dropped by simply discarding the object. */
    public static final class TxWrites {
        private final BlockWrites block;
        private final Map<StateKey, byte[]> writes = new LinkedHashMap<>();

        private TxWrites(BlockWrites block) {
            this.block = block;
        }

        public Optional<byte[]> get(StateKey key) {
            byte[] v = writes.containsKey(key) ? writes.get(key) : block.read(key);
            return v == null ? Optional.empty() : Optional.of(v.clone());
        }

        public void put(StateKey key, byte[] value) {
            writes.put(key, value.clone());
        }

        public void delete(StateKey key) {
            writes.put(key, null);
        }

        public void commit() {
            block.writes.putAll(writes);
        }
    }
}
