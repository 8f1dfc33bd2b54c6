package org.trustmall.ledger.storage;

import java.nio.file.Path;
import org.trustmall.ledger.LedgerException;

/**
 * The ledger's files are damaged in a way a crash cannot explain (or that would lose acknowledged transactions):
 * names the file, the byte offset and what is wrong, so an operator can restore that file from a replica.
 */
public final class LedgerCorruptedException extends LedgerException {
    private final transient Path file;
    private final long offset;

    public LedgerCorruptedException(Path file, long offset, String problem) {
        super(file + " at byte " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
