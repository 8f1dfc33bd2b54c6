package org.trustmall.ledger.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.crypto.Hash;

/**
 * The record of which blocks were acknowledged. A block is written to its segment and synced, then its commit
 * record is appended here and synced, and only then are its transactions acknowledged. So after a crash, a block
 * without a commit record was never acknowledged and may be cut, while a block with one must be present and intact:
 * a truncated or damaged segment cannot pass for a harmless torn tail.
 *
 * <pre>
 * file   = "TMCOMMIT" | format version (u32) | CRC32C of the previous 12 bytes (u32) | record*
 * record = height (u64) | log size (u64) | block hash (32) | CRC32C of the previous 48 bytes (u32)
 * </pre>
 *
 * The file is extended with zeros ahead of the records (as segments are, see {@link SegmentStore}); an all-zero
 * record marks the end, and only zeros may follow it.
 *
 * <p>Threading: one thread appends; not for concurrent use.
 */
public final class CommitLog implements AutoCloseable {
    static final byte[] MAGIC = "TMCOMMIT".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    static final int HEADER_LENGTH = 16;
    static final int RECORD_LENGTH = 52;
    static final int GROWTH_BYTES = RECORD_LENGTH * 1260;

    /** One acknowledged block. */
    public record Commit(long height, long logSize, Hash blockHash) {
    }

    /** The readable records in order, and where reading stopped if something was wrong. */
    public record Scan(List<Commit> commits, Optional<Damage> damage) {
    }

    private final Path file;
    private final FileChannel channel;
    private long size;
    private long allocated;

    private CommitLog(Path file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.allocated = size;
    }

    public static Scan scan(Path file) {
        List<Commit> commits = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Scan(commits, Optional.of(new Damage(file, 0, "commit log is missing", false)));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_LENGTH) {
                return new Scan(commits, Optional.of(new Damage(file, 0, "commit log header is incomplete", true)));
            }
            ByteBuffer all = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 8));
            while (all.hasRemaining() && ch.read(all, all.position()) >= 0) {
                // keep reading
            }
            byte[] b = all.array();
            if (!Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                return new Scan(commits, Optional.of(new Damage(file, 0, "not a commit log (bad magic)", false)));
            }
            if (crc(b, 0, 12) != all.getInt(12)) {
                return new Scan(commits, Optional.of(new Damage(file, 12, "commit log header checksum mismatch",
                        false)));
            }
            if (all.getInt(8) != FORMAT_VERSION) {
                return new Scan(commits, Optional.of(new Damage(file, 8, "unsupported commit log version "
                        + all.getInt(8), false)));
            }
            int at = HEADER_LENGTH;
            while (at < b.length) {
                if (firstNonZero(b, at, Math.min(b.length, at + RECORD_LENGTH)) < 0) {
                    // An all-zero record is the end; only zero padding may follow.
                    int junk = firstNonZero(b, at, b.length);
                    return new Scan(commits, junk < 0 ? Optional.empty() : Optional.of(new Damage(file, junk,
                            "unexpected bytes after the last commit record", true)));
                }
                if (b.length - at < RECORD_LENGTH) {
                    return new Scan(commits, Optional.of(new Damage(file, at, "commit record is incomplete", true)));
                }
                if (crc(b, at, 48) != all.getInt(at + 48)) {
                    boolean tail = firstNonZero(b, at + RECORD_LENGTH, b.length) < 0;
                    return new Scan(commits, Optional.of(new Damage(file, at, "commit record checksum mismatch",
                            tail)));
                }
                Commit c = new Commit(all.getLong(at), all.getLong(at + 8), Hash.of(b, at + 16));
                if (c.height() != commits.size()) {
                    return new Scan(commits, Optional.of(new Damage(file, at, "commit record for height "
                            + c.height() + " where height " + commits.size() + " was expected", false)));
                }
                commits.add(c);
                at += RECORD_LENGTH;
            }
            return new Scan(commits, Optional.empty());
        } catch (IOException e) {
            return new Scan(commits, Optional.of(new Damage(file, 0, "cannot read: " + e.getMessage(), false)));
        }
    }

    /** Opens for appending after the first {@code keep} records; later (unacknowledged) bytes are cut. */
    public static CommitLog openForAppend(Path file, int keep) {
        try {
            boolean fresh = !Files.exists(file) || Files.size(file) < HEADER_LENGTH;
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (fresh) {
                ch.truncate(0);
                ByteBuffer h = ByteBuffer.allocate(HEADER_LENGTH);
                h.put(MAGIC).putInt(FORMAT_VERSION);
                h.putInt(crc(h.array(), 0, 12));
                h.flip();
                writeFully(ch, h, 0);
                keep = 0;
            }
            long end = HEADER_LENGTH + (long) keep * RECORD_LENGTH;
            if (ch.size() > end) {
                ch.truncate(end);
            }
            ch.force(true);
            SegmentStore.syncDirectory(file.toAbsolutePath().getParent());
            return new CommitLog(file, ch, end);
        } catch (IOException e) {
            throw new LedgerException("cannot open the commit log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends records and syncs them: after this returns, those blocks count as acknowledged. */
    public void append(List<Commit> commits) {
        ByteBuffer b = ByteBuffer.allocate(commits.size() * RECORD_LENGTH);
        for (Commit c : commits) {
            int start = b.position();
            b.putLong(c.height()).putLong(c.logSize()).put(c.blockHash().bytes());
            b.putInt(crc(b.array(), start, 48));
        }
        b.flip();
        try {
            long needed = size + b.remaining();
            if (needed > allocated) {
                long to = Math.max(needed, allocated + GROWTH_BYTES);
                ByteBuffer zeros = ByteBuffer.allocate((int) (to - allocated));
                writeFully(channel, zeros, allocated);
                allocated = to;
            }
            writeFully(channel, b, size);
            channel.force(false);
            size += (long) commits.size() * RECORD_LENGTH;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the commit log " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing left to do: every append was synced before it returned.
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            at += ch.write(b, at);
        }
    }

    private static int firstNonZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    private static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }
}
