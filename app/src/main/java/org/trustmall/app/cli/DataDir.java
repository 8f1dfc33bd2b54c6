package org.trustmall.app.cli;

import java.nio.file.Path;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.identity.KeyDirectory;

/**
 * The layout of a TrustMall data directory: {@code ledger/} (public, verifiable by anyone), {@code keys/}
 * (private, 0700), and {@code trusted-keys.json} (the organisations' public keys, to hand to verifiers).
 */
public record DataDir(Path root) {

    public static DataDir of(Path root) {
        if (root == null) {
            throw new Errors.UsageException("a data directory is required (--dir)");
        }
        return new DataDir(root.toAbsolutePath().normalize());
    }

    public Path ledger() {
        return root.resolve("ledger");
    }

    public KeyDirectory keys() {
        return new KeyDirectory(root.resolve("keys"));
    }

    public Path trustedKeys() {
        return root.resolve("trusted-keys.json");
    }

    public boolean hasLedger() {
        return java.nio.file.Files.exists(ledger().resolve("commits"));
    }

    public void requireLedger() {
        if (!hasLedger()) {
            throw new LedgerException("no ledger in " + root + " (expected " + ledger()
                    + "); create one with 'trustmall ledger init --dir " + root + "'");
        }
    }
}
