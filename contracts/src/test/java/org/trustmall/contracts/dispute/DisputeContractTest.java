package org.trustmall.contracts.dispute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.contracts.testing.PlatformLedger;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;

/** Disputes on a real ledger: arbiters sign their own votes; the escrow waits for, then carries out, the verdict. */
class DisputeContractTest {
    private static final byte[] BUYER = filled(7);
    private static final byte[] GROUNDS = filled(9);
    private static final long TIMEOUT = Duration.ofDays(14).toMillis();

    @TempDir
    Path dir;
    private PlatformLedger ledger;
    private SigningKey a1;
    private SigningKey a2;
    private SigningKey a3;

    @BeforeEach
    void open() {
        ledger = PlatformLedger.create(dir);
        a1 = ledger.register("arbiter-1");
        a2 = ledger.register("arbiter-2");
        a3 = ledger.register("arbiter-3");
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private static byte[] filled(int seed) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) seed);
        return b;
    }

    private List<byte[]> panel() {
        return List.of(a1.publicKey().bytes(), a2.publicKey().bytes(), a3.publicKey().bytes());
    }

    private CborMap lock(String order, long amount) {
        return ok(ledger.call(ledger.commerce, EscrowContract.ID, EscrowContract.LOCK,
                EscrowContract.lockArgs(order, BUYER, "merchant-1", amount, "EUR", TIMEOUT)));
    }

    private TxResult escrow(SigningKey signer, String method, byte[] args) {
        return ledger.call(signer, EscrowContract.ID, method, args);
    }

    private TxResult dispute(SigningKey signer, String method, byte[] args) {
        return ledger.call(signer, DisputeContract.ID, method, args);
    }

    private TxResult openDispute(String id, String order) {
        return dispute(ledger.commerce, DisputeContract.OPEN,
                DisputeContract.openArgs(id, order, GROUNDS, panel(), 2, 3));
    }

    private CborMap escrowOf(String order) {
        return ledger.query(EscrowContract.ID, EscrowContract.GET, EscrowContract.getArgs(order));
    }

    private long balance() {
        return ledger.query(EscrowContract.ID, EscrowContract.BALANCE,
                EscrowContract.balanceArgs("merchant-1", "EUR")).integer("balance");
    }

    private static CborMap ok(TxResult r) {
        TxResult.Succeeded s = assertInstanceOf(TxResult.Succeeded.class, r, r::toString);
        return CborMap.parse(s.value());
    }

    private static String fails(TxResult r, String... expected) {
        TxResult.Failed f = assertInstanceOf(TxResult.Failed.class, r, "expected the call to fail");
        for (String e : expected) {
            assertTrue(f.reason().contains(e), () -> "reason '" + f.reason() + "' does not mention " + e);
        }
        return f.reason();
    }

    @Test
    void twoOfThreeArbitersDecideARefundAndTheEscrowCarriesItOutExactlyOnce() {
        lock("o1", 900);
        CborMap opened = ok(openDispute("d1", "o1"));
        assertEquals("OPEN", opened.text("state"));
        assertEquals(2, opened.integer("votes_needed"));
        assertTrue(Arrays.equals(BUYER, opened.bytes("claimant")), "the claimant is the escrow's buyer");

        // While the dispute is open the money does not move, by anyone's hand.
        CborMap held = escrowOf("o1");
        fails(escrow(ledger.commerce, EscrowContract.RELEASE, EscrowContract.releaseArgs("o1")), "under dispute 'd1'");
        fails(escrow(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs("o1", 5)), "under dispute");
        ok(escrow(ledger.commerce, EscrowContract.MARK_DELIVERED, EscrowContract.markDeliveredArgs("o1")));
        ledger.advance(Duration.ofMillis(2 * TIMEOUT));
        fails(escrow(ledger.courier, EscrowContract.RELEASE_EXPIRED, EscrowContract.releaseExpiredArgs("o1")),
                "under dispute");
        fails(escrow(ledger.courier, EscrowContract.SETTLE, EscrowContract.settleArgs("o1")), "no resolved dispute");
        assertEquals(held.integer("refunded"), escrowOf("o1").integer("refunded"));

        fails(dispute(ledger.support, DisputeContract.VOTE, DisputeContract.refundVoteArgs("d1", 600)),
                "not an appointed arbiter");
        fails(dispute(a1, DisputeContract.VOTE, DisputeContract.refundVoteArgs("d1", 901)), "field 'amount'");
        assertEquals("OPEN", ok(dispute(a1, DisputeContract.VOTE, DisputeContract.refundVoteArgs("d1", 600)))
                .text("state"));
        fails(dispute(a1, DisputeContract.VOTE, DisputeContract.releaseVoteArgs("d1")), "already voted");
        CborMap resolved = ok(dispute(a2, DisputeContract.VOTE, DisputeContract.refundVoteArgs("d1", 600)));
        assertEquals("RESOLVED", resolved.text("state"));
        assertEquals("refund", resolved.text("outcome"));
        assertEquals(600, resolved.integer("refund"));
        fails(dispute(a3, DisputeContract.VOTE, DisputeContract.releaseVoteArgs("d1")), "RESOLVED",
                "no longer taken");

        fails(escrow(ledger.commerce, EscrowContract.RELEASE, EscrowContract.releaseArgs("o1")), "not settled");
        CborMap settled = ok(escrow(ledger.courier, EscrowContract.SETTLE, EscrowContract.settleArgs("o1")));
        assertEquals("RELEASED", settled.text("state"));
        assertEquals(600, settled.integer("refunded"));
        assertEquals(300, settled.integer("released_amount"));
        assertEquals("dispute", settled.text("release_reason"));
        assertEquals("d1", settled.text("settled_dispute"));
        assertEquals(300, balance());
        fails(escrow(ledger.courier, EscrowContract.SETTLE, EscrowContract.settleArgs("o1")), "already settled");

        ledger.reopen(); // replaying recomputes every state root, cross-contract reads included
        assertEquals(settled, escrowOf("o1"));
    }

    @Test
    void aFullRefundVerdictRefundsTheEscrowAndAReleaseVerdictPaysTheMerchant() {
        lock("full", 500);
        ok(openDispute("d-full", "full"));
        ok(dispute(a1, DisputeContract.VOTE, DisputeContract.refundVoteArgs("d-full", 500)));
        ok(dispute(a3, DisputeContract.VOTE, DisputeContract.refundVoteArgs("d-full", 500)));
        CborMap refunded = ok(escrow(ledger.courier, EscrowContract.SETTLE, EscrowContract.settleArgs("full")));
        assertEquals("REFUNDED", refunded.text("state"));
        assertEquals(0, balance());

        lock("rel", 200);
        ok(openDispute("d-rel", "rel"));
        ok(dispute(a2, DisputeContract.VOTE, DisputeContract.releaseVoteArgs("d-rel")));
        ok(dispute(a3, DisputeContract.VOTE, DisputeContract.releaseVoteArgs("d-rel")));
        CborMap released = ok(escrow(ledger.commerce, EscrowContract.SETTLE, EscrowContract.settleArgs("rel")));
        assertEquals("RELEASED", released.text("state"));
        assertEquals(0, released.integer("refunded"));
        assertEquals(200, balance());
    }

    @Test
    void aDisputeAfterReleaseRefundsFromTheMerchantsBalance() {
        lock("o", 1000);
        ok(escrow(ledger.commerce, EscrowContract.RELEASE, EscrowContract.releaseArgs("o")));
        assertEquals(1000, balance());
        ok(openDispute("late", "o"));
        ok(dispute(a1, DisputeContract.VOTE, DisputeContract.refundVoteArgs("late", 250)));
        ok(dispute(a2, DisputeContract.VOTE, DisputeContract.refundVoteArgs("late", 250)));
        CborMap settled = ok(escrow(ledger.commerce, EscrowContract.SETTLE, EscrowContract.settleArgs("o")));
        assertEquals("RELEASED", settled.text("state"));
        assertEquals(250, settled.integer("refunded"));
        assertEquals(750, balance());
    }

    @Test
    void splitVotesEndUnresolvedAndFreeTheEscrowForANewPanel() {
        lock("split", 300);
        ok(openDispute("s1", "split"));
        ok(dispute(a1, DisputeContract.VOTE, DisputeContract.refundVoteArgs("s1", 300)));
        ok(dispute(a2, DisputeContract.VOTE, DisputeContract.refundVoteArgs("s1", 100)));
        CborMap last = ok(dispute(a3, DisputeContract.VOTE, DisputeContract.releaseVoteArgs("s1")));
        assertEquals("UNRESOLVED", last.text("state"));
        assertEquals(3, last.list("tally").size());
        ok(openDispute("s2", "split"));
        fails(openDispute("s3", "split"), "already has dispute 's2'");
        ok(dispute(ledger.platform, DisputeContract.WITHDRAW, DisputeContract.withdrawArgs("s2")));
        ok(escrow(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs("split", 10)));
    }

    @Test
    void openingIsCheckedAgainstTheEscrowAndThePanel() {
        fails(openDispute("x", "no-such-order"), "has no escrow");
        lock("o", 100);
        fails(dispute(ledger.courier, DisputeContract.OPEN, DisputeContract.openArgs("x", "o", GROUNDS, panel(), 2, 3)),
                "only the organisation holding its escrow");
        byte[] k = a1.publicKey().bytes();
        fails(dispute(ledger.commerce, DisputeContract.OPEN, DisputeContract.openArgs("x", "o", GROUNDS,
                List.of(k, k), 2, 3)), "appointed once");
        fails(dispute(ledger.commerce, DisputeContract.OPEN, DisputeContract.openArgs("x", "o", GROUNDS, panel(),
                3, 2)), "threshold");
        fails(dispute(ledger.commerce, DisputeContract.OPEN, DisputeContract.openArgs("x", "o", GROUNDS, List.of(),
                1, 1)), "arbiters");
        fails(dispute(ledger.commerce, DisputeContract.OPEN, DisputeContract.openArgs("x", "o", new byte[5],
                panel(), 2, 3)), "field 'grounds'");
        ok(escrow(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs("o")));
        fails(openDispute("x", "o"), "refunded in full");
        lock("p", 100);
        ok(openDispute("x", "p"));
        fails(openDispute("x", "p"), "already exists");
    }

    @Test
    void payoutsDebitTheBalanceNeverBelowZeroOncePerIdAndOnlyByTheCreditingOrganisation() {
        lock("o", 800);
        ok(escrow(ledger.commerce, EscrowContract.RELEASE, EscrowContract.releaseArgs("o")));
        fails(escrow(ledger.courier, EscrowContract.PAYOUT, EscrowContract.payoutArgs("p1", "merchant-1", "EUR", 100)),
                "may not pay out");
        fails(escrow(ledger.commerce, EscrowContract.PAYOUT, EscrowContract.payoutArgs("p1", "merchant-1", "EUR", 801)),
                "exceeds the balance of 800");
        fails(escrow(ledger.commerce, EscrowContract.PAYOUT, EscrowContract.payoutArgs("p1", "merchant-1", "USD", 1)),
                "no USD balance");
        CborMap paid = ok(escrow(ledger.commerce, EscrowContract.PAYOUT,
                EscrowContract.payoutArgs("p1", "merchant-1", "EUR", 500)));
        assertEquals(300, paid.integer("balance_after"));
        fails(escrow(ledger.commerce, EscrowContract.PAYOUT, EscrowContract.payoutArgs("p1", "merchant-1", "EUR", 1)),
                "already made");
        // A refund after release may take the balance below zero: the merchant then owes the platform.
        ok(escrow(ledger.commerce, EscrowContract.REFUND, EscrowContract.refundArgs("o", 400)));
        CborMap balance = ledger.query(EscrowContract.ID, EscrowContract.BALANCE,
                EscrowContract.balanceArgs("merchant-1", "EUR"));
        assertEquals(-100, balance.integer("balance"));
        assertEquals(800, balance.integer("released"));
        assertEquals(400, balance.integer("refunded"));
        assertEquals(500, balance.integer("paid_out"));
        fails(escrow(ledger.commerce, EscrowContract.PAYOUT, EscrowContract.payoutArgs("p2", "merchant-1", "EUR", 1)),
                "exceeds");
        assertFalse(ledger.query(EscrowContract.ID, EscrowContract.PAYOUT_RECORD,
                EscrowContract.payoutRecordArgs("p1")).text("paid_by").isEmpty());
        // The bank returned the payout: the balance is credited back, once.
        fails(escrow(ledger.courier, EscrowContract.REVERSE_PAYOUT, EscrowContract.reversePayoutArgs("p1")),
                "may not reverse");
        ok(escrow(ledger.commerce, EscrowContract.REVERSE_PAYOUT, EscrowContract.reversePayoutArgs("p1")));
        assertEquals(400, balance());
        fails(escrow(ledger.commerce, EscrowContract.REVERSE_PAYOUT, EscrowContract.reversePayoutArgs("p1")),
                "already reversed");
    }
}
