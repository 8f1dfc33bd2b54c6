package org.trustmall.contracts.escrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.contracts.testing.PlatformLedger;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;

/** The escrow contract on a real ledger, signed by the platform's commerce role unless a test says otherwise. */
class EscrowContractTest {
    private static final byte[] BUYER = commitment(7);
    private static final long TIMEOUT = Duration.ofDays(14).toMillis();

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

    private static byte[] commitment(int seed) {
        byte[] b = new byte[EscrowContract.BUYER_COMMITMENT_BYTES];
        Arrays.fill(b, (byte) seed);
        return b;
    }

    private TxResult call(SigningKey signer, String method, byte[] args) {
        return ledger.call(signer, EscrowContract.ID, method, args);
    }

    private TxResult lock(String order, long amount) {
        return call(ledger.commerce, EscrowContract.LOCK,
                EscrowContract.lockArgs(order, BUYER, "merchant-42", amount, "EUR", TIMEOUT));
    }

    private CborMap get(String order) {
        return ledger.query(EscrowContract.ID, EscrowContract.GET, EscrowContract.getArgs(order));
    }

    private static CborMap ok(TxResult r) {
        TxResult.Succeeded s = assertInstanceOf(TxResult.Succeeded.class, r, r::toString);
        return CborMap.parse(s.value());
    }

    /** The failure's reason, after checking that it contains every one of {@code expected}. */
    private static String fails(TxResult r, String... expected) {
        TxResult.Failed f = assertInstanceOf(TxResult.Failed.class, r, "expected the call to fail");
        for (String e : expected) {
            assertTrue(f.reason().contains(e), () -> "reason '" + f.reason() + "' does not mention " + e);
        }
        return f.reason();
    }

    private void assertNoEscrow(String order) {
        ContractFailure f = assertThrows(ContractFailure.class, () -> get(order));
        assertTrue(f.getMessage().contains("has no escrow"), f::getMessage);
    }

    @Test
    void aLockedEscrowIsReleasedWhenTheBuyerConfirms() {
        long lockedAt = ledger.now();
        CborMap locked = ok(lock("order-1", 12_999));
        assertEquals(locked, get("order-1"), "each call returns the escrow as get shows it");
        assertEquals("order-1", locked.text("order"));
        assertArrayEquals(BUYER, locked.bytes("buyer"));
        assertEquals("merchant-42", locked.text("merchant"));
        assertEquals(12_999, locked.integer("amount"));
        assertEquals("EUR", locked.text("currency"));
        assertEquals(0, locked.integer("refunded"));
        assertEquals("LOCKED", locked.text("state"));
        assertEquals(lockedAt, locked.integer("locked_at"), "locked_at is block time");
        assertEquals(lockedAt + TIMEOUT, locked.integer("release_after"));
        assertEquals("platform/commerce", locked.text("locked_by"));
        assertFalse(locked.has("delivered_at"));
        assertFalse(locked.has("released_at"));

        ledger.advance(Duration.ofHours(3));
        ok(call(ledger.commerce, EscrowContract.RELEASE, EscrowContract.releaseArgs("order-1")));
        CborMap released = get("order-1");
        assertEquals("RELEASED", released.text("state"));
        assertEquals(ledger.now(), released.integer("released_at"));
        assertEquals("confirmed", released.text("release_reason"));
        assertEquals(12_999, released.integer("amount"));
        assertEquals(0, released.integer("refunded"));
    }

    @Test
    void aFullRefundEndsTheEscrow() {
        ok(lock("order-2", 5_000));
        CborMap refunded = ok(call(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs("order-2")));
        assertEquals("REFUNDED", refunded.text("state"));
        assertEquals(5_000, refunded.integer("refunded"));
        assertEquals(ledger.now(), refunded.integer("refunded_at"));
        assertEquals(refunded, get("order-2"));
    }

    @Test
    void partialRefundsAddUpAndAnOverRefundFailsAndChangesNothing() {
        ok(lock("order-3", 1_000));
        ok(call(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs("order-3", 300)));
        CborMap afterTwo = ok(call(ledger.commerce, EscrowContract.REFUND,
                EscrowContract.refundArgs("order-3", 200)));
        assertEquals("LOCKED", afterTwo.text("state"), "a partial refund keeps the rest locked");
        assertEquals(500, afterTwo.integer("refunded"));
        assertFalse(afterTwo.has("refunded_at"));

        fails(call(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs("order-3", 501)),
                "'amount'", "501", "500");
        assertEquals(afterTwo, get("order-3"));

        CborMap done = ok(call(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs("order-3", 500)));
        assertEquals("REFUNDED", done.text("state"), "refunds that reach the amount end the escrow");
        assertEquals(1_000, done.integer("refunded"));
    }

