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
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.trustmall.ledger.LedgerException;

/**
 * Append-only segment files holding the ledger's entries (one entry per block).
 *
 * <pre>
 * file   = header | entry*                     named %020d.seg by segment number
 * header = "TMLEDGER" | format version (u32) | segment number (u32) | CRC32C of the previous 16 bytes (u32)
 * entry  = payload length (u32) | CRC32C of (length field | payload) (u32) | payload
 * </pre>
 *
 * The segment being written is extended with zeros ahead of the data, {@link #GROWTH_BYTES} at a time, so that
 * most syncs overwrite already-allocated blocks and need no file-system metadata update (measured here: a sync
 * of an overwrite costs a quarter of the CPU of a sync of an append). A length field of zero marks the end of the
 * data; everything after it must be zero, so a byte changed anywhere in a file — data or padding — is detected:
 * in an entry by its checksum, in the padding as bytes after the end (which is also what a crash mid-write leaves,
 * so it is reported as a torn tail). A segment is truncated to its data when the next one is started.
 * {@link #append} writes to the OS; {@link #sync} makes everything appended so far durable.
 *
 * <p>Threading: one thread appends and syncs; {@link #read} may be called concurrently for entries already
 * appended.
 */
public final class SegmentStore implements AutoCloseable {
    static final byte[] MAGIC = "TMLEDGER".getBytes(StandardCharsets.US_ASCII);
    public static final int FORMAT_VERSION = 1;
    static final int HEADER_LENGTH = 20;
    static final int ENTRY_OVERHEAD = 8;
    public static final long DEFAULT_MAX_SEGMENT_BYTES = 64L << 20;
    /** How far ahead of the data a segment is extended with zeros. */
    public static final int GROWTH_BYTES = 4 << 20;
    private static final byte[] ZEROS = new byte[64 << 10];
    /** No entry is this large; a larger length field is damage, not data. */
    static final int MAX_ENTRY_BYTES = 1 << 30;

    /** Where one entry's payload lives. */
    public record Position(int segment, long offset, int length) {
    }

    /** What a scan found: the readable entries in order, and where it stopped if something was wrong. */
    public record Scan(List<Position> entries, Optional<Damage> damage) {
    }

    private final Path dir;
    private final long maxSegmentBytes;
    private final List<FileChannel> channels = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private long currentSize;
    /** Bytes of the current segment file, data plus zero padding. */
    private long allocated;
    private int firstUnsynced;
    private boolean closed;

    private SegmentStore(Path dir, long maxSegmentBytes) {
        this.dir = dir;
        this.maxSegmentBytes = maxSegmentBytes;
    }

    /** Reads every segment without changing anything. */
    public static Scan scan(Path dir) {
        List<Position> entries = new ArrayList<>();
        List<Path> segs = segmentFiles(dir);
        for (int i = 0; i < segs.size(); i++) {
            Path f = segs.get(i);
            boolean last = i == segs.size() - 1;
            if (!f.getFileName().toString().equals(segmentName(i))) {
                return new Scan(entries, Optional.of(new Damage(dir.resolve(segmentName(i)), 0,
                        "segment file is missing (found " + f.getFileName() + " instead)", false)));
            }
            Optional<Damage> d = scanSegment(f, i, last, entries);
            if (d.isPresent()) {
                Damage damage = d.get();
                return new Scan(entries, Optional.of(last ? damage
                        : new Damage(f, damage.offset(), damage.problem() + " (and later segments follow)", false)));
            }
        }
        return new Scan(entries, Optional.empty());
    }

