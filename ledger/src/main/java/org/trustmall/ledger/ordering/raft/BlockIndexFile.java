package org.trustmall.ledger.ordering.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.apache.ratis.server.protocol.TermIndex;
import org.trustmall.ledger.LedgerException;

/**
 * For each block of the ledger after genesis, the Raft log entry (term and index) it was made from. The record for
 * height h is written and synced before block h is committed, so on restart the record at the ledger's height says
 * which entry the ledger's last block came from, and Ratis resumes after it: nothing is applied twice and nothing
 * skipped. Records beyond the ledger's height (a block that was being committed when the node stopped) are ignored
 * and overwritten. Blocks fetched from a peer to catch up carry the peer's record, which is the same on every node.
 *
 * <p>Fixed-size records ({@code height | term | index | crc}) at {@code (height - 1) × 28}; the file grows in steps of
 * zeros so that writing a record overwrites in place and a sync moves data only.
 *
 * <p>Not thread-safe: callers hold the state machine's lock.
 */
final class BlockIndexFile implements AutoCloseable {
    private static final int RECORD = 28;
    private static final long GROWTH = RECORD * 4096L;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(RECORD);
    private long allocated;

    private BlockIndexFile(Path file, FileChannel channel, long allocated) {
        this.file = file;
        this.channel = channel;
        this.allocated = allocated;
    }

    static BlockIndexFile open(Path file) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            return new BlockIndexFile(file, ch, ch.size());
        } catch (IOException e) {
            throw new LedgerException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** The entry block {@code height} was made from, if recorded (never for genesis). */
    Optional<TermIndex> at(long height) {
        if (height < 1 || height * RECORD > allocated) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.allocate(RECORD);
        try {
            long at = (height - 1) * RECORD;
            while (b.hasRemaining()) {
                if (channel.read(b, at + b.position()) < 0) {
                    return Optional.empty();
                }
            }
        } catch (IOException e) {
            throw new LedgerException("cannot read " + file + ": " + e.getMessage(), e);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, RECORD - 4);
        b.flip();
        long h = b.getLong();
        long term = b.getLong();
        long index = b.getLong();
        if (b.getInt() != (int) crc.getValue() || h != height) {
            return Optional.empty();
        }
        return Optional.of(TermIndex.valueOf(term, index));
    }

    /** Records, durably, that block {@code height} is made from entry {@code (term, index)}. */
    void record(long height, long term, long index) {
        long at = (height - 1) * RECORD;
        try {
            if (at + RECORD > allocated) {
                long grown = Math.max(allocated, at) + GROWTH;
                channel.write(ByteBuffer.allocate(1), grown - 1);
                channel.force(true);
                allocated = grown;
            }
            buffer.clear();
            buffer.putLong(height).putLong(term).putLong(index);
            CRC32C crc = new CRC32C();
            crc.update(buffer.array(), 0, RECORD - 4);
            buffer.putInt((int) crc.getValue());
            buffer.flip();
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new LedgerException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Every record was synced when written.
        }
    }
}
