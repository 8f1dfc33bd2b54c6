package org.trustmall.contracts.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.contracts.Contracts;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.execution.Membership;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.tx.Transaction;

/** The registry contract on a real ledger: notarisation, owner-only versions, full history. */
class RegistryContractTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;
    private SigningKey platformKey;
    private SigningKey auditorKey;
    private Ledger ledger;

    @BeforeEach
    void open() {
        platformKey = SigningKey.generate();
        auditorKey = SigningKey.generate();
        Organisation platform = new Organisation("platform", platformKey.publicKey());
        Organisation auditor = new Organisation("auditor", auditorKey.publicKey());
        Ledger.create(dir, List.of(platform, auditor), platformKey, ChainParameters.DEFAULT, Contracts.runtime(),
                LedgerOptions.DEFAULT);
        ledger = Ledger.open(dir, platform, platformKey, Contracts.runtime(), LedgerOptions.DEFAULT);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private TxResult notarise(SigningKey key, String name, Hash hash, String note) {
        Transaction tx = Transaction.sign(ledger.chainId(), RegistryContract.ID, "notarise",
                RegistryContract.notariseArgs(name, hash, note), key, RANDOM.nextLong(), System.currentTimeMillis());
        Receipt r = ledger.submitAndWait(tx);
        return assertInstanceOf(Receipt.Committed.class, r, r::toString).result();
    }

    private static Hash doc(String text) {
        return Hash.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private CborMap query(String method, CborMap args) {
        return ledger.query(RegistryContract.ID, method, args);
    }

    @Test
    void theFirstNotarisationMakesTheSignerTheOwnerAndIsVersionOne() {
        TxResult r = notarise(platformKey, "policy/returns", doc("v1"), "first");
        assertTrue(r.ok(), r::toString);
        assertEquals(1, CborMap.parse(((TxResult.Succeeded) r).value()).integer("version"));
        CborMap got = query("get", CborMap.builder().put("name", "policy/returns").build());
        assertEquals("platform/org", got.text("owner"));
        assertEquals(1, got.integer("versions"));
        assertArrayEquals(doc("v1").bytes(), got.map("latest").bytes("hash"));
    }

    @Test
    void theOwnerAddsVersionsAndTheWholeHistoryIsKept() {
        for (int v = 1; v <= 5; v++) {
            assertTrue(notarise(platformKey, "terms/merchant", doc("v" + v), "rev " + v).ok());
        }
        CborMap history = query("history", CborMap.builder().put("name", "terms/merchant").build());
        assertEquals(5, history.integer("versions"));
        List<Object> versions = history.list("history");
        assertEquals(5, versions.size());
        for (int v = 1; v <= 5; v++) {
            CborMap m = CborMap.of(cast(versions.get(v - 1)));
            assertEquals(v, m.integer("version"));
            assertArrayEquals(doc("v" + v).bytes(), m.bytes("hash"));
            assertEquals("rev " + v, m.text("note"));
            assertTrue(m.integer("height") >= 1);
        }
        CborMap page = query("history", CborMap.builder().put("name", "terms/merchant").put("from", 4L)
                .put("limit", 10L).build());
        assertEquals(2, page.list("history").size());
    }

    @Test
    void onlyTheOwnerMayAddAVersionAndARejectedUpdateChangesNothing() {
        assertTrue(notarise(platformKey, "policy/privacy", doc("original"), null).ok());
        TxResult r = notarise(auditorKey, "policy/privacy", doc("forged"), "takeover");
        TxResult.Failed failed = assertInstanceOf(TxResult.Failed.class, r);
        assertTrue(failed.reason().contains("only its owner"), failed::reason);
        CborMap got = query("get", CborMap.builder().put("name", "policy/privacy").build());
        assertEquals(1, got.integer("versions"));
        assertArrayEquals(doc("original").bytes(), got.map("latest").bytes("hash"));
    }

    @Test
    void aRoleKeyOwnsWhatItNotarisesSeparatelyFromItsOrganisation() {
        SigningKey service = SigningKey.generate();
        Transaction add = Transaction.sign(ledger.chainId(), Membership.ID, "add-role",
                CborMap.builder().put("role", "model-registry").put("key", service.publicKey().bytes()).build()
                        .encode(), platformKey, RANDOM.nextLong(), System.currentTimeMillis());
        assertTrue(((Receipt.Committed) ledger.submitAndWait(add)).result().ok());
        assertTrue(notarise(service, "model/recsys", doc("weights-1"), null).ok());
        assertEquals("platform/model-registry",
                query("get", CborMap.builder().put("name", "model/recsys").build()).text("owner"));
        assertFalse(notarise(platformKey, "model/recsys", doc("weights-2"), null).ok(),
                "the organisation key is not the role that owns the entry");
    }

    @Test
    void checkTellsWhetherAHashWasEverNotarisedAndWhetherItIsTheLatest() {
        notarise(platformKey, "doc", doc("a"), null);
        notarise(platformKey, "doc", doc("b"), null);
        CborMap a = query("check", CborMap.builder().put("name", "doc").put("hash", doc("a").bytes()).build());
        assertTrue(a.bool("match"));
        assertEquals(1, a.integer("version"));
        assertFalse(a.bool("latest"));
        CborMap b = query("check", CborMap.builder().put("name", "doc").put("hash", doc("b").bytes()).build());
        assertTrue(b.bool("latest"));
        CborMap none = query("check", CborMap.builder().put("name", "doc").put("hash", doc("c").bytes()).build());
        assertFalse(none.bool("match"));
    }

    @Test
    void malformedArgumentsFailTheCallWithAReasonNamingTheField() {
        Transaction shortHash = Transaction.sign(ledger.chainId(), RegistryContract.ID, "notarise",
                CborMap.builder().put("name", "x").put("hash", new byte[5]).build().encode(), platformKey,
                RANDOM.nextLong(), System.currentTimeMillis());
        TxResult.Failed f1 = assertInstanceOf(TxResult.Failed.class,
                ((Receipt.Committed) ledger.submitAndWait(shortHash)).result());
        assertTrue(f1.reason().contains("'hash'"), f1::reason);

        Transaction noName = Transaction.sign(ledger.chainId(), RegistryContract.ID, "notarise",
                CborMap.builder().put("hash", doc("x").bytes()).build().encode(), platformKey, RANDOM.nextLong(),
                System.currentTimeMillis());
        TxResult.Failed f2 = assertInstanceOf(TxResult.Failed.class,
                ((Receipt.Committed) ledger.submitAndWait(noName)).result());
        assertTrue(f2.reason().contains("name"), f2::reason);

        String longName = "n".repeat(RegistryContract.MAX_NAME_BYTES + 1);
        TxResult.Failed f3 = assertInstanceOf(TxResult.Failed.class, notarise(platformKey, longName, doc("x"), null));
        assertTrue(f3.reason().contains("'name'"), f3::reason);
        assertThrows(ContractFailure.class,
                () -> query("get", CborMap.builder().put("name", "never-notarised").build()));
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, ?> cast(Object o) {
        return (java.util.Map<String, ?>) o;
    }
}
