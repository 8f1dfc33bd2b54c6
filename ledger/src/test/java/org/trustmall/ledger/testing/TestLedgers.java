package org.trustmall.ledger.testing;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.execution.ContractRuntime;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.tx.Transaction;

/** Fixtures: a one-organisation ledger running {@link KvContract}, and signed kv transactions. */
public final class TestLedgers {
    private static final SecureRandom RANDOM = new SecureRandom();

    public final Path dir;
    public final SigningKey orgKey;
    public final Organisation org;
    public final Hash chainId;

    private TestLedgers(Path dir, SigningKey orgKey, Organisation org, Hash chainId) {
        this.dir = dir;
        this.orgKey = orgKey;
        this.org = org;
        this.chainId = chainId;
    }

    public static ContractRuntime runtime() {
        return new ContractRuntime(List.of(new KvContract()));
    }

    public static TestLedgers create(Path dir) {
        return create(dir, SigningKey.generate());
    }

    public static TestLedgers create(Path dir, SigningKey key) {
        Organisation org = new Organisation("acme", key.publicKey());
        Hash chain = Ledger.create(dir, List.of(org), key, ChainParameters.DEFAULT, runtime(), LedgerOptions.DEFAULT);
        return new TestLedgers(dir, key, org, chain);
    }

    /** The fixture for a ledger that already exists in {@code dir}, created with {@code key}. */
    public static TestLedgers existing(Path dir, SigningKey key, Hash chainId) {
        return new TestLedgers(dir, key, new Organisation("acme", key.publicKey()), chainId);
    }

    public Ledger open() {
        return open(LedgerOptions.DEFAULT);
    }

    public Ledger open(LedgerOptions options) {
        return Ledger.open(dir, org, orgKey, runtime(), options);
    }

    /** The organisation's key as a verifier would hold it, bound to this chain. */
    public TrustedKeys trustedKeys() {
        return TrustedKeys.all(chainId, List.of(org));
    }

    public Transaction put(String key, byte[] value) {
        return put(key, value, RANDOM.nextLong(), System.currentTimeMillis());
    }

    public Transaction put(String key, byte[] value, long nonce, long timestamp) {
        return Transaction.sign(chainId, KvContract.ID, "put",
                CborMap.builder().put("key", key).put("value", value).build().encode(), orgKey, nonce, timestamp);
    }

    public Transaction call(String method, CborMap args) {
        return call(orgKey, KvContract.ID, method, args);
    }

    /** A transaction to any contract, signed by {@code signer} (registered or not), with a fresh nonce. */
    public Transaction call(SigningKey signer, String contract, String method, CborMap args) {
        return Transaction.sign(chainId, contract, method, args.encode(), signer, RANDOM.nextLong(),
                System.currentTimeMillis());
    }
}
