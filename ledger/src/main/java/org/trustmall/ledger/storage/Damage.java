package org.trustmall.ledger.storage;

import java.nio.file.Path;

/**
 * Where a scan of a storage file stopped trusting it.
 *
 * @param atTail true when nothing readable follows the damage — the shape a crash mid-write leaves; false when
 *               valid-looking data follows, which no crash produces
 */
public record Damage(Path file, long offset, String problem, boolean atTail) {
    public String describe() {
        return file + " at byte " + offset + ": " + problem;
    }
}
