package org.trustmall.ledger;

import java.nio.file.Path;

/**
 * Where a ledger's files live inside its directory ({@code <data dir>/ledger}): {@code segments/} holds the
 * blocks, {@code commits} records which blocks were acknowledged, {@code LOCK} keeps a second process from
 * writing at the same time. Nothing secret is kept here: a copy of this directory plus the organisations' public
 * keys is all anyone needs to verify the ledger.
 */
public record LedgerLayout(Path dir) {
    public Path segments() {
        return dir.resolve("segments");
    }

    public Path commits() {
        return dir.resolve("commits");
    }

    public Path lock() {
        return dir.resolve("LOCK");
    }
}
