package org.trustmall.ledger.ordering.raft;

import java.nio.file.Path;
import org.trustmall.ledger.LedgerException;

/** A node's config file is unreadable or a field in it is wrong; the message names the file, field and reason. */
public final class RaftConfigException extends LedgerException {
    private final Path file;
    private final String field;

    public RaftConfigException(Path file, String field, String reason) {
        super(file + (field == null ? "" : ": " + field) + ": " + reason);
        this.file = file;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    /** The field at fault, or null when the whole file is. */
    public String field() {
        return field;
    }
}
