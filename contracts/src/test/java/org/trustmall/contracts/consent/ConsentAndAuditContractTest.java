package org.trustmall.contracts.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.contracts.audit.AccessAuditContract;
import org.trustmall.contracts.testing.PlatformLedger;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.encoding.CborMap;

/** Consent histories and the personal-data access log on a real ledger. */
class ConsentAndAuditContractTest {
    private static final byte[] ANN = filled(1);
    private static final byte[] BOB = filled(2);

    @TempDir
    Path dir;
    private PlatformLedger ledger;

    @BeforeEach
    void open() {
        ledger = PlatformLedger.create(dir);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private static byte[] filled(int b) {
        byte[] a = new byte[32];
        Arrays.fill(a, (byte) b);
        return a;
    }

    private TxResult consent(byte[] subject, String purpose, boolean granted) {
        return ledger.call(ledger.commerce, ConsentContract.ID, ConsentContract.SET,
                ConsentContract.setArgs(subject, purpose, granted));
    }

    private CborMap get(byte[] subject, String purpose) {
        return ledger.query(ConsentContract.ID, ConsentContract.GET, ConsentContract.getArgs(subject, purpose));
    }

    private static String fails(TxResult r, String expected) {
        TxResult.Failed f = assertInstanceOf(TxResult.Failed.class, r, "expected the call to fail");
        assertTrue(f.reason().contains(expected), () -> "reason '" + f.reason() + "' does not mention " + expected);
        return f.reason();
    }

    @Test
    void everyGrantAndWithdrawalIsANewVersionAndTheLatestDecides() {
        assertFalse(get(ANN, ConsentContract.MARKETING).bool("granted"), "never asked means not granted");
        assertTrue(consent(ANN, ConsentContract.MARKETING, true).ok());
        assertTrue(get(ANN, ConsentContract.MARKETING).bool("granted"));
        assertTrue(consent(ANN, ConsentContract.MARKETING, false).ok());
        CborMap latest = get(ANN, ConsentContract.MARKETING);
        assertFalse(latest.bool("granted"));
        assertEquals(2, latest.integer("n"));
        List<Object> history = ledger.query(ConsentContract.ID, ConsentContract.HISTORY,
                ConsentContract.getArgs(ANN, ConsentContract.MARKETING)).list("versions");
        assertEquals(2, history.size());
        assertFalse(get(BOB, ConsentContract.MARKETING).bool("granted"), "one person's consent is not another's");
        assertFalse(get(ANN, ConsentContract.ANALYTICS).bool("granted"), "nor another purpose's");
        ledger.reopen();
        assertEquals(latest, get(ANN, ConsentContract.MARKETING));
    }

    @Test
    void unknownPurposesAndRawIdentifiersAreRefused() {
        fails(consent(ANN, "selling", true), "field 'purpose'");
        fails(ledger.call(ledger.commerce, ConsentContract.ID, ConsentContract.SET,
                ConsentContract.setArgs("ann@example.com".getBytes(), ConsentContract.MARKETING, true)),
                "field 'subject'");
    }

    @Test
    void accessEntriesAreAppendedPerPersonInBatchesWithTheirTransaction() {
        List<AccessAuditContract.Entry> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batch.add(new AccessAuditContract.Entry(ANN, "merchant:7", "fulfilment", List.of("address.line1",
                    "address.city"), 1_000L + i));
        }
        batch.add(new AccessAuditContract.Entry(BOB, "service:notifier", "password-reset", List.of("email"), 5L));
        TxResult r = ledger.call(ledger.commerce, AccessAuditContract.ID, AccessAuditContract.RECORD,
                AccessAuditContract.recordArgs(batch));
        assertTrue(r.ok(), r::toString);
        CborMap ann = ledger.query(AccessAuditContract.ID, AccessAuditContract.LIST,
                AccessAuditContract.listArgs(ANN, 1, 10));
        assertEquals(3, ann.integer("count"));
        CborMap first = CborMap.of((java.util.Map<String, ?>) ann.list("entries").get(0));
        assertEquals("merchant:7", first.text("accessor"));
        assertEquals(64, first.text("transaction").length());
        CborMap page = ledger.query(AccessAuditContract.ID, AccessAuditContract.LIST,
                AccessAuditContract.listArgs(ANN, 3, 10));
        assertEquals(1, page.list("entries").size());
        assertEquals(1, ledger.query(AccessAuditContract.ID, AccessAuditContract.LIST,
                AccessAuditContract.listArgs(BOB, 1, 10)).integer("count"));
        fails(ledger.call(ledger.commerce, AccessAuditContract.ID, AccessAuditContract.RECORD,
                AccessAuditContract.recordArgs(List.of())), "field 'entries'");
        fails(ledger.call(ledger.commerce, AccessAuditContract.ID, AccessAuditContract.RECORD,
                AccessAuditContract.recordArgs(List.of(new AccessAuditContract.Entry(new byte[5], "x", "y",
                        List.of(), 0)))), "field 'subject'");
        assertEquals(3, ledger.query(AccessAuditContract.ID, AccessAuditContract.LIST,
                AccessAuditContract.listArgs(ANN, 1, 10)).integer("count"), "a failed batch records nothing");
    }
}
