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

    public Ledger open() {
        return Ledger.open(dir, org, orgKey, runtime(), LedgerOptions.DEFAULT);
    }

    public Transaction put(String key, byte[] value) {
        return put(key, value, RANDOM.nextLong(), System.currentTimeMillis());
    }

    public Transaction put(String key, byte[] value, long nonce, long timestamp) {
        return Transaction.sign(chainId, KvContract.ID, "put",
                CborMap.builder().put("key", key).put("value", value).build().encode(), orgKey, nonce, timestamp);
    }

    public Transaction call(String method, CborMap args) {
        return Transaction.sign(chainId, KvContract.ID, method, args.encode(), orgKey, RANDOM.nextLong(),
                System.currentTimeMillis());
    }
}
