package org.trustmall.contracts.testing;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.trustmall.contracts.Contracts;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.execution.Membership;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.tx.Transaction;

/**
 * A real ledger running the platform's contracts, for contract tests: organisations {@code platform} (its own key
 * plus registered role keys {@code commerce} and {@code support}) and {@code courier}. Block time comes from a
 * clock the test advances, so deadlines pass without sleeping; transactions are stamped with the same clock so the
 * ledger admits them.
 */
public final class PlatformLedger implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A fixed start, so that block times in failures are readable and runs alike. */
    public static final Instant START = Instant.parse("2025-06-01T00:00:00Z");

    public final SigningKey platform = SigningKey.generate();
    public final SigningKey commerce = SigningKey.generate();
    public final SigningKey support = SigningKey.generate();
    public final SigningKey courier = SigningKey.generate();
    private final ManualClock clock = new ManualClock(START.toEpochMilli());
    private final Path dir;
    private final Organisation platformOrg;
    private final LedgerOptions options;
    private Ledger ledger;

    private PlatformLedger(Path dir) {
        this.dir = dir;
        platformOrg = new Organisation("platform", platform.publicKey());
        Organisation courierOrg = new Organisation("courier", courier.publicKey());
        options = LedgerOptions.DEFAULT.withClock(clock);
        Ledger.create(dir, List.of(platformOrg, courierOrg), platform, ChainParameters.DEFAULT, Contracts.runtime(),
                options);
        ledger = Ledger.open(dir, platformOrg, platform, Contracts.runtime(), options);
        addRole("commerce", commerce);
        addRole("support", support);
    }

    /**
     * Closes the ledger and opens it again from its files, which replays every block through the contracts and
     * checks that each recomputed state root equals the recorded one.
     */
    public void reopen() {
        ledger.close();
        ledger = Ledger.open(dir, platformOrg, platform, Contracts.runtime(), options);
    }

    /** Creates the ledger in the empty directory {@code dir} and opens it. */
    public static PlatformLedger create(Path dir) {
        return new PlatformLedger(dir);
    }

    /** Registers a fresh key for signing role {@code role} of the platform organisation, e.g. an arbiter's. */
    public SigningKey register(String role) {
        SigningKey key = SigningKey.generate();
        addRole(role, key);
        return key;
    }

    private void addRole(String role, SigningKey key) {
        TxResult r = call(platform, Membership.ID, "add-role",
                CborMap.builder().put("role", role).put("key", key.publicKey().bytes()).build().encode());
        if (!r.ok()) {
            throw new IllegalStateException("could not register role " + role + ": " + r);
        }
    }

    /** Block time of the next block, in ms since the epoch. */
    public long now() {
        return clock.millis();
    }

    public void advance(Duration d) {
        clock.advance(d.toMillis());
    }

    public Transaction sign(SigningKey signer, String contract, String method, byte[] args) {
        return Transaction.sign(ledger.chainId(), contract, method, args, signer, RANDOM.nextLong(), clock.millis());
    }

    /** Submits a call and waits for the block; fails the test if the ledger rejected it before ordering. */
    public TxResult call(SigningKey signer, String contract, String method, byte[] args) {
        return committed(ledger.submitAndWait(sign(signer, contract, method, args)));
    }

    /** Submits without waiting: calls submitted from one thread are ordered as submitted. */
    public CompletableFuture<Receipt> submit(SigningKey signer, String contract, String method, byte[] args) {
        return ledger.submit(sign(signer, contract, method, args));
    }

    public static TxResult committed(Receipt receipt) {
        if (!(receipt instanceof Receipt.Committed c)) {
            throw new AssertionError("expected the transaction to be committed, got " + receipt);
        }
        return c.result();
    }

    public CborMap query(String contract, String method, CborMap args) {
        return ledger.query(contract, method, args);
    }

    public Ledger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        ledger.close();
    }

    /** An orderer clock that moves only when told to. */
    private static final class ManualClock implements InstantSource {
        private final AtomicLong millis;

        ManualClock(long start) {
            millis = new AtomicLong(start);
        }

        void advance(long ms) {
            millis.addAndGet(ms);
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }
}
