package org.trustmall.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.testing.TestLedgers;
import org.trustmall.ledger.tx.Transaction;
import org.trustmall.ledger.verify.LedgerVerifier;
import org.trustmall.ledger.verify.VerificationReport;

class LedgerSmokeTest {
    @TempDir
    Path dir;

    @Test
    void committedTransactionsSurviveReopenAndVerify() {
        TestLedgers t = TestLedgers.create(dir);
        List<Transaction> txs = new ArrayList<>();
        try (Ledger ledger = t.open()) {
            List<CompletableFuture<Receipt>> fs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                Transaction tx = t.put("k" + i, new byte[] {(byte) i});
                txs.add(tx);
                fs.add(ledger.submit(tx));
            }
            for (CompletableFuture<Receipt> f : fs) {
                assertInstanceOf(Receipt.Committed.class, f.join());
            }
        }
        try (Ledger ledger = t.open()) {
            assertEquals(1001, ledger.logSize());
            for (Transaction tx : txs) {
                assertTrue(ledger.transaction(tx.id()).isPresent());
            }
            var proof = ledger.proof(txs.get(500).id()).orElseThrow();
            TrustedKeys trust = TrustedKeys.all(t.chainId, List.of(t.org));
            assertTrue(proof.verify(trust, Signatures.fastest()).ok());
        }
        VerificationReport r = new LedgerVerifier(TestLedgers.runtime(), Signatures.fastest())
                .verify(dir, Optional.of(TrustedKeys.all(t.chainId, List.of(t.org))));
        assertEquals(VerificationReport.Status.INTACT, r.status(), () -> r.problem().map(Object::toString).orElse(""));
        assertEquals(1001, r.transactions());
    }
}
