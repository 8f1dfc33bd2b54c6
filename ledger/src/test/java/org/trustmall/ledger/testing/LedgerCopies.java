package org.trustmall.ledger.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.trustmall.ledger.LedgerLayout;

/**
 * Real-file tampering for the ledger's storage tests: copies of a ledger directory, byte flips, truncations, and
 * segment files rewritten entry by entry. The segment format is read here from its documentation in
 * {@code SegmentStore} (header of 20 bytes, then {@code length u32 | CRC32C(length | payload) u32 | payload}, then
 * possibly zero padding, whose first 8 bytes read as an entry header of zeros), not from its code, so a rewrite made
 * here is exactly what an attacker with the format in hand could produce.
 */
public final class LedgerCopies {
    /** Bytes before the first entry of a segment file. */
    public static final int SEGMENT_HEADER = 20;
    /** Bytes before the first record of the commit log. */
    public static final int COMMITS_HEADER = 16;
    public static final int COMMIT_RECORD = 52;

    private LedgerCopies() {
    }

    /** Copies the data files of the ledger in {@code from} (segments and commit log, not its lock) to {@code to}. */
    public static Path copy(Path from, Path to) {
        LedgerLayout source = new LedgerLayout(from);
        LedgerLayout target = new LedgerLayout(to);
        try {
            Files.createDirectories(target.segments());
            for (Path segment : segmentFiles(from)) {
                Files.copy(segment, target.segments().resolve(segment.getFileName()));
            }
            Files.copy(source.commits(), target.commits());
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The segment files in order. */
    public static List<Path> segmentFiles(Path ledgerDir) {
        try (Stream<Path> s = Files.list(new LedgerLayout(ledgerDir).segments())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file a ledger keeps its data in: the segments in order, then the commit log. */
    public static List<Path> dataFiles(Path ledgerDir) {
        List<Path> files = new ArrayList<>(segmentFiles(ledgerDir));
        files.add(new LedgerLayout(ledgerDir).commits());
        return files;
    }

    /** Every regular file under {@code dir} (by relative path) with its size. */
    public static Map<String, Long> fileSizes(Path dir) {
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                sizes.put(dir.relativize(p).toString(), Files.size(p));
            }
            return sizes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** XORs the byte at {@code offset} with {@code mask} (which must not be 0, or nothing would change). */
    public static void flipByte(Path file, long offset, byte mask) {
        if (mask == 0) {
            throw new IllegalArgumentException("a zero mask changes nothing");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            if (ch.read(b, offset) != 1) {
                throw new IllegalArgumentException(file + " has no byte at " + offset);
            }
            b.put(0, (byte) (b.get(0) ^ mask));
            b.rewind();
            ch.write(b, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void truncate(Path file, long length) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void append(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payloads of a segment file's entries, in order; fails on anything that is not a well-formed entry. */
    public static List<byte[]> entries(Path segmentFile) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segmentFile));
            b.position(SEGMENT_HEADER);
            List<byte[]> out = new ArrayList<>();
            while (b.hasRemaining()) {
                int length = b.getInt();
                int crc = b.getInt();
                if (length == 0 && crc == 0) {
                    break;
                }
                byte[] payload = new byte[length];
                b.get(payload);
                if (entryCrc(payload) != crc) {
                    throw new IllegalStateException(segmentFile + ": entry " + out.size() + " has a bad checksum");
                }
                out.add(payload);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a segment file's entries end (its size, unless zero padding follows them). */
    public static long segmentDataEnd(Path segmentFile) {
        return SEGMENT_HEADER + entries(segmentFile).stream().mapToLong(p -> 8L + p.length).sum();
    }

    /** Where the records of a commit log that holds {@code records} of them end. */
    public static long commitsDataEnd(int records) {
        return COMMITS_HEADER + (long) COMMIT_RECORD * records;
    }

    /** Overwrites bytes in place, as a write that a crash interrupted would have left them. */
    public static void writeAt(Path file, long offset, byte[] bytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                offset += ch.write(b, offset);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites a segment file as its own header followed by {@code payloads}, each with a valid length and CRC. */
    public static void rewrite(Path segmentFile, List<byte[]> payloads) {
        try {
            byte[] header = new byte[SEGMENT_HEADER];
            System.arraycopy(Files.readAllBytes(segmentFile), 0, header, 0, SEGMENT_HEADER);
            int size = SEGMENT_HEADER + payloads.stream().mapToInt(p -> 8 + p.length).sum();
            ByteBuffer b = ByteBuffer.allocate(size);
            b.put(header);
            for (byte[] p : payloads) {
                b.putInt(p.length).putInt(entryCrc(p)).put(p);
            }
            Files.write(segmentFile, b.array(), StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Re-seals the last block of a segment with a freshly generated key (not an organisation of the ledger) and
     * rewrites the file with valid checksums: a block that is complete on disk but not trustworthy.
     */
    public static void resealLastBlockWithForeignKey(Path segmentFile, org.trustmall.ledger.crypto.Hash chainId) {
        List<byte[]> payloads = new ArrayList<>(entries(segmentFile));
        org.trustmall.ledger.block.Block b = org.trustmall.ledger.block.Block.decode(
                payloads.get(payloads.size() - 1), Integer.MAX_VALUE);
        org.trustmall.ledger.crypto.SigningKey foreign = org.trustmall.ledger.crypto.SigningKey.generate();
        byte[] sig = foreign.sign(org.trustmall.ledger.block.BlockHeader.signingMessage(chainId, b.hash()));
        org.trustmall.ledger.block.Block resealed = new org.trustmall.ledger.block.Block(b.header(),
                new org.trustmall.ledger.block.Block.Seal(foreign.publicKey(), sig), b.transactions(), b.results());
        payloads.set(payloads.size() - 1, resealed.encode());
        rewrite(segmentFile, payloads);
    }

    /** Deletes a directory tree, so that hundreds of copies do not pile up. */
    public static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int entryCrc(byte[] payload) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(4).putInt(payload.length).array());
        c.update(payload);
        return (int) c.getValue();
    }
}