    /**
     * Opens the store for appending after the first {@code keep} entries of {@code scan}: anything after them (a
     * torn tail) is cut off first. The caller decides that cutting is safe.
     */
    public static SegmentStore openForAppend(Path dir, Scan scan, int keep, long maxSegmentBytes) {
        try {
            Files.createDirectories(dir);
            SegmentStore store = new SegmentStore(dir, maxSegmentBytes);
            List<Path> segs = segmentFiles(dir);
            int lastSegment;
            long end;
            if (keep == 0) {
                lastSegment = 0;
                end = HEADER_LENGTH;
            } else {
                Position p = scan.entries().get(keep - 1);
                lastSegment = p.segment();
                end = p.offset() + p.length();
            }
            // Segments wholly beyond the kept entries hold only unacknowledged data; remove them.
            for (int i = segs.size() - 1; i > lastSegment; i--) {
                Files.delete(segs.get(i));
            }
            for (int i = 0; i <= lastSegment; i++) {
                Path f = dir.resolve(segmentName(i));
                boolean newFile = !Files.exists(f) || Files.size(f) < HEADER_LENGTH;
                FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                if (i == lastSegment) {
                    if (newFile) {
                        ch.truncate(0);
                        writeHeader(ch, i);
                        end = HEADER_LENGTH;
                    } else if (ch.size() > end) {
                        ch.truncate(end);
                    }
                    ch.force(true);
                    store.currentSize = end;
                    store.allocated = end;
                }
                store.channels.add(ch);
                store.files.add(f);
            }
            syncDirectory(dir);
            store.firstUnsynced = store.channels.size() - 1;
            return store;
        } catch (IOException e) {
            throw new LedgerException("cannot open the ledger segments in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Appends one entry (not yet durable) and returns where its payload lies. */
    public Position append(byte[] payload) {
        if (closed) {
            throw new LedgerException("the segment store is closed");
        }
        try {
            if (currentSize > HEADER_LENGTH && currentSize + ENTRY_OVERHEAD + payload.length > maxSegmentBytes) {
                roll();
            }
            int segment = channels.size() - 1;
            FileChannel ch = channels.get(segment);
            long needed = currentSize + ENTRY_OVERHEAD + payload.length;
            if (needed > allocated) {
                allocated = extendWithZeros(ch, allocated, Math.max(needed, Math.min(allocated + GROWTH_BYTES,
                        Math.max(maxSegmentBytes, needed))));
            }
            ByteBuffer head = ByteBuffer.allocate(ENTRY_OVERHEAD);
            head.putInt(payload.length);
            CRC32C crc = new CRC32C();
            crc.update(head.array(), 0, 4);
            crc.update(payload);
            head.putInt((int) crc.getValue());
            head.flip();
            ByteBuffer body = ByteBuffer.wrap(payload);
            long position = currentSize;
            long at = position;
            while (head.hasRemaining()) {
                at += ch.write(head, at);
            }
            while (body.hasRemaining()) {
                at += ch.write(body, at);
            }
            currentSize += ENTRY_OVERHEAD + payload.length;
            return new Position(segment, position + ENTRY_OVERHEAD, payload.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + files.get(files.size() - 1), e);
        }
    }

    /** Makes every entry appended so far durable (fdatasync of each file written since the last sync). */
    public void sync() {
        try {
            for (int i = firstUnsynced; i < channels.size(); i++) {
                channels.get(i).force(false);
            }
            firstUnsynced = channels.size() - 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync " + dir, e);
        }
    }

    public byte[] read(Position p) {
        try {
            ByteBuffer b = ByteBuffer.allocate(p.length());
            FileChannel ch = channels.get(p.segment());
            long at = p.offset();
            while (b.hasRemaining()) {
                int n = ch.read(b, at);
                if (n < 0) {
                    throw new LedgerCorruptedException(files.get(p.segment()), p.offset(), "entry ends early");
                }
                at += n;
            }
            return b.array();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files.get(p.segment()), e);
        }
    }

    /** Reads one entry from a store that is not open, checking nothing (the scan did). */
    public static byte[] readClosed(Path dir, Position p) {
        try (FileChannel ch = FileChannel.open(dir.resolve(segmentName(p.segment())), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(p.length());
            long at = p.offset();
            while (b.hasRemaining()) {
                int n = ch.read(b, at);
                if (n < 0) {
                    throw new LedgerException("entry ends early");
                }
                at += n;
            }
            return b.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (FileChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Closing after a failed write: nothing more can be done, and the data was either synced or not.
            }
        }
    }

    private void roll() throws IOException {
        sync();
        FileChannel finished = channels.get(channels.size() - 1);
        finished.truncate(currentSize);
        finished.force(true);
        int next = channels.size();
        Path f = dir.resolve(segmentName(next));
        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        writeHeader(ch, next);
        ch.force(true);
        syncDirectory(dir);
        channels.add(ch);
        files.add(f);
        currentSize = HEADER_LENGTH;
        allocated = HEADER_LENGTH;
        firstUnsynced = next;
    }

    private static void writeHeader(FileChannel ch, int segment) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_LENGTH);
        h.put(MAGIC).putInt(FORMAT_VERSION).putInt(segment);
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, 16);
        h.putInt((int) crc.getValue());
        h.flip();
        long at = 0;
        while (h.hasRemaining()) {
            at += ch.write(h, at);
        }
    }

