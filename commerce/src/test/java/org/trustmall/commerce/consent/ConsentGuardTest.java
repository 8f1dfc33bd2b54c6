package org.trustmall.commerce.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;

/** The consent guards, purpose by purpose, on a real ledger: defaults, grants, withdrawals taking effect at once. */
class ConsentGuardTest {
    @TempDir
    Path dir;
    private TestCommerce t;
    private ConsentService consents;
    private Actor ann;

    @BeforeEach
    void open() {
        t = TestCommerce.open(TestDatabases.Kind.H2, dir);
        consents = t.commerce().consents();
        ann = t.buyer("ann");
    }

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void personalisationIsOnByDefaultAndTheOthersOffUntilGranted() {
        assertTrue(consents.allows(ann.accountId(), ConsentService.PERSONALISATION));
        for (String p : new String[] {ConsentService.MARKETING, ConsentService.ANALYTICS, ConsentService.EXTERNAL_AI}) {
            assertFalse(consents.allows(ann.accountId(), p), p);
            consents.set(ann, p, true);
            assertTrue(consents.allows(ann.accountId(), p), p);
            consents.set(ann, p, false);
            assertFalse(consents.allows(ann.accountId(), p), p + " withdrawn counts at once");
        }
        consents.set(ann, ConsentService.PERSONALISATION, false);
        assertFalse(consents.allows(ann.accountId(), ConsentService.PERSONALISATION));
        assertEquals(2, consents.list(ann).get(1).version(), "marketing: granted, then withdrawn");
        assertEquals("purpose", assertThrows(CommerceException.InvalidInput.class,
                () -> consents.set(ann, "resale", true)).field());
    }

    @Test
    void textLeavesForAnExternalAiOnlyWithConsentAndAlwaysRedacted() {
        String text = "Please ship to ann@example.com, call 13812345678";
        ExternalAiGate gate = t.commerce().externalAi();
        assertThrows(CommerceException.Forbidden.class, () -> gate.outbound(ann.accountId(), text));
        consents.set(ann, ConsentService.EXTERNAL_AI, true);
        String out = gate.outbound(ann.accountId(), text);
        assertFalse(out.contains("ann@example.com") || out.contains("13812345678"), out);
        assertTrue(out.contains("[EMAIL]") && out.contains("[PHONE]"), out);
        consents.set(ann, ConsentService.EXTERNAL_AI, false);
        assertThrows(CommerceException.Forbidden.class, () -> gate.outbound(ann.accountId(), text));
    }
}
