package org.trustmall.ledger.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.TransactionRecord;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.testing.KvContract;
import org.trustmall.ledger.testing.TestLedgers;
import org.trustmall.ledger.tx.Transaction;

/**
 * Contracts as the ledger runs them: a failing call keeps none of its writes and is recorded as failed with its
 * reason; a call that exceeds the execution limits fails the same way; and the membership contract decides which
 * keys may sign.
 */
class ContractRuntimeTest {
    @TempDir
    Path dir;

    private TestLedgers t;
    private Ledger ledger;

    @BeforeEach
    void openALedger() {
        t = TestLedgers.create(dir);
        ledger = t.open();
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void aCallThatFailsAfterWritingKeepsNoneOfItsWritesAndIsRecordedAsFailedWithItsReason() {
        committedOk(ledger.submitAndWait(t.put("kept", new byte[] {42})));

        Transaction failing = t.call("fail-after-write", CborMap.builder().put("key", "kept").build());
        Transaction failingOnNewKey = t.call("fail-after-write", CborMap.builder().put("key", "fresh").build());
        Receipt.Committed receipt = committed(ledger.submitAndWait(failing));
        committed(ledger.submitAndWait(failingOnNewKey));

        TxResult.Failed result = assertInstanceOf(TxResult.Failed.class, receipt.result());
        assertEquals("failing on purpose after a write", result.reason());
        assertArrayEquals(new byte[] {42}, value("kept"), "the overwrite was rolled back");
        ContractFailure absent = assertThrows(ContractFailure.class, () -> value("fresh"));
        assertEquals("no such key", absent.getMessage());
        TransactionRecord record = ledger.transaction(failing.id()).orElseThrow();
        assertEquals(result, record.result(), "the failure is recorded in the block, not only in the receipt");
    }

    @Test
    void aCallBeyondTheWriteLimitFailsWithNoneOfItsWritesKept() {
        TxResult atLimit = committed(ledger.submitAndWait(t.call("write-many",
                CborMap.builder().put("n", 256L).build()))).result();
        Receipt.Committed beyond = committed(ledger.submitAndWait(t.call("write-many",
                CborMap.builder().put("n", 300L).build())));

        assertTrue(atLimit.ok(), "256 writes are within the limit");
        TxResult.Failed failed = assertInstanceOf(TxResult.Failed.class, beyond.result());
        assertEquals("execution limit: more than 256 writes", failed.reason());
        assertArrayEquals(new byte[] {(byte) 255}, value("many/255"), "the call within the limit was kept");
        assertThrows(ContractFailure.class, () -> value("many/256"), "the call beyond the limit left nothing");
    }

    @Test
    void aCallWithAnIllTypedArgumentFailsNamingTheField() {
        Receipt.Committed receipt = committed(ledger.submitAndWait(t.call("write-many",
                CborMap.builder().put("n", "not a number").build())));

        TxResult.Failed failed = assertInstanceOf(TxResult.Failed.class, receipt.result());
        assertEquals("field 'n': expected integer, got text", failed.reason());
    }

    @Test
    void aKeyRegisteredByItsOrganisationForARoleMaySign() {
        SigningKey service = SigningKey.generate();

        TxResult added = committed(ledger.submitAndWait(addRole(t.orgKey, "service", service))).result();
        Receipt.Committed byRole = committed(ledger.submitAndWait(t.call(service, KvContract.ID, "put",
                CborMap.builder().put("key", "from-service").put("value", new byte[] {5}).build())));

        assertTrue(added.ok(), added::toString);
        assertTrue(byRole.result().ok(), byRole.result()::toString);
        assertArrayEquals(new byte[] {5}, value("from-service"));
        CborMap member = ledger.query(Membership.ID, "member",
                CborMap.builder().put("key", service.publicKey().bytes()).build());
        assertEquals("acme", member.text("org"));
        assertEquals("service", member.text("role"));
    }

    @Test
    void aRoleKeyCannotRegisterFurtherKeys() {
        SigningKey service = SigningKey.generate();
        SigningKey smuggled = SigningKey.generate();
        committedOk(ledger.submitAndWait(addRole(t.orgKey, "service", service)));

        Receipt.Committed attempt = committed(ledger.submitAndWait(addRole(service, "other", smuggled)));

        TxResult.Failed failed = assertInstanceOf(TxResult.Failed.class, attempt.result());
        assertEquals("only an organisation's own key may manage its signing roles", failed.reason());
        Receipt fromSmuggled = ledger.submitAndWait(t.call(smuggled, KvContract.ID, "put",
                CborMap.builder().put("key", "x").put("value", new byte[] {1}).build()));
        assertInstanceOf(Receipt.Rejected.class, fromSmuggled);
    }

    @Test
    void aRemovedRoleKeysLaterTransactionsAreRejectedAsFromAnUnknownSigner() {
        SigningKey service = SigningKey.generate();
        committedOk(ledger.submitAndWait(addRole(t.orgKey, "service", service)));
        committedOk(ledger.submitAndWait(t.call(service, KvContract.ID, "put",
                CborMap.builder().put("key", "before").put("value", new byte[] {1}).build())));

        committedOk(ledger.submitAndWait(t.call(t.orgKey, Membership.ID, "remove-role",
                CborMap.builder().put("key", service.publicKey().bytes()).build())));
        Receipt after = ledger.submitAndWait(t.call(service, KvContract.ID, "put",
                CborMap.builder().put("key", "after").put("value", new byte[] {1}).build()));

        Receipt.Rejected rejected = assertInstanceOf(Receipt.Rejected.class, after);
        assertEquals("signer " + service.publicKey().shortId() + " is not a registered member of this ledger",
                rejected.reason());
        assertThrows(ContractFailure.class, () -> value("after"));
    }

    @Test
    void anOrganisationsOwnKeyCannotBeRemovedAsARole() {
        Receipt.Committed attempt = committed(ledger.submitAndWait(t.call(t.orgKey, Membership.ID, "remove-role",
                CborMap.builder().put("key", t.orgKey.publicKey().bytes()).build())));

        TxResult.Failed failed = assertInstanceOf(TxResult.Failed.class, attempt.result());
        assertEquals("an organisation's own key cannot be removed this way", failed.reason());
        committedOk(ledger.submitAndWait(t.put("still-signing", new byte[] {1})));
    }

    private Transaction addRole(SigningKey signer, String role, SigningKey key) {
        return t.call(signer, Membership.ID, "add-role",
                CborMap.builder().put("role", role).put("key", key.publicKey().bytes()).build());
    }

    private byte[] value(String key) {
        return ledger.query(KvContract.ID, "get", CborMap.builder().put("key", key).build()).bytes("value");
    }

    private static Receipt.Committed committed(Receipt r) {
        return assertInstanceOf(Receipt.Committed.class, r, r::toString);
    }

    private static void committedOk(Receipt r) {
        TxResult result = committed(r).result();
        assertTrue(result.ok(), result::toString);
    }
}