    @Test
    void whatRemainsAfterAPartialRefundIsReleasedToTheMerchant() {
        ok(lock("order-4", 1_000));
        ok(call(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs("order-4", 250)));
        CborMap released = ok(call(ledger.commerce, EscrowContract.RELEASE, EscrowContract.releaseArgs("order-4")));
        assertEquals("RELEASED", released.text("state"));
        assertEquals(250, released.integer("refunded"));
    }

    @Test
    void releaseExpiredNeedsDeliveryAndThenThePassingOfTheDeadlineAndAnyoneMayCallIt() {
        ok(lock("order-5", 7_000));
        ledger.advance(Duration.ofDays(30)); // past locked_at + timeout, but nothing was delivered
        fails(call(ledger.courier, EscrowContract.RELEASE_EXPIRED, EscrowContract.releaseExpiredArgs("order-5")),
                "not been marked delivered");

        long deliveredAt = ledger.now();
        CborMap delivered = ok(call(ledger.commerce, EscrowContract.MARK_DELIVERED,
                EscrowContract.markDeliveredArgs("order-5")));
        assertEquals(deliveredAt, delivered.integer("delivered_at"));
        assertEquals(deliveredAt + TIMEOUT, delivered.integer("release_after"),
                "delivery restarts the buyer's window");

        ledger.advance(Duration.ofMillis(TIMEOUT - 1));
        fails(call(ledger.courier, EscrowContract.RELEASE_EXPIRED, EscrowContract.releaseExpiredArgs("order-5")),
                "release", String.valueOf(deliveredAt + TIMEOUT));
        assertEquals(delivered, get("order-5"));

        ledger.advance(Duration.ofMillis(1));
        CborMap released = ok(call(ledger.courier, EscrowContract.RELEASE_EXPIRED,
                EscrowContract.releaseExpiredArgs("order-5")));
        assertEquals("RELEASED", released.text("state"));
        assertEquals("timeout", released.text("release_reason"));
        assertEquals(deliveredAt + TIMEOUT, released.integer("released_at"));
        assertEquals("platform/commerce", released.text("locked_by"), "the caller does not take the escrow over");
    }

    @Test
    void aSecondLockOfTheSameOrderFailsWhoeverSignsIt() {
        CborMap first = ok(lock("order-6", 100));
        fails(lock("order-6", 999), "already has an escrow");
        fails(call(ledger.courier, EscrowContract.LOCK,
                EscrowContract.lockArgs("order-6", commitment(9), "m", 1, "USD", TIMEOUT)), "already has an escrow");
        ok(call(ledger.commerce, EscrowContract.RELEASE, EscrowContract.releaseArgs("order-6")));
        fails(lock("order-6", 100), "already has an escrow", "RELEASED");
        assertEquals("RELEASED", get("order-6").text("state"));
        assertEquals(first.integer("amount"), get("order-6").integer("amount"));
    }

    @Test
    void onlyTheLockingRoleOrItsOrganisationKeyMayActOnAnEscrow() {
        CborMap locked = ok(lock("order-7", 800));
        for (SigningKey outsider : new SigningKey[] {ledger.courier, ledger.support}) {
            String who = outsider == ledger.courier ? "courier/org" : "platform/support";
            fails(call(outsider, EscrowContract.RELEASE, EscrowContract.releaseArgs("order-7")), who,
                    "platform/commerce");
            fails(call(outsider, EscrowContract.REFUND, EscrowContract.refundArgs("order-7")), who);
            fails(call(outsider, EscrowContract.REFUND, EscrowContract.refundArgs("order-7", 1)), who);
            fails(call(outsider, EscrowContract.MARK_DELIVERED, EscrowContract.markDeliveredArgs("order-7")), who);
        }
        assertEquals(locked, get("order-7"));

        CborMap refunded = ok(call(ledger.platform, EscrowContract.REFUND, EscrowContract.refundArgs("order-7", 1)));
        assertEquals(1, refunded.integer("refunded"), "the locker's organisation key may act");
        assertEquals("platform/commerce", refunded.text("locked_by"));
    }

    @Test
    void everyIllegalTransitionFailsNamingTheCurrentState() {
        ok(lock("released", 100));
        ok(call(ledger.commerce, EscrowContract.MARK_DELIVERED, EscrowContract.markDeliveredArgs("released")));
        fails(call(ledger.commerce, EscrowContract.MARK_DELIVERED, EscrowContract.markDeliveredArgs("released")),
                "already marked delivered");
        ok(call(ledger.commerce, EscrowContract.RELEASE, EscrowContract.releaseArgs("released")));
        ok(lock("refunded", 100));
        ok(call(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs("refunded")));
        ledger.advance(Duration.ofMillis(2 * TIMEOUT));

        for (String order : new String[] {"released", "refunded"}) {
            CborMap before = get(order);
            String state = before.text("state");
            assertEquals(order.toUpperCase(), state);
            String is = "escrow for order '" + order + "' is " + state;
            fails(call(ledger.commerce, EscrowContract.RELEASE, EscrowContract.releaseArgs(order)), is,
                    "cannot release");
            if (order.equals("refunded")) {
                fails(call(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs(order)), is,
                        "cannot refund");
                fails(call(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs(order, 1)), is);
            } else {
                fails(call(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs(order, 101)),
                        "exceeds the 100 not yet refunded");
            }
            fails(call(ledger.commerce, EscrowContract.MARK_DELIVERED, EscrowContract.markDeliveredArgs(order)), is,
                    "cannot mark-delivered");
            fails(call(ledger.courier, EscrowContract.RELEASE_EXPIRED, EscrowContract.releaseExpiredArgs(order)), is,
                    "cannot release-expired");
            assertEquals(before, get(order));
        }
    }

