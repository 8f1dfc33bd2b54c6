package org.trustmall.ledger.ordering.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.trustmall.ledger.LedgerException;

/**
 * A point in the Raft log the ledger has reached as a whole: the term and index of the last entry applied and the
 * ledger's height then. Written when the state machine takes a snapshot (Ratis may then purge the log up to it) and
 * when a node has caught up from a peer's blocks, so that a restarted node resumes after it even where the entries
 * since its last block (which made no block) are no longer in its log.
 *
 * <p>Two fixed slots are written in turn, each with a sequence number and a CRC32C, and read back as the valid slot
 * with the higher sequence; a torn write spoils only the slot being written, never the record before it. Slots are
 * overwritten in place, so a sync moves data only (no file metadata).
 *
 * <p>Not thread-safe: callers hold the state machine's lock.
 */
final class AppliedPoint implements AutoCloseable {
    /** seq (8) | term (8) | index (8) | height (8) | crc (4). */
    private static final int SLOT = 36;

    /** A point as read back. */
    record Record(long sequence, long term, long index, long height) {
    }

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(SLOT);
    private long sequence;

    private AppliedPoint(Path file, FileChannel channel, long sequence) {
        this.file = file;
        this.channel = channel;
        this.sequence = sequence;
    }

    static AppliedPoint open(Path file) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            Optional<Record> last = read(file, ch);
            return new AppliedPoint(file, ch, last.map(Record::sequence).orElse(0L));
        } catch (IOException e) {
            throw new LedgerException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** The last record written completely, if any. */
    Optional<Record> last() {
        try {
            return read(file, channel);
        } catch (IOException e) {
            throw new LedgerException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records that the ledger at {@code height} holds everything up to entry {@code (term, index)}, and syncs it. */
    void write(long term, long index, long height) {
        long seq = sequence + 1;
        buffer.clear();
        buffer.putLong(seq).putLong(term).putLong(index).putLong(height);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, SLOT - 4);
        buffer.putInt((int) crc.getValue());
        buffer.flip();
        try {
            long at = (seq % 2) * SLOT;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new LedgerException("cannot write " + file + ": " + e.getMessage(), e);
        }
        sequence = seq;
    }

    private static Optional<Record> read(Path file, FileChannel ch) throws IOException {
        Record best = null;
        for (int slot = 0; slot < 2; slot++) {
            ByteBuffer b = ByteBuffer.allocate(SLOT);
            long at = (long) slot * SLOT;
            while (b.hasRemaining()) {
                int n = ch.read(b, at + b.position());
                if (n < 0) {
                    break;
                }
            }
            if (b.hasRemaining()) {
                continue;
            }
            CRC32C crc = new CRC32C();
            crc.update(b.array(), 0, SLOT - 4);
            b.flip();
            Record r = new Record(b.getLong(), b.getLong(), b.getLong(), b.getLong());
            if (b.getInt() != (int) crc.getValue() || r.sequence() <= 0) {
                continue;
            }
            if (best == null || r.sequence() > best.sequence()) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing is left to write: every record was synced when written.
        }
    }
}