    /** Appends zeros from {@code from} up to {@code to}; returns {@code to}. */
    private static long extendWithZeros(FileChannel ch, long from, long to) throws IOException {
        long at = from;
        while (at < to) {
            ByteBuffer z = ByteBuffer.wrap(ZEROS, 0, (int) Math.min(ZEROS.length, to - at));
            while (z.hasRemaining()) {
                at += ch.write(z, at);
            }
        }
        return to;
    }

    private static Optional<Damage> scanSegment(Path f, int number, boolean last, List<Position> entries) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_LENGTH) {
                return Optional.of(new Damage(f, 0, "segment header is incomplete (" + size + " bytes)", true));
            }
            ByteBuffer h = ByteBuffer.allocate(HEADER_LENGTH);
            readFully(ch, h, 0);
            byte[] hb = h.array();
            CRC32C crc = new CRC32C();
            crc.update(hb, 0, 16);
            if (!Arrays.equals(hb, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                return Optional.of(new Damage(f, 0, "not a ledger segment (bad magic)", false));
            }
            if ((int) crc.getValue() != h.getInt(16)) {
                return Optional.of(new Damage(f, 16, "segment header checksum mismatch", false));
            }
            int version = h.getInt(8);
            if (version != FORMAT_VERSION) {
                return Optional.of(new Damage(f, 8, "unsupported segment format version " + version, false));
            }
            if (h.getInt(12) != number) {
                return Optional.of(new Damage(f, 12, "segment header says number " + h.getInt(12) + ", expected "
                        + number, false));
            }
            long at = HEADER_LENGTH;
            ByteBuffer eh = ByteBuffer.allocate(ENTRY_OVERHEAD);
            while (at < size) {
                if (size - at < ENTRY_OVERHEAD) {
                    long junk = firstNonZero(ch, at, size);
                    return junk < 0 ? Optional.empty()
                            : Optional.of(new Damage(f, at, "entry header is incomplete", true));
                }
                eh.clear();
                readFully(ch, eh, at);
                int length = eh.getInt(0);
                int stored = eh.getInt(4);
                if (length == 0 && stored == 0) {
                    // The end of the data; only zero padding may follow.
                    long junk = firstNonZero(ch, at, size);
                    return junk < 0 ? Optional.empty() : Optional.of(new Damage(f, junk,
                            "unexpected bytes after the end of the data", true));
                }
                if (length < 0 || length > MAX_ENTRY_BYTES || at + ENTRY_OVERHEAD + length > size) {
                    // An entry cut short by a crash, or a damaged length field; only the former ends the file.
                    return Optional.of(new Damage(f, at, "entry of " + length + " bytes runs past the end of the file",
                            true));
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                readFully(ch, payload, at + ENTRY_OVERHEAD);
                CRC32C c = new CRC32C();
                c.update(eh.array(), 0, 4);
                c.update(payload.array());
                if ((int) c.getValue() != stored) {
                    boolean tail = firstNonZero(ch, at + ENTRY_OVERHEAD + length, size) < 0;
                    return Optional.of(new Damage(f, at, "entry checksum mismatch", tail));
                }
                entries.add(new Position(number, at + ENTRY_OVERHEAD, length));
                at += ENTRY_OVERHEAD + length;
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new Damage(f, 0, "cannot read: " + e.getMessage(), false));
        }
    }

    /** The offset of the first non-zero byte in [from, to), or -1. */
    private static long firstNonZero(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 << 10);
        long at = from;
        while (at < to) {
            b.clear();
            b.limit((int) Math.min(b.capacity(), to - at));
            readFully(ch, b, at);
            byte[] a = b.array();
            for (int i = 0; i < b.limit(); i++) {
                if (a[i] != 0) {
                    return at + i;
                }
            }
            at += b.limit();
        }
        return -1;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, at);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            at += n;
        }
    }

    /** Whether {@code dir} holds any segment file. */
    public static boolean hasSegments(Path dir) {
        return !segmentFiles(dir).isEmpty();
    }

    static List<Path> segmentFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file holding segment {@code number} in {@code dir}. */
    public static Path segmentFile(Path dir, int number) {
        return dir.resolve(segmentName(number));
    }

    static String segmentName(int number) {
        return String.format("%020d.seg", number);
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for sync; the file data itself was synced.
        }
    }
}