    @Test
    void replayingTheLedgerRebuildsEveryEscrowExactly() {
        ok(lock("a", 100));
        ok(call(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs("a", 40)));
        ok(call(ledger.commerce, EscrowContract.MARK_DELIVERED, EscrowContract.markDeliveredArgs("a")));
        ok(lock("b", 100));
        ok(call(ledger.commerce, EscrowContract.RELEASE, EscrowContract.releaseArgs("b")));
        fails(call(ledger.courier, EscrowContract.REFUND, EscrowContract.refundArgs("a")), "may not");
        CborMap a = get("a");
        CborMap b = get("b");
        ledger.reopen();
        assertEquals(a, get("a"));
        assertEquals(b, get("b"));
    }

    @Test
    void callsOnAnOrderWithoutEscrowFail() {
        fails(call(ledger.commerce, EscrowContract.RELEASE, EscrowContract.releaseArgs("nothing")),
                "order 'nothing' has no escrow");
        fails(call(ledger.commerce, "steal", EscrowContract.releaseArgs("nothing")), "no method 'steal'");
        assertNoEscrow("nothing");
        assertThrows(ContractFailure.class, () -> ledger.query(EscrowContract.ID, "list", CborMap.builder().build()));
    }

    private TxResult lockWith(String field, Object value) {
        CborMap.Builder b = CborMap.builder();
        CborMap good = CborMap.parse(EscrowContract.lockArgs("bad-args", BUYER, "m", 100, "EUR", TIMEOUT));
        for (String f : good.fields()) {
            if (!f.equals(field)) {
                b.put(f, switch (f) {
                    case "buyer" -> good.bytes(f);
                    case "amount", "timeout_ms" -> good.integer(f);
                    default -> good.text(f);
                });
            }
        }
        if (value != null) {
            b.put(field, value);
        }
        return call(ledger.commerce, EscrowContract.LOCK, b.build().encode());
    }

    @Test
    void badArgumentsFailNamingTheFieldAndWriteNothing() {
        fails(lockWith("buyer", new byte[31]), "'buyer'", "32", "31");
        fails(lockWith("buyer", "not bytes"), "'buyer'", "expected bytes");
        fails(lockWith("buyer", null), "'buyer'", "missing");
        fails(lockWith("amount", 0L), "'amount'", "> 0");
        fails(lockWith("amount", -5L), "'amount'");
        fails(lockWith("amount", "100"), "'amount'", "expected integer, got text");
        fails(lockWith("currency", "eur"), "'currency'");
        fails(lockWith("currency", "EURO"), "'currency'");
        fails(lockWith("currency", "€UR"), "'currency'");
        fails(lockWith("currency", 978L), "'currency'", "expected text");
        fails(lockWith("timeout_ms", EscrowContract.MIN_TIMEOUT_MS - 1), "'timeout_ms'");
        fails(lockWith("timeout_ms", EscrowContract.MAX_TIMEOUT_MS + 1), "'timeout_ms'");
        fails(lockWith("merchant", ""), "'merchant'");
        fails(lockWith("merchant", "m".repeat(101)), "'merchant'");
        fails(lockWith("order", ""), "'order'");
        fails(lockWith("order", "x\u0000y"), "'order'");
        fails(lockWith("order", "\u4e2d".repeat(100)), "'order'", "UTF-8 bytes");
        fails(lockWith("amout", 100L), "'amout'", "not an argument of lock");
        assertNoEscrow("bad-args");

        assertTrue(lockWith("timeout_ms", EscrowContract.MAX_TIMEOUT_MS).ok(), "the bounds are inclusive");
        ok(lock("o".repeat(100), 1));
        ok(lock("\u4e2d".repeat(66), 1));
        fails(call(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs("bad-args", 0)), "'amount'",
                "> 0");
        fails(call(ledger.commerce, EscrowContract.REFUND,
                CborMap.builder().put("order", "bad-args").put("amount", "all").build().encode()), "'amount'");
        fails(call(ledger.commerce, EscrowContract.REFUND,
                CborMap.builder().put("order", "bad-args").put("amt", 1L).build().encode()), "'amt'");
        fails(call(ledger.commerce, EscrowContract.RELEASE, CborMap.builder().put("order", 5L).build().encode()),
                "'order'");
        assertEquals(0, get("bad-args").integer("refunded"));
    }
}
